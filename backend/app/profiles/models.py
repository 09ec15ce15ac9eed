"""Kiosk profiles (one per family member)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Enum, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class Role(StrEnum):
    """What a profile may do."""

    ADMIN = "admin"
    MEMBER = "member"
    CHILD = "child"


class Profile(Base):
    """A family member at the kiosk."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=Role.MEMBER,
    )
    avatar: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="fr")
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    max_rating: Mapped[str | None] = mapped_column(String(16))
    auto_approve: Mapped[bool] = mapped_column(Boolean, default=True)
    movie_quota: Mapped[int | None] = mapped_column(Integer)
    movie_quota_days: Mapped[int | None] = mapped_column(Integer)
    season_quota: Mapped[int | None] = mapped_column(Integer)
    season_quota_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
