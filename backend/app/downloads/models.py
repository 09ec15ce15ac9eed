"""Our torrents, keyed by info-hash."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Enum, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class DownloadState(StrEnum):
    """Our view of a torrent, whatever qBittorrent version reports it."""

    QUEUED = "queued"
    METADATA = "metadata"
    DOWNLOADING = "downloading"
    STALLED = "stalled"
    PAUSED = "paused"
    CHECKING = "checking"
    COMPLETED = "completed"
    SEEDING_DONE = "seeding_done"
    ERROR = "error"
    MISSING_FILES = "missing_files"
    REMOVED = "removed"


class Download(Base):
    """A torrent we handed to qBittorrent for a request."""

    __tablename__ = "downloads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("media_requests.id", ondelete="CASCADE"), index=True)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", ondelete="SET NULL"))
    info_hash: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(1000))
    # The season this torrent is for (None: a film, or every season at once).
    season: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[DownloadState] = mapped_column(
        Enum(DownloadState, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=DownloadState.QUEUED,
    )
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    eta_seconds: Mapped[int | None] = mapped_column(Integer)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    downloaded_bytes: Mapped[int | None] = mapped_column(BigInteger)
    save_path: Mapped[str | None] = mapped_column(Text)
    content_path: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    last_progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
