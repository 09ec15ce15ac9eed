"""TMDB answers kept in the database, so kiosk pages and workers share them across restarts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class TmdbCacheEntry(Base):
    """One cached TMDB answer (a film's or a show's details), valid until `expires_at`."""

    __tablename__ = "tmdb_cache"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
