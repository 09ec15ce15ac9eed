"""Release candidates found for a request, with the verdict on each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class Release(Base):
    """One candidate from an indexer: parsed, then rejected with reasons or scored."""

    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("media_requests.id", ondelete="CASCADE"), index=True)
    indexer: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(1000))
    info_hash: Mapped[str | None] = mapped_column(String(40), index=True)
    download_url: Mapped[str | None] = mapped_column(Text)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    seeders: Mapped[int | None] = mapped_column(Integer)
    peers: Mapped[int | None] = mapped_column(Integer)
    quality: Mapped[str | None] = mapped_column(String(32))
    parsed: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float)
    rejected: Mapped[bool] = mapped_column(Boolean, default=False)
    rejection_reasons: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    blocklisted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who picked this release by hand (a parent's manual search): the next search step grabs it first.
    picked_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
