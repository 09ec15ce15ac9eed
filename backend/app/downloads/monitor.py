"""One pass of the download monitor: a single qBittorrent call for all our torrents, then bookkeeping.

What a pass does, per download it watches:
- saves progress, eta and state;
- a finished torrent moves its request to IMPORTING (once: the state guards it) and queues the import;
- `error`, `missingFiles`, or no progress for longer than the stalled threshold: the release is
  blocklisted, the torrent and its data removed, and the request searched again for the next best one;
- a torrent whose request was cancelled or failed is removed with its data (the library is never touched).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.downloads.models import Download, DownloadState
from app.downloads.service import apply_status, blocklist, mark_removed, watched_downloads
from app.integrations.qbittorrent import QbittorrentClient, TorrentStatus
from app.media_requests.dispatch import COMPLETE_REQUEST_TASK, PROCESS_REQUEST_TASK, new_task_id
from app.media_requests.models import MediaRequest
from app.media_requests.service import forget_task, lock_request, transition
from app.media_requests.states import RequestStatus
from app.settings.pipeline import pipeline_settings

# Requests whose torrents have no reason to stay in qBittorrent.
ABANDONED = frozenset({RequestStatus.CANCELLED, RequestStatus.FAILED, RequestStatus.DENIED})
# States in which "no progress" is qBittorrent's choice (its queue, a pause), not a dead torrent.
WAITING = frozenset({DownloadState.QUEUED, DownloadState.PAUSED, DownloadState.CHECKING})
BROKEN = frozenset({DownloadState.ERROR, DownloadState.MISSING_FILES})
# qBittorrent answers "Ok." to an add before the torrent shows in its list; a pass in between must not
# call a torrent that young "disappeared" (it would drop it and search again for the same release).
LISTING_DELAY = timedelta(minutes=2)

Publish = Callable[[str, int, str], bool]


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


async def monitor_downloads(
    session: AsyncSession, qbit: QbittorrentClient, *, publish: Publish, now: datetime | None = None
) -> MonitorReport:
    """Run one monitor pass (committed); `publish(task, request_id, task_id)` queues follow-up work."""
    now = now or utcnow()
    report = MonitorReport()
    rows = await watched_downloads(session)
    report.watched = len(rows)
    if not rows:
        return report
    torrents = {status.info_hash: status for status in await qbit.list_torrents()}
    report.qbittorrent_calls = 1
    statuses = await _request_statuses(session, {row.request_id for row in rows})
    stalled_after = (await pipeline_settings(session)).stalled_threshold
    to_remove: list[Download] = []
    failures: dict[int, list[tuple[Download, str, bool]]] = {}
    for row in rows:
        torrent = torrents.get(row.info_hash)
        if statuses.get(row.request_id) in ABANDONED:
            to_remove.append(row)
            continue
        if torrent is None:
            if row.completed_at is None and now - row.created_at < LISTING_DELAY:
                continue  # just handed over: qBittorrent has not listed it yet
            if row.completed_at is None:
                failures.setdefault(row.request_id, []).append(
                    (row, "The torrent disappeared from qBittorrent", False)
                )
            else:
                mark_removed(row, "removed from qBittorrent after it finished")
            continue
        _observe(row, torrent, now)
        problem = _problem(row, now, stalled_after)
        if problem:
            failures.setdefault(row.request_id, []).append((row, problem, True))
    await session.commit()

    for row in to_remove:
        await qbit.delete(row.info_hash, delete_files=True)
        mark_removed(row, "its request was closed")
        report.removed += 1
    await session.commit()
    for request_id, problems in failures.items():
        if await _fail_over(session, qbit, request_id, problems, publish):
            report.failed_over.append(request_id)
    downloading = {rid for rid, status in statuses.items() if status is RequestStatus.DOWNLOADING}
    ready = await _finished_requests(session, downloading - set(failures))
    report.importing = await _start_imports(session, ready, publish)
    return report


def _observe(row: Download, torrent: TorrentStatus, now: datetime) -> None:
    apply_status(row, torrent, now)
    if row.state in WAITING:
        row.last_progress_at = now  # waiting in qBittorrent's queue is not being stuck


def _problem(row: Download, now: datetime, stalled_after: timedelta) -> str | None:
    if row.completed_at is not None:
        return None  # already imported or being imported: what happens to the seed no longer matters
    if row.state in BROKEN:
        return f"qBittorrent reports {row.state.value.replace('_', ' ')}"
    if (
        row.completed_at is None
        and row.last_progress_at is not None
        and now - row.last_progress_at > stalled_after
    ):
        hours = round((now - row.last_progress_at).total_seconds() / 3600, 1)
        return f"No progress for {hours} h"
    return None


async def _request_statuses(session: AsyncSession, request_ids: set[int]) -> dict[int, RequestStatus]:
    rows = await session.execute(
        select(MediaRequest.id, MediaRequest.status).where(MediaRequest.id.in_(request_ids))
    )
    return {request_id: status for request_id, status in rows}


async def _fail_over(
    session: AsyncSession,
    qbit: QbittorrentClient,
    request_id: int,
    problems: list[tuple[Download, str, bool]],
    publish: Publish,
) -> bool:
    """Drop the broken torrents of a request and search again for the next best release."""
    for row, reason, blame_release in problems:
        await qbit.delete(row.info_hash, delete_files=True)
        if blame_release:
            await blocklist(session, request_id=request_id, info_hash=row.info_hash)
        mark_removed(row, reason)
    await session.commit()
    request = await lock_request(session, request_id)
    if request is None or request.status is not RequestStatus.DOWNLOADING:
        await session.rollback()
        return False
    names = ", ".join(f"{row.name} ({reason})" for row, reason, _ in problems)
    task_id = new_task_id()
    request.celery_task_id = task_id
    transition(
        session,
        request,
        RequestStatus.SEARCHING,
        reason=f"Gave up on {names}; trying the next best release",
        details={"removed": [row.info_hash for row, _, _ in problems]},
    )
    await session.commit()
    if not publish(PROCESS_REQUEST_TASK, request_id, task_id):
        await forget_task(session, request_id=request_id, task_id=task_id)
    return True


async def _finished_requests(session: AsyncSession, request_ids: set[int]) -> list[int]:
    """Requests whose every watched download has finished."""
    if not request_ids:
        return []
    rows = await session.execute(
        select(Download.request_id, Download.completed_at).where(
            Download.request_id.in_(request_ids), Download.state != DownloadState.REMOVED
        )
    )
    done: dict[int, bool] = {}
    for request_id, completed_at in rows:
        done[request_id] = done.get(request_id, True) and completed_at is not None
    return sorted(request_id for request_id, finished in done.items() if finished)


async def _start_imports(session: AsyncSession, request_ids: list[int], publish: Publish) -> list[int]:
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
            session, request, RequestStatus.IMPORTING, reason="Download finished; moving it into the library"
        )
        queued.append((request.id, task_id))
    await session.commit()
    for request_id, task_id in queued:
        if not publish(COMPLETE_REQUEST_TASK, request_id, task_id):
            await forget_task(session, request_id=request_id, task_id=task_id)
    return [request_id for request_id, _ in queued]
