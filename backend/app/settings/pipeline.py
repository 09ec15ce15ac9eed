"""The request pipeline's knobs an admin can turn: re-search schedule, stall detection, seeding goals.

Stored under the "pipeline" setting; `pipeline_settings()` is what the workers read (defaults fill
anything never set, so a fresh install behaves sensibly).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from app.input_types import Text
from app.settings.service import get_setting, put_setting

PIPELINE_SETTING = "pipeline"


class PipelineSettings(BaseModel):
    """How often and how long to look again for what was not found, when a download counts as stalled,
    and how long finished torrents keep seeding (the qBittorrent category is in the qBittorrent settings)."""

    model_config = ConfigDict(extra="forbid")

    research_interval_hours: float = Field(default=6, ge=0.25, le=24 * 7)
    research_window_days: int = Field(default=14, ge=1, le=365)
    stalled_threshold_minutes: int = Field(default=120, ge=5, le=7 * 24 * 60)
    # Seeding stops at whichever goal is met first; None means no goal of that kind.
    seeding_ratio_goal: float | None = Field(default=1.0, ge=0, le=100)
    seeding_minutes_goal: int | None = Field(default=7 * 24 * 60, ge=0, le=365 * 24 * 60)
    # Releases given up on (nothing importable, broken) before the request fails with a plain reason.
    max_failed_releases: int = Field(default=5, ge=1, le=50)
    # How long after a film first arrives a better copy is looked for, daily, until the profile's
    # cutoff is reached; 0: never.
    upgrade_window_days: int = Field(default=30, ge=0, le=365)
    # How long after the end of an episode's air day a followed show's new episode is searched: its
    # releases are rarely out before.
    new_episode_delay_hours: float = Field(default=6, ge=0, le=7 * 24)
    # A folder beside Movies/ for films asked for in 4K (a 2160p profile), so Plex lists both copies when
    # a library of its own points at it ("Movies 4K"); None: 4K copies go to Movies/ like the others.
    movies_4k_folder: Annotated[Text, Field(min_length=1, max_length=64)] | None = None

    @field_validator("movies_4k_folder")
    @classmethod
    def _a_folder_name(cls, value: str | None) -> str | None:
        if value is not None and (value.strip(". ") == "" or "/" in value or "\\" in value):
            raise ValueError("a folder's name, beside Movies/")
        return value

    @property
    def research_interval(self) -> timedelta:
        """Time between two searches for a request that found nothing."""
        return timedelta(hours=self.research_interval_hours)

    @property
    def research_window(self) -> timedelta:
        """How long after the request the scheduled re-searches go on before it is given up."""
        return timedelta(days=self.research_window_days)

    @property
    def upgrade_window(self) -> timedelta:
        """How long after its first import a film below its profile's cutoff is searched again."""
        return timedelta(days=self.upgrade_window_days)

    @property
    def new_episode_delay(self) -> timedelta:
        """How long after the end of its air day a followed show's episode is searched."""
        return timedelta(hours=self.new_episode_delay_hours)

    @property
    def stalled_threshold(self) -> timedelta:
        """How long a download may make no progress before it counts as stalled."""
        return timedelta(minutes=self.stalled_threshold_minutes)


def _from_stored(raw: Any) -> PipelineSettings:
    """Stored values over the defaults; a value that no longer validates falls back to its default."""
    values = dict(raw) if isinstance(raw, dict) else {}
    known = {k: v for k, v in values.items() if k in PipelineSettings.model_fields}
    try:
        return PipelineSettings.model_validate(known)
    except ValidationError as exc:
        bad = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        return PipelineSettings.model_validate({k: v for k, v in known.items() if k not in bad})


async def pipeline_settings(session: AsyncSession) -> PipelineSettings:
    """The pipeline knobs in force (defaults for anything an admin never set)."""
    return _from_stored(await get_setting(session, PIPELINE_SETTING))


async def save_pipeline_settings(session: AsyncSession, values: PipelineSettings) -> PipelineSettings:
    """Store the knobs (committed) and return them."""
    await put_setting(session, PIPELINE_SETTING, values.model_dump())
    await session.commit()
    return values
