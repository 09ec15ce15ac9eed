"""What the family reported about a film or a show in Plex ("il y a un problème avec ce film")."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.catalog.media_types import MediaType
from app.db import Base, UTCDateTime, utcnow


class ProblemKind(StrEnum):
    """What is wrong with the copy (the kiosk offers these; the words are the UI's)."""

    NO_SOUND = "no_sound"
    WRONG_LANGUAGE = "wrong_language"
    NO_SUBTITLES = "no_subtitles"
    WRONG_FILM = "wrong_film"
    BAD_PICTURE = "bad_picture"
    OTHER = "other"


class ProblemState(StrEnum):
    """Where a report stands: waiting for a parent, a new copy on its way, or closed."""

    OPEN = "open"
    REPLACING = "replacing"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


class ProblemReport(Base):
    """One report: the title, what is wrong, who said so, and what a parent did about it."""

    __tablename__ = "problem_reports"
    __table_args__ = (Index("ix_problem_reports_state", "state", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The request that brought the copy, when Plex Kiosk downloaded it (None for a title added otherwise).
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_requests.id", ondelete="SET NULL"), index=True
    )
    media_type: Mapped[MediaType] = mapped_column(
        Enum(MediaType, native_enum=False, length=8, values_callable=_values)
    )
    tmdb_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[ProblemKind] = mapped_column(
        Enum(ProblemKind, native_enum=False, length=32, values_callable=_values)
    )
    note: Mapped[str | None] = mapped_column(Text)
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))
    reporter: Mapped[str] = mapped_column(String(100))
    state: Mapped[ProblemState] = mapped_column(
        Enum(ProblemState, native_enum=False, length=16, values_callable=_values), default=ProblemState.OPEN
    )
    handled_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
