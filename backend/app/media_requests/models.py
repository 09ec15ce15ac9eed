"""Media requests and their timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime, utcnow
from app.media_requests.states import ACTIVE_STATUSES, MediaType, RequestStatus


def _values(enum: type[Any]) -> list[str]:
    return [member.value for member in enum]


_STATUS = Enum(RequestStatus, native_enum=False, length=32, values_callable=_values)
_ACTIVE_SQL = "status IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(ACTIVE_STATUSES)))


class MediaRequest(Base):
    """One film or show a family member asked for."""

    __tablename__ = "media_requests"
    __table_args__ = (
        # At most one active request per media: two kiosks tapping "Request" together get the same row.
        Index(
            "uq_media_requests_active_media",
            "media_key",
            unique=True,
            postgresql_where=text(_ACTIVE_SQL),
            sqlite_where=text(_ACTIVE_SQL),
        ),
        Index("ix_media_requests_status_updated", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    media_type: Mapped[MediaType] = mapped_column(
        Enum(MediaType, native_enum=False, length=8, values_callable=_values)
    )
    tmdb_id: Mapped[int] = mapped_column(Integer, index=True)
    imdb_id: Mapped[str | None] = mapped_column(String(16))
    tvdb_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int | None] = mapped_column(Integer)
    requested_seasons: Mapped[list[int] | None] = mapped_column(JSON)
    requested_episodes: Mapped[dict[str, list[int]] | None] = mapped_column(JSON)
    # "movie:603" or "tv:1399:1,2": what counts as "the same media" for de-duplication.
    media_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[RequestStatus] = mapped_column(_STATUS, default=RequestStatus.PENDING)
    requested_by: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="SET NULL"), index=True
    )
    celery_task_id: Mapped[str | None] = mapped_column(String(100), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_search_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The day a film comes out at home (digital, disc or TV) when it was not out yet on request: the kiosk
    # shows it, and the re-search window counts from it rather than from the request.
    release_date: Mapped[date | None] = mapped_column(Date)
    # The quality of the copy in the library while a better one is being fetched (upgrades.py; a show's
    # lowest among the seasons replaced); the import then replaces the old files.
    upgrade_from: Mapped[str | None] = mapped_column(String(32))
    # When the daily better-copies pass looks at this AVAILABLE film or show again (None: at its next run).
    next_upgrade_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The quality profile chosen for this request (4K…); None: the default one for its media type.
    quality_profile: Mapped[str | None] = mapped_column(String(64))
    # A show's "asked" (the seasons asked) or "everything" (and what airs next); None: everything for a
    # show that continues when no season was named, else what was asked (the monitored-shows pass decides).
    follow: Mapped[str | None] = mapped_column(String(16))
    # The monitored-shows pass still watches this show for new episodes (the kiosk shows "followed").
    followed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Every episode ("S02E05") the show has had in Plex: one deleted since is never fetched again.
    episodes_seen: Mapped[list[str] | None] = mapped_column(JSON)
    # The new episodes being fetched for a followed show ({"2": [5, 6]}; a season with [] is a season pack):
    # while set, the search and the import look for these rather than for everything the request asked.
    episodes_wanted: Mapped[dict[str, list[int]] | None] = mapped_column(JSON)
    # Why the releases were picked or refused, per part (film or season): the family's "why this one?".
    selection: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request",
        order_by="RequestEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


# The partial unique index's own condition, for queries by media key. The statuses are written into the
# SQL rather than bound: once PostgreSQL plans a prepared query generically, it can only use the partial
# index when it sees these values, and without it each lookup scanned the whole table. Literal columns
# rather than literal_execute parameters: those are rendered again into the SQL on every execution.
IS_ACTIVE = MediaRequest.status.in_(
    [literal_column(f"'{status.value}'", _STATUS) for status in sorted(ACTIVE_STATUSES)]
)


class RequestEvent(Base):
    """One step in a request's life: the family's timeline and the audit trail."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("media_requests.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[RequestStatus | None] = mapped_column(_STATUS)
    to_status: Mapped[RequestStatus] = mapped_column(_STATUS)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100), default="system")
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[MediaRequest] = relationship(back_populates="events")
