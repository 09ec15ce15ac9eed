"""Notifications in Settings: the admins' and each family member's apprise targets, who hears about what.

Stored under "notifications" as {"admin_urls", "admin_events", "profile_events", "language",
"links_base_url"} and under
"notification_targets" as {profile id: [apprise URLs]}. A target is an apprise URL, which usually embeds
a token or a password: once stored it is shown only as its service name and an id (a digest of the
URL), and a PUT keeps a stored target by sending its id. Apprise takes the URLs at delivery, so there is
no client to keep; nobody to tell is not an error, so nothing here raises NotConfigured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, cast

import apprise
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.input_types import Text
from app.notifications.delivery import TargetResult, deliver, scheme_of
from app.notifications.templates import NotificationEvent, language_of
from app.profiles.models import Profile
from app.settings.errors import SettingsRejected
from app.settings.schemas import HttpUrl
from app.settings.secrets import SECRET_MARKER, SecretState, secret_id
from app.settings.service import get_setting, put_setting

NOTIFICATIONS_SETTING = "notifications"
NOTIFICATION_TARGETS_SETTING = "notification_targets"

E = NotificationEvent
# Admins hear what may need them; the requester hears how their request is going.
DEFAULT_ADMIN_EVENTS = [E.REQUESTED, E.FAILED]
DEFAULT_PROFILE_EVENTS = [
    E.APPROVED,
    E.DENIED,
    E.NOT_FOUND,
    E.DOWNLOADING,
    E.AVAILABLE,
    E.NEW_EPISODES,
    E.FAILED,
]
Events = list[NotificationEvent]
Language = Literal["fr", "en"]  # the template languages (app/notifications/templates.py)

_TEST_MESSAGE = {
    "fr": ("Plex Kiosk : notification de test", "Si vous lisez ceci, les notifications arrivent bien."),
    "en": ("Plex Kiosk: test notification", "If you can read this, notifications get through."),
}


class UnknownProfile(LookupError):
    """No profile has this id."""


class TargetIn(BaseModel):
    """A target to keep (its `id`) or to add (its apprise `url`, e.g. tgram://bottoken/chatid)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[Text, Field(max_length=64)] | None = None
    url: Annotated[Text, Field(max_length=2000)] | None = None

    @field_validator("url")
    @classmethod
    def _understood(cls, url: str | None) -> str | None:
        if url is not None and not apprise.Apprise().add(url):
            raise ValueError(
                "not a notification URL apprise understands (see the apprise wiki for the forms)"
            )
        return url

    @model_validator(mode="after")
    def _one_of(self) -> TargetIn:
        if (self.id is None) == (self.url is None):
            raise ValueError("give either the id of a stored target or the URL of a new one")
        return self


class TargetOut(BaseModel):
    """A stored target: its id, its service (the URL's scheme) and "set" in place of the URL."""

    id: str
    service: str
    url: SecretState


class NotificationSettingsIn(BaseModel):
    """The admins' targets, which events reach the admins and which reach the requester, and the
    language of the admins' messages."""

    model_config = ConfigDict(extra="forbid")

    admin_targets: list[TargetIn] = Field(default_factory=list, max_length=20)
    admin_events: Events = Field(default_factory=lambda: list(DEFAULT_ADMIN_EVENTS))
    profile_events: Events = Field(default_factory=lambda: list(DEFAULT_PROFILE_EVENTS))
    language: Literal["fr", "en"] = "fr"
    links_base_url: HttpUrl | None = Field(
        default=None,
        description="The appliance's address on the home network (e.g. http://192.168.1.20:8000): the "
        "parents' 'new request' message then carries approve and deny links; none without it",
    )


class NotificationSettingsOut(BaseModel):
    """The notification settings as an admin sees them (targets without their URLs)."""

    admin_targets: list[TargetOut]
    admin_events: Events
    profile_events: Events
    language: Literal["fr", "en"]
    links_base_url: str | None = None


class ProfileTargetsIn(BaseModel):
    """Where one family member hears about their own requests."""

    model_config = ConfigDict(extra="forbid")

    targets: list[TargetIn] = Field(default_factory=list, max_length=10)


class ProfileTargetsOut(BaseModel):
    """One profile's targets (without their URLs)."""

    profile_id: int
    name: str
    targets: list[TargetOut]


class NotificationTestIn(BaseModel):
    """Targets to send a test message to; none given means the stored admin targets."""

    model_config = ConfigDict(extra="forbid")

    targets: list[TargetIn] | None = Field(default=None, max_length=20)


class DeliveryOut(BaseModel):
    """How delivery to one target went (the URL is never echoed)."""

    service: str
    delivered: bool
    # The English line (logs, scripts), and its code the kiosk words (delivery.py's TargetResult).
    reason: str | None = None
    code: str | None = None


def _events(raw: Any, default: list[NotificationEvent]) -> list[NotificationEvent]:
    if not isinstance(raw, list):
        return list(default)
    return [NotificationEvent(value) for value in raw if value in NotificationEvent._value2member_map_]


def target_out(url: str) -> TargetOut:
    """How a stored target is shown: its id and service, never its URL."""
    return TargetOut(id=secret_id(url), service=scheme_of(url), url=SECRET_MARKER)


@dataclass(frozen=True, slots=True)
class NotificationSettings:
    """The stored "notifications" setting with defaults filled in; the URLs (secrets) stay out of its repr."""

    admin_urls: list[str] = field(default_factory=list, repr=False)
    admin_events: list[NotificationEvent] = field(default_factory=lambda: list(DEFAULT_ADMIN_EVENTS))
    profile_events: list[NotificationEvent] = field(default_factory=lambda: list(DEFAULT_PROFILE_EVENTS))
    language: Language = "fr"
    links_base_url: str | None = None

    @classmethod
    def from_stored(cls, raw: Any) -> NotificationSettings:
        """The typed view of the stored JSON (anything but an object counts as never saved)."""
        raw = raw if isinstance(raw, Mapping) else {}
        return cls(
            admin_urls=[str(url) for url in raw.get("admin_urls") or ()],
            admin_events=_events(raw.get("admin_events"), DEFAULT_ADMIN_EVENTS),
            profile_events=_events(raw.get("profile_events"), DEFAULT_PROFILE_EVENTS),
            language=cast(Language, language_of(raw.get("language"))),
            links_base_url=str(raw["links_base_url"]) if raw.get("links_base_url") else None,
        )

    def out(self) -> NotificationSettingsOut:
        """What the API shows: the targets without their URLs."""
        return NotificationSettingsOut(
            admin_targets=[target_out(url) for url in self.admin_urls],
            admin_events=self.admin_events,
            profile_events=self.profile_events,
            language=self.language,
            links_base_url=self.links_base_url,
        )


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


async def notification_settings(session: AsyncSession) -> NotificationSettings:
    """The stored notification settings, typed, defaults filled in (URLs included: for delivery only)."""
    return NotificationSettings.from_stored(await get_setting(session, NOTIFICATIONS_SETTING))


async def _every_profile_urls(session: AsyncSession) -> dict[str, list[str]]:
    raw = await get_setting(session, NOTIFICATION_TARGETS_SETTING) or {}
    return {str(key): [str(url) for url in urls or ()] for key, urls in raw.items()}


async def profile_urls(session: AsyncSession, profile_id: int) -> list[str]:
    """One profile's apprise URLs (for delivery only)."""
    return (await _every_profile_urls(session)).get(str(profile_id), [])


async def read_notification_settings(session: AsyncSession) -> NotificationSettingsOut:
    """The notification settings as an admin sees them."""
    return (await notification_settings(session)).out()


async def save_notification_settings(
    session: AsyncSession, body: NotificationSettingsIn
) -> NotificationSettingsOut:
    """Store the admins' targets, the events and the language (committed)."""
    stored = await notification_settings(session)
    value = {
        "admin_urls": resolved(body.admin_targets, stored.admin_urls, "admin_targets"),
        "admin_events": [event.value for event in dict.fromkeys(body.admin_events)],
        "profile_events": [event.value for event in dict.fromkeys(body.profile_events)],
        "language": body.language,
        "links_base_url": body.links_base_url,
    }
    await put_setting(session, NOTIFICATIONS_SETTING, value)
    await session.commit()
    return NotificationSettings.from_stored(value).out()


async def list_profile_targets(session: AsyncSession) -> list[ProfileTargetsOut]:
    """Every profile with its targets, by name."""
    every = await _every_profile_urls(session)
    profiles = (await session.execute(select(Profile.id, Profile.name).order_by(Profile.name))).all()
    return [
        ProfileTargetsOut(
            profile_id=profile_id,
            name=name,
            targets=[target_out(url) for url in every.get(str(profile_id), [])],
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
    """The Test button: a test message to `items` (stored targets by id, or new URLs), or to the admins'."""
    settings = await notification_settings(session)
    if items is None:
        urls = settings.admin_urls
    else:
        every_profile = await _every_profile_urls(session)
        stored = [*settings.admin_urls, *(url for urls in every_profile.values() for url in urls)]
        urls = resolved(items, stored, "targets")
    title, body = _TEST_MESSAGE[settings.language]
    return await deliver(urls, title, body)
