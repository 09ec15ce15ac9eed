"""What was already sent, so a retried or repeated task never tells anyone twice; spent approval links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class NotificationRecord(Base):
    """One notification about one request (its kind, and a key for kinds that may recur, e.g. new
    episodes): the targets it reached so far, and when every target had it."""

    __tablename__ = "notification_records"
    __table_args__ = (UniqueConstraint("request_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("media_requests.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64), default="")
    # Ids of the targets (digests of their URLs, never the URLs) that got it: a retry skips them.
    delivered_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    # While a run delivers: no transaction stays open over the network (SQLite has one writer for the
    # whole appliance), so a run takes the record until then and gives it back when it is done.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SpentApprovalLink(Base):
    """An approve or deny link from a parents' message that was used: each works once."""

    __tablename__ = "spent_approval_links"

    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("media_requests.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
