"""What the download monitor saw, turned into request moves: imports to start, releases to replace.

The downloads domain reports facts (downloads/monitor.py: finished, broken, removed); this module alone
decides what they mean for a request and moves it: DOWNLOADING → IMPORTING with the import queued, or
DOWNLOADING → SEARCHING for the next best release. The reconciler's pass (lost tasks, due re-searches,
expired searches) runs here too, after each monitor pass.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish
from app.downloads.models import Download
from app.downloads.monitor import DownloadsSeen, GivenUp, monitor_downloads
from app.downloads.seeding import cleanup_finished_torrents
from app.downloads.service import WATCHED_STATES
from app.integrations.qbittorrent import QbittorrentClient
from app.media_requests.models import MediaRequest
from app.media_requests.reconcile import find_expired_searches, find_stuck
from app.media_requests.service import fail_request, forget_task, lock_request, set_task, transition
from app.media_requests.states import RequestStatus
from app.media_requests.timeline_words import GAVE_UP_ON_COPY, IMPORTING, said

# Requests whose torrents have no reason to stay in qBittorrent.
ABANDONED = frozenset({RequestStatus.CANCELLED, RequestStatus.FAILED, RequestStatus.DENIED})
# Requests whose import is done: their torrents may go once they have seeded enough.
IMPORTED = frozenset(
    {RequestStatus.COMPLETED, RequestStatus.AVAILABLE, RequestStatus.PARTIALLY_AVAILABLE,
     RequestStatus.REMOVED_FROM_PLEX}
)  # fmt: skip

# A screen's nudge to the monitor: at most one per API process per this many seconds.
NUDGE_INTERVAL_S = 30.0
_nudged_at = -NUDGE_INTERVAL_S

# How follow-up tasks are sent: `publish` itself, or a test's recorder.
Send = Callable[..., Awaitable[bool]]


@dataclass
class MonitorReport:
    """What one pass saw and did (the task's result, and the benchmark's figures)."""

    watched: int = 0
    qbittorrent_calls: int = 0
    importing: list[int] = field(default_factory=list)
    failed_over: list[int] = field(default_factory=list)
    removed: int = 0

    def as_dict(self) -> dict[str, object]:
        """The JSON form."""
        return {
            "watched": self.watched,
            "qbittorrent_calls": self.qbittorrent_calls,
            "importing": self.importing,
            "failed_over": self.failed_over,
            "removed": self.removed,
        }


async def watch_downloads(
    session: AsyncSession, qbit: QbittorrentClient, *, send: Send = publish, now: datetime | None = None
) -> MonitorReport:
    """One monitor pass, then the request moves it calls for (committed); tasks go through `send`."""
    seen: DownloadsSeen = await monitor_downloads(
        session, qbit, closed_requests=await _with_torrents(session, ABANDONED), now=now
    )
    report = MonitorReport(seen.watched, seen.qbittorrent_calls, removed=seen.removed)
    for request_id, given_up in seen.broken.items():
        if await _search_again(session, request_id, given_up, send):
            report.failed_over.append(request_id)
    report.importing = await _start_imports(session, seen.finished, send)
    return report


async def check_downloads_soon() -> None:
    """Have the monitor look now (a screen saw a torrent gone or broken), at most once per half minute.

    The pass then blocklists, removes and searches again exactly as on its schedule; the lease in the
    worker keeps two passes from overlapping.
    """
    global _nudged_at
    if time.monotonic() - _nudged_at < NUDGE_INTERVAL_S:
        return
    _nudged_at = time.monotonic()
    await publish(task_names.MONITOR_DOWNLOADS, expires=NUDGE_INTERVAL_S * 2)


async def _with_torrents(session: AsyncSession, statuses: frozenset[RequestStatus]) -> set[int]:
    """Requests in `statuses` that still have a torrent the monitor watches."""
    rows = await session.scalars(
        select(MediaRequest.id).where(
            MediaRequest.status.in_(statuses),
            MediaRequest.id.in_(select(Download.request_id).where(Download.state.in_(WATCHED_STATES))),
        )
    )
    return set(rows)


async def _search_again(session: AsyncSession, request_id: int, given_up: list[GivenUp], send: Send) -> bool:
    """DOWNLOADING → SEARCHING for the next best release, once its broken torrents are gone."""
    request = await lock_request(session, request_id)
    if request is None or request.status is not RequestStatus.DOWNLOADING:
        await session.rollback()
        return False
    names = ", ".join(f"{torrent.name} ({torrent.reason})" for torrent in given_up)
    task_id = new_task_id()
    request.celery_task_id = task_id
    transition(
        session,
        request,
        RequestStatus.SEARCHING,
        reason=f"Gave up on {names}; trying the next best release",
        details=said(
            GAVE_UP_ON_COPY, count=len(given_up), removed=[torrent.info_hash for torrent in given_up]
        ),
    )
    await session.commit()
    if not await send(task_names.PROCESS_REQUEST, request_id, task_id=task_id):
        await forget_task(session, request_id=request_id, task_id=task_id)
    return True


async def _start_imports(session: AsyncSession, request_ids: list[int], send: Send) -> list[int]:
    """DOWNLOADING → IMPORTING and queue each import; the state makes this happen once per download.

    One locking query and one commit for the whole batch: at the end of a busy evening hundreds of
    downloads finish between two passes.
    """
    if not request_ids:
        return []
    requests = await session.scalars(
        select(MediaRequest)
        .where(MediaRequest.id.in_(request_ids), MediaRequest.status == RequestStatus.DOWNLOADING)
        .order_by(MediaRequest.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    queued: list[tuple[int, str]] = []
    for request in requests:
        task_id = new_task_id()
        request.celery_task_id = task_id
        transition(
            session,
            request,
            RequestStatus.IMPORTING,
            reason="Download finished; moving it into the library",
            details=said(IMPORTING),
        )
        queued.append((request.id, task_id))
    await session.commit()
    for request_id, task_id in queued:
        if not await send(task_names.COMPLETE_REQUEST, request_id, task_id=task_id):
            await forget_task(session, request_id=request_id, task_id=task_id)
    return [request_id for request_id, _ in queued]


async def reconcile(
    session: AsyncSession, *, send: Send = publish, now_delta: timedelta = timedelta(0)
) -> dict[str, Any]:
    """Queue requests with no live task (lost message, due re-search, a film out now); fail searches past
    their window. `now_delta` moves the clock (tests)."""
    queued: list[int] = []
    for stuck in await find_stuck(session, now_delta=now_delta):
        task_id = new_task_id()
        if not await send(stuck.task, stuck.request_id, task_id=task_id):
            break  # the broker is still away: the next run will try again
        await set_task(session, request_id=stuck.request_id, task_id=task_id)
        queued.append(stuck.request_id)
    expired = await find_expired_searches(session, now_delta=now_delta)
    for request_id in expired:
        await fail_request(
            session,
            request_id=request_id,
            reason="No suitable release was found in time",
            why="search_timeout",
        )
    return {"queued": queued, "expired": expired}


async def cleanup_seeded(session: AsyncSession, qbit: QbittorrentClient) -> list[str]:
    """Remove the torrents of imported requests whose seeding goal is met; their names (committed)."""
    return await cleanup_finished_torrents(session, qbit, imported=await _with_torrents(session, IMPORTED))
