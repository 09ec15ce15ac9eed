"""Kiosk profiles (one per family member)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class Role(StrEnum):
    """What a profile may do."""

    ADMIN = "admin"
    MEMBER = "member"
    CHILD = "child"


class SecretKind(StrEnum):
    """How a profile proves who it is: a 4–8 digit PIN (PIN pad), or a password (admins only)."""

    PIN = "pin"
    PASSWORD = "password"  # noqa: S105 - a kind of secret, not a secret


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


class Profile(Base):
    """A family member at the kiosk."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=_values),
        default=Role.MEMBER,
    )
    avatar: Mapped[str | None] = mapped_column(String(64))  # an emoji
    color: Mapped[str | None] = mapped_column(String(16))  # "#rrggbb" behind the avatar
    language: Mapped[str] = mapped_column(String(8), default="fr")
    # argon2 hash of the PIN or password; never leaves the server.
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    secret_kind: Mapped[SecretKind | None] = mapped_column(
        Enum(SecretKind, native_enum=False, length=16, values_callable=_values)
    )
    # Bumped when the PIN or the role changes: session cookies carry it, so older ones stop working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    max_rating: Mapped[str | None] = mapped_column(String(16))
    auto_approve: Mapped[bool] = mapped_column(Boolean, default=True)
    # May pick a request's quality profile (4K…); parents always may.
    may_choose_quality: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    movie_quota: Mapped[int | None] = mapped_column(Integer)
    movie_quota_days: Mapped[int | None] = mapped_column(Integer)
    season_quota: Mapped[int | None] = mapped_column(Integer)
    season_quota_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PinFailure(Base):
    """One wrong PIN or password, kept a few minutes to lock a profile or a client after too many."""

    __tablename__ = "pin_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ApiKey(Base):
    """The scripts' key (`X-Api-Key`); only its SHA-256 is stored, with a short hint to recognise it."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
