"""Who hears about what: the admins' and each family member's notification targets, kept in settings.

"notifications" holds the admins' apprise URLs, the events each audience hears about and the admins'
language; "notification_targets" maps a profile id to that person's apprise URLs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.notifications.delivery import TargetResult, deliver, scheme_of
from app.notifications.schemas import (
    DEFAULT_ADMIN_EVENTS,
    DEFAULT_PROFILE_EVENTS,
    NotificationSettingsIn,
    NotificationSettingsOut,
    ProfileTargetsIn,
    ProfileTargetsOut,
    TargetIn,
    TargetOut,
)
from app.notifications.templates import NotificationEvent, language_of
from app.profiles.models import Profile
from app.settings.errors import SettingsRejected
from app.settings.secrets import SECRET_MARKER, secret_id
from app.settings.service import get_setting, put_setting

NOTIFICATIONS_SETTING = "notifications"
NOTIFICATION_TARGETS_SETTING = "notification_targets"

_TEST_MESSAGE = {
    "fr": ("Plex Kiosk : notification de test", "Si vous lisez ceci, les notifications arrivent bien."),
    "en": ("Plex Kiosk: test notification", "If you can read this, notifications get through."),
}


class UnknownProfile(LookupError):
    """No profile has this id."""


def target_out(url: str) -> TargetOut:
    """How a stored target is shown: its id and service, never its URL."""
    return TargetOut(id=secret_id(url), service=scheme_of(url), url=SECRET_MARKER)


def resolved(items: Iterable[TargetIn], stored: Iterable[str], field: str) -> list[str]:
    """The URLs to store for `items`: stored ones kept by id, new ones as sent, without repeats."""
    by_id = {secret_id(url): url for url in stored}
    urls: list[str] = []
    for item in items:
        if item.url is not None:
            url = item.url
        elif item.id in by_id:
            url = by_id[item.id]
        else:
            raise SettingsRejected(field, f"no stored target has the id {item.id!r}")
        if url not in urls:
            urls.append(url)
    return urls


def _events(raw: Any, default: list[NotificationEvent]) -> list[NotificationEvent]:
    if not isinstance(raw, list):
        return list(default)
    return [NotificationEvent(value) for value in raw if value in NotificationEvent._value2member_map_]


def _settings(raw: Any) -> dict[str, Any]:
    raw = raw if isinstance(raw, dict) else {}
    return {
        "admin_urls": [str(url) for url in raw.get("admin_urls") or ()],
        "admin_events": _events(raw.get("admin_events"), DEFAULT_ADMIN_EVENTS),
        "profile_events": _events(raw.get("profile_events"), DEFAULT_PROFILE_EVENTS),
        "language": language_of(raw.get("language")),
    }


async def notification_settings(session: AsyncSession) -> dict[str, Any]:
    """The stored notification settings with defaults filled in (URLs included: for delivery only)."""
    return _settings(await get_setting(session, NOTIFICATIONS_SETTING))


async def profile_urls(session: AsyncSession, profile_id: int) -> list[str]:
    """One profile's apprise URLs (for delivery only)."""
    raw = await get_setting(session, NOTIFICATION_TARGETS_SETTING) or {}
    return [str(url) for url in raw.get(str(profile_id)) or ()]


def _out(settings: dict[str, Any]) -> NotificationSettingsOut:
    return NotificationSettingsOut(
        admin_targets=[target_out(url) for url in settings["admin_urls"]],
        admin_events=settings["admin_events"],
        profile_events=settings["profile_events"],
        language=settings["language"],
    )


async def read_notification_settings(session: AsyncSession) -> NotificationSettingsOut:
    """The notification settings as an admin sees them."""
    return _out(await notification_settings(session))


async def save_notification_settings(
    session: AsyncSession, body: NotificationSettingsIn
) -> NotificationSettingsOut:
    """Store the admins' targets, the events and the language (committed)."""
    stored = await notification_settings(session)
    value = {
        "admin_urls": resolved(body.admin_targets, stored["admin_urls"], "admin_targets"),
        "admin_events": [event.value for event in dict.fromkeys(body.admin_events)],
        "profile_events": [event.value for event in dict.fromkeys(body.profile_events)],
        "language": body.language,
    }
    await put_setting(session, NOTIFICATIONS_SETTING, value)
    await session.commit()
    return _out(_settings(value))


async def list_profile_targets(session: AsyncSession) -> list[ProfileTargetsOut]:
    """Every profile with its targets, by name."""
    raw = await get_setting(session, NOTIFICATION_TARGETS_SETTING) or {}
    profiles = (await session.execute(select(Profile.id, Profile.name).order_by(Profile.name))).all()
    return [
        ProfileTargetsOut(
            profile_id=profile_id,
            name=name,
            targets=[target_out(url) for url in raw.get(str(profile_id)) or ()],
        )
        for profile_id, name in profiles
    ]


async def save_profile_targets(
    session: AsyncSession, profile_id: int, body: ProfileTargetsIn
) -> ProfileTargetsOut:
    """Store one profile's targets (committed)."""
    profile = await session.get(Profile, profile_id)
    if profile is None:
        raise UnknownProfile(profile_id)
    raw = dict(await get_setting(session, NOTIFICATION_TARGETS_SETTING) or {})
    urls = resolved(body.targets, raw.get(str(profile_id)) or (), "targets")
    if urls:
        raw[str(profile_id)] = urls
    else:
        raw.pop(str(profile_id), None)
    await put_setting(session, NOTIFICATION_TARGETS_SETTING, raw)
    await session.commit()
    return ProfileTargetsOut(profile_id=profile.id, name=profile.name, targets=[target_out(u) for u in urls])


async def send_test(session: AsyncSession, items: list[TargetIn] | None) -> list[TargetResult]:
    """Send a test message to `items` (stored targets by id, or new URLs), or to the admins' targets."""
    settings = await notification_settings(session)
    if items is None:
        urls = settings["admin_urls"]
    else:
        every_profile = await get_setting(session, NOTIFICATION_TARGETS_SETTING) or {}
        stored = [*settings["admin_urls"], *(url for urls in every_profile.values() for url in urls)]
        urls = resolved(items, stored, "targets")
    title, body = _TEST_MESSAGE[settings["language"]]
    return await deliver(urls, title, body)
