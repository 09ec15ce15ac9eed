"""The Plex library mirror, its sections' checkpoints, TMDB ids learnt for old agents, and the sync runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class LibraryItem(Base):
    """A movie, show, season or episode as Plex knows it, keyed by its ratingKey."""

    __tablename__ = "library_items"

    rating_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    section_key: Mapped[str] = mapped_column(String(32), index=True)
    item_type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int | None] = mapped_column(Integer)
    guid: Mapped[str | None] = mapped_column(String(255))
    tmdb_id: Mapped[int | None] = mapped_column(Integer, index=True)
    imdb_id: Mapped[str | None] = mapped_column(String(16), index=True)
    tvdb_id: Mapped[int | None] = mapped_column(Integer, index=True)
    parent_rating_key: Mapped[str | None] = mapped_column(String(32))
    grandparent_rating_key: Mapped[str | None] = mapped_column(String(32), index=True)
    season_number: Mapped[int | None] = mapped_column(Integer)
    episode_number: Mapped[int | None] = mapped_column(Integer)
    resolution: Mapped[str | None] = mapped_column(String(16))
    is_4k: Mapped[bool] = mapped_column(Boolean, default=False)
    file_paths: Mapped[list[str] | None] = mapped_column(JSON)
    added_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A digest of every mirrored field: a sync rewrites only the rows whose digest changed.
    fingerprint: Mapped[str | None] = mapped_column(String(16))


class LibrarySection(Base):
    """A Plex section the sync mirrors, with how far its incremental sync has read (on Plex's clock)."""

    __tablename__ = "library_sections"

    section_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    section_type: Mapped[str] = mapped_column(String(16))
    # The newest updatedAt mirrored; the next incremental asks for what changed since (minus a margin).
    checkpoint: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_full_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TmdbLink(Base):
    """The TMDB id behind an IMDb or TVDB id, learnt once: old Plex agents give only those ids."""

    __tablename__ = "library_tmdb_links"
    __table_args__ = (
        UniqueConstraint("imdb_id", "media_type"),
        UniqueConstraint("tvdb_id", "media_type"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    media_type: Mapped[str] = mapped_column(String(8))  # "movie" or "show", as in library_items
    imdb_id: Mapped[str | None] = mapped_column(String(16))
    tvdb_id: Mapped[int | None] = mapped_column(Integer)
    tmdb_id: Mapped[int | None] = mapped_column(Integer, index=True)  # None: TMDB knows no such title
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncRun(Base):
    """One pass of the Plex sync, with what it changed."""

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="running")
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
