"""What the Settings API accepts and answers for notifications: admin targets, per-profile targets, events.

A target is an apprise URL, which usually embeds a token or a password: once stored it is shown only as
its service name and an id (a digest of the URL), and a PUT keeps a stored target by sending its id.
"""

from __future__ import annotations

from typing import Literal

import apprise
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.notifications.templates import NotificationEvent
from app.settings.secrets import SecretState


class TargetIn(BaseModel):
    """A target to keep (its `id`) or to add (its apprise `url`, e.g. tgram://bottoken/chatid)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(default=None, max_length=64)
    url: str | None = Field(default=None, max_length=2000)

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


Events = list[NotificationEvent]
E = NotificationEvent
# Admins hear what may need them; the requester hears how their request is going.
DEFAULT_ADMIN_EVENTS = [E.REQUESTED, E.FAILED]
DEFAULT_PROFILE_EVENTS = [E.APPROVED, E.DOWNLOADING, E.AVAILABLE, E.FAILED]


class NotificationSettingsIn(BaseModel):
    """The admins' targets, which events reach the admins and which reach the requester, and the
    language of the admins' messages."""

    model_config = ConfigDict(extra="forbid")

    admin_targets: list[TargetIn] = Field(default_factory=list, max_length=20)
    admin_events: Events = Field(default_factory=lambda: list(DEFAULT_ADMIN_EVENTS))
    profile_events: Events = Field(default_factory=lambda: list(DEFAULT_PROFILE_EVENTS))
    language: Literal["fr", "en"] = "fr"


class NotificationSettingsOut(BaseModel):
    """The notification settings as an admin sees them (targets without their URLs)."""

    admin_targets: list[TargetOut]
    admin_events: Events
    profile_events: Events
    language: Literal["fr", "en"]


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
    reason: str | None = None
