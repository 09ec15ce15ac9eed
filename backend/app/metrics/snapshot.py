"""Everything `/metrics` shows, read at scrape time: requests and downloads from the database (a few
GROUP BY), the workers' counts, the last Plex syncs, the queues and qBittorrent's speed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import anyio.to_thread
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.downloads.live import download_speed
from app.downloads.models import Download
from app.library.models import SyncRun
from app.media_requests.models import MediaRequest
from app.metrics.models import MetricCount
from app.metrics.queues import queue_depths


@dataclass(frozen=True)
class Count:
    """One row of `metric_counts`, its labels decoded."""

    name: str
    labels: dict[str, str]
    bucket: str
    count: int
    total: float


@dataclass(frozen=True)
class SyncFigures:
    """The latest finished Plex sync of one kind (incremental or full)."""

    kind: str
    status: str
    seconds: float
    added: int
    updated: int
    removed: int
    finished_at: datetime


@dataclass
class Snapshot:
    """What one scrape read."""

    requests_by_status: dict[str, int] = field(default_factory=dict)
    downloads_by_state: dict[str, int] = field(default_factory=dict)
    counts: list[Count] = field(default_factory=list)
    syncs: list[SyncFigures] = field(default_factory=list)
    queue_depths: dict[str, int] | None = None
    download_speed: int | None = None


async def _grouped(session: AsyncSession, column: object) -> dict[str, int]:
    rows = await session.execute(select(column, func.count()).group_by(column))  # type: ignore[call-overload]
    return {str(getattr(key, "value", key)): int(count) for key, count in rows}


async def _latest_syncs(session: AsyncSession) -> list[SyncFigures]:
    latest = (
        select(func.max(SyncRun.id))
        .where(SyncRun.finished_at.is_not(None))
        .group_by(SyncRun.kind)
        .scalar_subquery()
    )
    runs = await session.scalars(select(SyncRun).where(SyncRun.id.in_(latest)))
    return [
        SyncFigures(
            kind=run.kind,
            status=run.status,
            seconds=(run.finished_at - run.started_at).total_seconds(),
            added=run.added,
            updated=run.updated,
            removed=run.removed,
            finished_at=run.finished_at,
        )
        for run in runs
        if run.finished_at is not None
    ]


async def take(session: AsyncSession, *, queues: tuple[str, ...]) -> Snapshot:
    """Read every figure; the broker's counts in a thread, so a slow broker never blocks the event loop."""
    from app.celery_app.application import celery_app

    snapshot = Snapshot(
        requests_by_status=await _grouped(session, MediaRequest.status),
        downloads_by_state=await _grouped(session, Download.state),
        counts=[
            Count(row.name, json.loads(row.labels), row.bucket, row.count, row.total)
            for row in await session.scalars(select(MetricCount))
        ],
        syncs=await _latest_syncs(session),
    )
    snapshot.download_speed = await download_speed(session)
    snapshot.queue_depths = await anyio.to_thread.run_sync(queue_depths, celery_app, queues)
    return snapshot
