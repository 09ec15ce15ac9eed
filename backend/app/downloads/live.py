"""Download progress as qBittorrent sees it right now, for the kiosk's screens.

The monitor saves progress every 5 minutes; a family watching a progress bar needs better. Reads go
to qBittorrent through a cache of a few seconds shared by every screen of this API process, so ten
kiosks refreshing every second still cost one qBittorrent call per few seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.downloads.models import Download, DownloadState
from app.downloads.monitor import BROKEN, LISTING_DELAY
from app.integrations.errors import IntegrationError
from app.integrations.qbittorrent import QbittorrentConfig, TorrentStatus
from app.settings.integrations.qbittorrent import client_for, qbittorrent_settings

log = logging.getLogger(__name__)
CACHE_SECONDS = 3.0


@dataclass(frozen=True)
class Progress:
    """A request's downloads taken together."""

    fraction: float
    eta_seconds: int | None
    download_speed: int
    state: DownloadState
    live: bool  # False: qBittorrent did not answer, these are the monitor's last figures
    # A torrent gone from qBittorrent or in error: the monitor should look now, not at its next pass.
    broken: bool = False


class _Snapshot:
    def __init__(self) -> None:
        self.taken_at = 0.0
        self.config: QbittorrentConfig | None = None
        self.torrents: dict[str, TorrentStatus] | None = None
        self.lock = asyncio.Lock()


_snapshot = _Snapshot()


async def _torrents(session: AsyncSession) -> dict[str, TorrentStatus] | None:
    config = (await qbittorrent_settings(session)).config()
    if config is None:
        return None
    async with _snapshot.lock:
        fresh = time.monotonic() - _snapshot.taken_at < CACHE_SECONDS and _snapshot.config == config
        if not fresh:
            try:
                listed = await client_for(config).list_torrents()
                _snapshot.torrents = {torrent.info_hash: torrent for torrent in listed}
            except IntegrationError as exc:
                log.info("qBittorrent did not answer for live progress: %s", exc)
                _snapshot.torrents = None
            _snapshot.taken_at, _snapshot.config = time.monotonic(), config
        return _snapshot.torrents


async def progress_of(session: AsyncSession, request_ids: Iterable[int]) -> dict[int, Progress]:
    """Progress of each request that has downloads under way."""
    ids = list(request_ids)
    if not ids:
        return {}
    rows = list(
        await session.scalars(
            select(Download).where(Download.request_id.in_(ids), Download.state != DownloadState.REMOVED)
        )
    )
    if not rows:
        return {}
    torrents = await _torrents(session)
    grouped: dict[int, list[Download]] = {}
    for row in rows:
        grouped.setdefault(row.request_id, []).append(row)
    return {request_id: _combine(downloads, torrents) for request_id, downloads in grouped.items()}


def _combine(rows: list[Download], torrents: dict[str, TorrentStatus] | None) -> Progress:
    live = torrents is not None
    size = done = speed = 0
    etas: list[int] = []
    states: list[DownloadState] = []
    broken = False
    now = utcnow()
    for row in rows:
        torrent = torrents.get(row.info_hash) if torrents is not None else None
        unfinished = row.completed_at is None
        if torrents is not None and unfinished:
            gone = torrent is None and now - row.created_at >= LISTING_DELAY
            broken = broken or gone or (torrent is not None and torrent.state in BROKEN)
        if torrent is not None:
            size += torrent.size
            done += min(torrent.downloaded, torrent.size)
            speed += torrent.dlspeed
            states.append(torrent.state)
            if torrent.eta is not None and torrent.progress < 1:
                etas.append(torrent.eta)
        else:
            live = False
            size += row.size_bytes or 0
            done += int((row.size_bytes or 0) * row.progress)
            states.append(row.state)
            if row.eta_seconds is not None and row.progress < 1:
                etas.append(row.eta_seconds)
    fraction = done / size if size else (1.0 if all(s is DownloadState.COMPLETED for s in states) else 0.0)
    # The least advanced torrent tells where the request stands.
    order = list(DownloadState)
    state = min(states, key=order.index) if states else DownloadState.QUEUED
    return Progress(round(fraction, 4), max(etas) if etas else None, speed, state, live, broken)


async def download_speed(session: AsyncSession) -> int | None:
    """Bytes per second our unfinished torrents download at right now (the shared snapshot above);
    None when qBittorrent is not set up or did not answer."""
    hashes = set(
        await session.scalars(
            select(Download.info_hash).where(
                Download.completed_at.is_(None), Download.state != DownloadState.REMOVED
            )
        )
    )
    torrents = await _torrents(session)
    if torrents is None:
        return None
    return sum(torrent.dlspeed for info_hash, torrent in torrents.items() if info_hash in hashes)
