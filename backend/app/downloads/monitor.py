"""One pass of the download monitor: a single qBittorrent call for all our torrents, then bookkeeping.

What a pass does, per download it watches, and reports (the request domain decides what follows):
- saves progress, eta and state;
- reports the requests whose every download has finished;
- `error`, `missingFiles`, or no progress for longer than the stalled threshold: the release is
  blocklisted, the torrent and its data removed, and the request reported broken;
- a torrent of a request the caller names closed is removed with its data (the library is never touched).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.downloads.models import Download, DownloadState
from app.downloads.service import apply_status, blocklist, mark_removed, watched_downloads
from app.integrations.qbittorrent import QbittorrentClient, TorrentStatus
from app.settings.pipeline import pipeline_settings

# States in which "no progress" is qBittorrent's choice (its queue, a pause), not a dead torrent.
WAITING = frozenset({DownloadState.QUEUED, DownloadState.PAUSED, DownloadState.CHECKING})
BROKEN = frozenset({DownloadState.ERROR, DownloadState.MISSING_FILES})
# qBittorrent answers "Ok." to an add before the torrent shows in its list; a pass in between must not
# call a torrent that young "disappeared" (it would drop it and search again for the same release).
LISTING_DELAY = timedelta(minutes=2)


@dataclass(frozen=True)
class GivenUp:
    """A torrent the pass gave up on (already removed with its data), and why."""

    name: str
    info_hash: str
    reason: str


@dataclass
class DownloadsSeen:
    """What one pass saw and did; `broken` and `finished` are for the request domain to act on."""

    watched: int = 0
    qbittorrent_calls: int = 0
    removed: int = 0
    broken: dict[int, list[GivenUp]] = field(default_factory=dict)  # request id -> torrents given up on
    finished: list[int] = field(default_factory=list)  # requests whose every download has finished


async def monitor_downloads(
    session: AsyncSession,
    qbit: QbittorrentClient,
    *,
    closed_requests: Collection[int] = (),
    now: datetime | None = None,
) -> DownloadsSeen:
    """Run one monitor pass (committed); the torrents of `closed_requests` are removed with their data."""
    now = now or utcnow()
    seen = DownloadsSeen()
    rows = await watched_downloads(session)
    seen.watched = len(rows)
    if not rows:
        return seen
    torrents = {status.info_hash: status for status in await qbit.list_torrents()}
    seen.qbittorrent_calls = 1
    stalled_after = (await pipeline_settings(session)).stalled_threshold
    to_remove: list[Download] = []
    failures: dict[int, list[tuple[Download, str, bool]]] = {}
    for row in rows:
        torrent = torrents.get(row.info_hash)
        if row.request_id in closed_requests:
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
        seen.removed += 1
    await session.commit()
    for request_id, problems in failures.items():
        seen.broken[request_id] = await _give_up(session, qbit, request_id, problems)
    open_requests = {row.request_id for row in rows} - set(closed_requests) - set(failures)
    seen.finished = await _finished_requests(session, open_requests)
    return seen


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


Problems = list[tuple[Download, str, bool]]  # a torrent, why it is given up on, and whether to blame it


async def _give_up(
    session: AsyncSession, qbit: QbittorrentClient, request_id: int, problems: Problems
) -> list[GivenUp]:
    """Remove broken torrents with their data, blocklisting the releases to blame (committed)."""
    for row, reason, blame_release in problems:
        await qbit.delete(row.info_hash, delete_files=True)
        if blame_release:
            await blocklist(session, request_id=request_id, info_hash=row.info_hash)
        mark_removed(row, reason)
    await session.commit()
    return [GivenUp(row.name, row.info_hash, reason) for row, reason, _ in problems]


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
