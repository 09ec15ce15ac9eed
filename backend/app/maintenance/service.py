"""Retention and upkeep jobs run by the cleanup worker. Each is bounded and safe to run at any time."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.db import utcnow
from app.downloads.models import Download
from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus

DOWNLOAD_RETENTION = timedelta(days=30)
REQUEST_RETENTION = timedelta(days=90)
TEMP_FILE_MAX_AGE = timedelta(days=1)
# Closed without a result: nothing in the family's history depends on these after a while.
DISCARDABLE_REQUEST_STATUSES = (RequestStatus.CANCELLED, RequestStatus.DENIED, RequestStatus.FAILED)
SETTLED_REQUEST_STATUSES = (
    RequestStatus.AVAILABLE,
    RequestStatus.COMPLETED,
    *DISCARDABLE_REQUEST_STATUSES,
)


async def delete_old_downloads(session: AsyncSession) -> int:
    """Forget download records of settled requests not touched for DOWNLOAD_RETENTION; returns the count."""
    settled = select(MediaRequest.id).where(MediaRequest.status.in_(SETTLED_REQUEST_STATUSES))
    result = await session.execute(
        delete(Download).where(
            Download.updated_at < utcnow() - DOWNLOAD_RETENTION, Download.request_id.in_(settled)
        )
    )
    await session.commit()
    return result.rowcount or 0  # type: ignore[attr-defined]


async def delete_old_requests(session: AsyncSession) -> int:
    """Delete cancelled, denied and failed requests older than REQUEST_RETENTION (with their timeline)."""
    result = await session.execute(
        delete(MediaRequest).where(
            MediaRequest.status.in_(DISCARDABLE_REQUEST_STATUSES),
            MediaRequest.updated_at < utcnow() - REQUEST_RETENTION,
        )
    )
    await session.commit()
    return result.rowcount or 0  # type: ignore[attr-defined]


def delete_old_temp_files(temp_dir: Path, *, max_age: timedelta = TEMP_FILE_MAX_AGE) -> int:
    """Remove files in `temp_dir` older than `max_age` (left by an interrupted import); returns the count."""
    if not temp_dir.is_dir():
        return 0
    cutoff = time.time() - max_age.total_seconds()
    removed = 0
    for path in temp_dir.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


async def maintain_database(engine: AsyncEngine) -> str:
    """VACUUM ANALYZE on PostgreSQL; optimize and checkpoint the WAL on SQLite. Returns what ran."""
    if engine.dialect.name == "postgresql":
        # VACUUM cannot run inside a transaction block.
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
        return "VACUUM ANALYZE"
    async with engine.connect() as connection:
        await connection.execute(text("PRAGMA optimize"))
        await connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return "PRAGMA optimize; wal_checkpoint(TRUNCATE)"
