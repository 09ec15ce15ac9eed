"""The sync's knobs an admin edits (setting "plex_sync"): when it runs, and which sections it mirrors.

Beat's table starts with the default entries (app.celery_app); Beat then swaps in the stored setting at start
and re-reads it every minute (app.celery_app.beat), so an edited schedule applies without restarting anything.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from celery.schedules import crontab
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names as tasks
from app.input_types import Text
from app.settings.service import get_setting

log = logging.getLogger(__name__)

PLEX_SYNC_SETTING = "plex_sync"
INCREMENTAL_ENTRY, FULL_ENTRY = "plex-sync-hourly", "plex-sync-daily-full"
EDITABLE_ENTRIES = (INCREMENTAL_ENTRY, FULL_ENTRY)
# A sync that could not start in time is dropped rather than piled up behind the next one.
INCREMENTAL_EXPIRES_S = 55 * 60
FULL_EXPIRES_S = 6 * 3600


def _cron(value: str | None) -> str | None:
    """A five-field cron expression (minute hour day-of-month month day-of-week), or None for "off"."""
    if value is None:
        return None
    text = " ".join(value.split())
    if len(text.split(" ")) != 5:
        raise ValueError("a schedule has five fields: minute hour day-of-month month day-of-week")
    try:
        crontab.from_string(text)
    except (ValueError, IndexError) as exc:
        raise ValueError(f"not a valid schedule: {exc}") from exc
    return text


Cron = Annotated[Annotated[Text, Field(max_length=200)] | None, AfterValidator(_cron)]


class PlexSyncSettings(BaseModel):
    """When the incremental and full syncs run (cron, in the household's time zone), and what they mirror."""

    model_config = ConfigDict(extra="forbid")

    incremental_cron: Cron = "0 * * * *"
    full_cron: Cron = "0 3 * * *"
    # Section keys to mirror; None mirrors every movie and show section.
    sections: Annotated[
        list[Annotated[Text, Field(min_length=1, max_length=32)]] | None, Field(max_length=100)
    ] = None


def parse_sync_settings(raw: Any) -> PlexSyncSettings:
    """The stored value as settings; a missing or broken one gives the defaults (logged)."""
    if raw is None:
        return PlexSyncSettings()
    try:
        return PlexSyncSettings.model_validate(raw)
    except ValidationError as exc:
        log.warning("the stored %r setting is unusable, using the defaults: %s", PLEX_SYNC_SETTING, exc)
        return PlexSyncSettings()


async def load_sync_settings(session: AsyncSession) -> PlexSyncSettings:
    """The sync settings from the database."""
    return parse_sync_settings(await get_setting(session, PLEX_SYNC_SETTING))


def beat_entries(settings: PlexSyncSettings | None = None) -> dict[str, dict[str, Any]]:
    """Beat's two sync entries (stable ids); a schedule set to None is left out."""
    settings = settings or PlexSyncSettings()
    entries: dict[str, dict[str, Any]] = {}
    for entry_id, cron, full, expires in (
        (INCREMENTAL_ENTRY, settings.incremental_cron, False, INCREMENTAL_EXPIRES_S),
        (FULL_ENTRY, settings.full_cron, True, FULL_EXPIRES_S),
    ):
        if cron is not None:
            entries[entry_id] = {
                "task": tasks.SYNC_PLEX_LIBRARY,
                "schedule": crontab.from_string(cron),
                "kwargs": {"full_sync": full},
                "options": {"expires": expires},
            }
    return entries


async def stored_beat_entries(session: AsyncSession) -> dict[str, dict[str, Any]]:
    """Beat's sync entries as the stored setting says (what app.celery_app.beat re-reads)."""
    return beat_entries(await load_sync_settings(session))
