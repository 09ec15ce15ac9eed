"""The download monitor on a real qbittorrent-nox: finish → import queued once; stall → next best release."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import SeededTorrent, Swarm, make_torrent, write_files
from app.celery_app.task_names import COMPLETE_REQUEST as COMPLETE_REQUEST_TASK
from app.celery_app.task_names import PROCESS_REQUEST as PROCESS_REQUEST_TASK
from app.db import utcnow
from app.downloads.models import Download, DownloadState
from app.media_requests.pipeline import MonitorReport, watch_downloads
from app.media_requests.processing import process_request
from app.media_requests.schemas import RequestCreate
from app.media_requests.service import cancel_request, get_request
from app.media_requests.states import RequestStatus
from app.releases.models import Release
from app.settings.service import put_setting
from tests import factories
from tests.support.pipeline import Pipeline, introduce, offer

pytestmark = pytest.mark.integration

FILM = RequestCreate(media_type="movie", tmdb_id=27205, title="Inception", year=2010)


class Published(list[tuple[str, int, str]]):
    """What the monitor queued, instead of a broker (the worker side is tested with a real one elsewhere)."""

    async def __call__(self, task: str, request_id: int, *, task_id: str) -> bool:
        self.append((task, request_id, task_id))
        return True


def unseeded(tmp_path: Path, name: str) -> SeededTorrent:
    """A valid torrent nobody seeds: qBittorrent will wait for peers forever."""
    content = tmp_path / "nobody" / name
    write_files(content, {f"{name}.mkv": 1_000_000})
    data = make_torrent(content)
    from app.downloads.sources import parse_torrent

    return SeededTorrent(data, parse_torrent(data).info_hash, name, {}, content, 0)


async def _downloading(db: AsyncSession) -> int:
    request = await factories.media_request(db, **FILM.model_dump(), celery_task_id="t")
    result = await process_request(db, request_id=request.id, task_id="t")
    assert result.status == "DOWNLOADING", result.detail
    return request.id


async def _pass(
    db: AsyncSession, pipeline: Pipeline, published: Published, **kwargs: object
) -> MonitorReport:
    return await watch_downloads(db, pipeline.qbit, send=published, **kwargs)  # type: ignore[arg-type]


async def test_a_finished_download_queues_its_import_exactly_once(
    db: AsyncSession, pipeline: Pipeline, seeders: Swarm
) -> None:
    seeded = seeders.seed("Inception.2010.1080p.BluRay.x264-FIN", {"Inception.2010.1080p.mkv": 3_000_000})
    offer(pipeline.scenario, seeded, seeded.name, tmdb=FILM.tmdb_id)
    request_id = await _downloading(db)
    published = Published()

    for _ in range(100):
        await introduce(pipeline.qbit, seeders)
        report = await _pass(db, pipeline, published)
        assert report.qbittorrent_calls == 1
        if report.importing:
            break
        await asyncio.sleep(0.2)
    again = await _pass(db, pipeline, published)

    assert [(task, rid) for task, rid, _ in published] == [(COMPLETE_REQUEST_TASK, request_id)]
    assert again.importing == []
    request = await get_request(db, request_id)
    assert request.status is RequestStatus.IMPORTING
    assert request.celery_task_id == published[0][2]
    download = await db.scalar(select(Download).where(Download.request_id == request_id))
    assert download is not None and download.progress == 1.0 and download.completed_at is not None


async def test_a_stalled_torrent_is_blocklisted_removed_and_replaced_by_the_next_best(
    db: AsyncSession, pipeline: Pipeline, seeders: Swarm, tmp_path: Path
) -> None:
    dead = unseeded(tmp_path, "Inception.2010.1080p.BluRay.x264-DEAD")
    offer(pipeline.scenario, dead, dead.name, seeders=999, tmdb=FILM.tmdb_id)
    alive = seeders.seed("Inception.2010.720p.WEB-DL.x264-ALIVE", {"Inception.2010.720p.mkv": 1_000_000})
    offer(pipeline.scenario, alive, alive.name, seeders=5, tmdb=FILM.tmdb_id)
    await put_setting(db, "pipeline", {"stalled_threshold_minutes": 30})
    await db.commit()
    request_id = await _downloading(db)
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [dead.info_hash]
    published = Published()
    for _ in range(100):  # qBittorrent checks a new torrent first; then it waits for peers that never come
        torrent = await pipeline.qbit.get_torrent(dead.info_hash)
        if torrent is not None and torrent.state is DownloadState.STALLED:
            break
        await asyncio.sleep(0.1)

    await _pass(db, pipeline, published)  # first sight: the clock of "no progress" starts
    later = await _pass(db, pipeline, published, now=utcnow() + timedelta(minutes=45))

    assert later.failed_over == [request_id]
    assert [(task, rid) for task, rid, _ in published] == [(PROCESS_REQUEST_TASK, request_id)]
    assert await pipeline.qbit.get_torrent(dead.info_hash) is None
    blocked = await db.scalar(select(Release).where(Release.info_hash == dead.info_hash))
    assert blocked is not None and blocked.blocklisted
    request = await get_request(db, request_id, with_events=True)
    assert request.status is RequestStatus.SEARCHING
    assert "No progress for 0.8 h" in request.events[-1].reason

    retried = await process_request(db, request_id=request_id, task_id=published[0][2])

    assert retried.status == "DOWNLOADING"
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [alive.info_hash]


async def test_a_torrent_missing_from_qbittorrent_is_replaced_only_once_it_should_be_listed(
    db: AsyncSession, pipeline: Pipeline, tmp_path: Path
) -> None:
    gone = unseeded(tmp_path, "Inception.2010.1080p.BluRay.x264-GONE")
    offer(pipeline.scenario, gone, gone.name, tmdb=FILM.tmdb_id)
    request_id = await _downloading(db)
    await pipeline.qbit.delete(gone.info_hash, delete_files=True)  # as if qBittorrent had not listed it yet
    published = Published()

    early = await _pass(db, pipeline, published)
    assert early.failed_over == []
    assert (await get_request(db, request_id)).status is RequestStatus.DOWNLOADING

    later = await _pass(db, pipeline, published, now=utcnow() + timedelta(minutes=3))
    assert later.failed_over == [request_id]
    assert [(task, rid) for task, rid, _ in published] == [(PROCESS_REQUEST_TASK, request_id)]
    request = await get_request(db, request_id, with_events=True)
    assert request.status is RequestStatus.SEARCHING
    assert "The torrent disappeared from qBittorrent" in request.events[-1].reason


async def test_cancelling_removes_the_torrent_and_its_data(
    db: AsyncSession, pipeline: Pipeline, tmp_path: Path
) -> None:
    dead = unseeded(tmp_path, "Inception.2010.1080p.BluRay.x264-SLOW")
    offer(pipeline.scenario, dead, dead.name, tmdb=FILM.tmdb_id)
    request_id = await _downloading(db)
    await cancel_request(db, request_id=request_id, actor="test", reason="changed our mind")

    report = await _pass(db, pipeline, Published())

    assert report.removed == 1
    assert await pipeline.qbit.list_torrents() == []
    download = await db.scalar(select(Download).where(Download.request_id == request_id))
    assert download is not None and download.state is DownloadState.REMOVED
