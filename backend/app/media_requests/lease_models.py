"""The lease of a request's running step: which worker runs it, until when, and where it writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class StepLease(Base):
    """One running step (search and grab, or import) of one request; decision 0008.

    The worker renews `expires_at` on every heartbeat, so a lease past it belongs to a dead worker.
    `worker` is the Celery node name (what an operator sees) and `worker_id` that process's life, so a
    worker restarted under the same name knows which leases its previous life left behind.
    """

    __tablename__ = "step_leases"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("media_requests.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[str] = mapped_column(String(100))
    task_name: Mapped[str] = mapped_column(String(200))
    worker: Mapped[str] = mapped_column(String(200))
    worker_id: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # Library folders the step may have left a partial copy in: cleaned when a dead worker's step is found.
    folders: Mapped[list[str]] = mapped_column(JSON, default=list)
