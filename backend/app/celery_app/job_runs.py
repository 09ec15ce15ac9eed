"""What Beat (or a parent's "run now") sent for each periodic job: the task id to read its outcome from.

The outcome itself (state, when it finished, what it did) stays where Celery keeps it, in the result
backend; this table only remembers which task was the job's latest run and who started it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow

BEAT = "beat"


class JobRun(Base):
    """One run of a periodic job: its task id, when it was sent and by whom (Beat, or a parent)."""

    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_job_sent", "job", "sent_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(100))
    task_id: Mapped[str] = mapped_column(String(100))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by: Mapped[str] = mapped_column(String(100), default=BEAT)


async def record_run(session: AsyncSession, *, job: str, task_id: str, sent_by: str = BEAT) -> None:
    """Remember that `task_id` is `job`'s latest run (committed)."""
    session.add(JobRun(job=job, task_id=task_id, sent_by=sent_by[:100]))
    await session.commit()


async def latest_runs(session: AsyncSession) -> dict[str, JobRun]:
    """Each job's latest run (ids only grow, so the largest id per job is its newest)."""
    newest = select(func.max(JobRun.id).label("id")).group_by(JobRun.job).subquery()
    rows = await session.scalars(select(JobRun).join(newest, JobRun.id == newest.c.id))
    return {row.job: row for row in rows}
