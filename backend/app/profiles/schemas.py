"""What the API accepts and returns for profiles, sessions and the API key (never a hash)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.input_types import RowId, Text
from app.profiles.models import Role, SecretKind
from app.profiles.ratings import normalise

Name = Annotated[Text, Field(min_length=1, max_length=64)]
Avatar = Annotated[Text, Field(min_length=1, max_length=16)]
Rating = Annotated[Text, Field(max_length=32)]
Color = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
LanguageCode = Literal["fr", "en"]
Quota = Annotated[int, Field(ge=1, le=1000)]
QuotaDays = Annotated[int, Field(ge=1, le=365)]


def _rating(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    code = normalise(value)
    if code is None:
        raise ValueError(f"unknown rating {value!r} (for example U, 10, 12, 16, G, PG, PG-13, R)")
    return code


class SecretIn(BaseModel):
    """A new PIN (4–8 digits) or, for admins, a password (8–128 characters)."""

    model_config = ConfigDict(extra="forbid")

    kind: SecretKind = SecretKind.PIN
    value: Annotated[Text, Field(min_length=4, max_length=128)]


class _ProfileFields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("max_rating", check_fields=False)
    @classmethod
    def _known_rating(cls, value: str | None) -> str | None:
        return _rating(value)


class ProfileCreate(_ProfileFields):
    """A new family member; a child waits for approval unless told otherwise."""

    name: Name
    role: Role = Role.MEMBER
    avatar: Avatar | None = None
    color: Color | None = None
    language: LanguageCode = "fr"
    secret: SecretIn | None = None
    max_rating: Rating | None = None
    auto_approve: bool | None = None  # None: True for members and admins, False for children
    may_choose_quality: bool = False
    movie_quota: Quota | None = None
    movie_quota_days: QuotaDays | None = None
    season_quota: Quota | None = None
    season_quota_days: QuotaDays | None = None


class ProfileUpdate(_ProfileFields):
    """Changes to a profile: only the fields given are changed (null clears a rating or a quota)."""

    name: Name | None = None
    role: Role | None = None
    avatar: Avatar | None = None
    color: Color | None = None
    language: LanguageCode | None = None
    max_rating: Rating | None = None
    auto_approve: bool | None = None
    may_choose_quality: bool | None = None
    movie_quota: Quota | None = None
    movie_quota_days: QuotaDays | None = None
    season_quota: Quota | None = None
    season_quota_days: QuotaDays | None = None


class PickerProfile(BaseModel):
    """A profile as the picker shows it to anyone at the kiosk."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    avatar: str | None
    color: str | None
    language: str
    secret_kind: SecretKind | None


class ProfileOut(PickerProfile):
    """A profile as the admin area shows it; whether it has a PIN, never the PIN."""

    role: Role
    max_rating: str | None
    auto_approve: bool
    may_choose_quality: bool = Field(
        default=False, description="may choose a request's quality profile (4K…); parents always may"
    )
    movie_quota: int | None
    movie_quota_days: int | None
    season_quota: int | None
    season_quota_days: int | None
    created_at: datetime
    updated_at: datetime


class Picker(BaseModel):
    """The signed-out home screen: the profiles, or the first-run setup when there is no admin yet."""

    needs_setup: bool
    profiles: list[PickerProfile]


class SetupIn(BaseModel):
    """The first admin, made on first run: a name and a PIN or password."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Name
    secret: SecretIn
    avatar: Avatar | None = None
    color: Color | None = None
    language: LanguageCode = "fr"


class ApiKeyCreated(BaseModel):
    """A new API key: shown this once, then only its hint."""

    api_key: str
    hint: str
    created_at: datetime


class ApiKeyInfo(BaseModel):
    """Which API key is in use (its first characters), never the key."""

    model_config = ConfigDict(from_attributes=True)

    hint: str
    created_at: datetime


class SetupOut(BaseModel):
    """The admin just made (now signed in) and the scripts' API key, shown once."""

    profile: ProfileOut
    api_key: ApiKeyCreated


class SignIn(BaseModel):
    """Choosing a profile at the kiosk, with its PIN (or password) when it has one."""

    model_config = ConfigDict(extra="forbid")

    profile_id: RowId
    secret: Annotated[Text, Field(max_length=128)] | None = None


class AllowanceOut(BaseModel):
    """One quota: how much is left, in words in the profile's language."""

    limit: int
    days: int
    used: int
    remaining: int
    next_at: datetime | None
    message: str


class ViewerOut(BaseModel):
    """Who is using the kiosk now."""

    profile_id: int | None
    name: str | None
    role: Role
    language: str
    avatar: str | None = None
    color: str | None = None
    via_api_key: bool = False


class SessionState(BaseModel):
    """Whether someone is signed in on this device, and how long a session lasts without activity."""

    viewer: ViewerOut | None
    needs_setup: bool
    idle_seconds: int


class Allowances(BaseModel):
    """The viewer's quotas (null when a quota is not set)."""

    movies: AllowanceOut | None
    seasons: AllowanceOut | None


class RatingChoices(BaseModel):
    """The ratings an admin can set as a child's limit, by system."""

    systems: dict[str, list[str]]
