"""Bookkeeping of our torrents: one row per info-hash, its progress, and the releases we gave up on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.downloads.models import Download, DownloadState
from app.integrations.qbittorrent import TorrentStatus
from app.integrations.qbittorrent_states import is_finished
from app.releases.models import Release

# Rows in these states are watched by the monitor; the others are history.
WATCHED_STATES = frozenset(DownloadState) - {DownloadState.REMOVED}
TAG_PREFIX = "plex-kiosk-request-"


def request_tag(request_id: int) -> str:
    """The qBittorrent tag that ties a torrent to its request."""
    return f"{TAG_PREFIX}{request_id}"


async def record_download(
    session: AsyncSession,
    *,
    request_id: int,
    release_id: int | None,
    info_hash: str,
    name: str,
    save_path: str,
) -> Download:
    """The row for `info_hash`, created if new; the same hash twice is a no-op (not committed).

    A hash last used by another, finished request (the family asked again after a cancel) is taken over.
    """
    row = await session.scalar(select(Download).where(Download.info_hash == info_hash).with_for_update())
    if row is None:
        row = Download(
            request_id=request_id,
            release_id=release_id,
            info_hash=info_hash,
            name=name[:1000],
            save_path=save_path,
            state=DownloadState.QUEUED,
        )
        session.add(row)
        await session.flush()
        return row
    if row.request_id != request_id or row.state is DownloadState.REMOVED:
        row.request_id = request_id
        row.release_id = release_id
        row.state = DownloadState.QUEUED
        row.progress = 0.0
        row.error = None
        row.completed_at = None
        row.last_progress_at = None
        row.save_path = save_path
    return row


async def downloads_of(
    session: AsyncSession, request_id: int, *, watched_only: bool = True
) -> list[Download]:
    """A request's downloads, oldest first."""
    query = select(Download).where(Download.request_id == request_id).order_by(Download.id)
    if watched_only:
        query = query.where(Download.state.in_(WATCHED_STATES))
    return list(await session.scalars(query))


async def watched_downloads(session: AsyncSession) -> list[Download]:
    """Every download the monitor looks after."""
    return list(await session.scalars(select(Download).where(Download.state.in_(WATCHED_STATES))))


def apply_status(row: Download, status: TorrentStatus, now: datetime) -> bool:
    """Copy qBittorrent's view onto the row; True when the torrent just finished."""
    if status.downloaded > (row.downloaded_bytes or 0) or row.last_progress_at is None:
        row.last_progress_at = now
    row.state = status.state
    row.progress = status.progress
    row.eta_seconds = status.eta
    row.size_bytes = status.size
    row.downloaded_bytes = status.downloaded
    row.content_path = status.content_path or row.content_path
    row.save_path = status.save_path or row.save_path
    finished = is_finished(status.raw_state) and row.completed_at is None
    if finished:
        row.completed_at = now
        row.progress = 1.0
    return finished


def mark_removed(row: Download, reason: str | None = None) -> None:
    """The torrent is gone from qBittorrent (by us); keep the row as history."""
    row.state = DownloadState.REMOVED
    if reason:
        row.error = reason


async def blocklist(
    session: AsyncSession, *, request_id: int, info_hash: str, reason: tuple[str, str] | None = None
) -> None:
    """Never pick this release again for this request (not committed); `reason` is (code, words)."""
    values: dict[str, object] = {"blocklisted": True, "chosen": False}
    if reason is not None:
        values["rejection_reasons"] = [{"code": reason[0], "message": reason[1]}]
    await session.execute(
        update(Release)
        .where(Release.request_id == request_id, Release.info_hash == info_hash)
        .values(**values)
    )


async def given_up_count(session: AsyncSession, request_id: int) -> int:
    """How many releases this request has given up on."""
    count = await session.scalar(
        select(func.count())
        .select_from(Release)
        .where(Release.request_id == request_id, Release.blocklisted.is_(True))
    )
    return int(count or 0)


async def blocklisted_hashes(session: AsyncSession, request_id: int) -> frozenset[str]:
    """Info-hashes given up on for this request."""
    rows: Sequence[str | None] = (
        await session.scalars(
            select(Release.info_hash).where(Release.request_id == request_id, Release.blocklisted.is_(True))
        )
    ).all()
    return frozenset(value for value in rows if value)
