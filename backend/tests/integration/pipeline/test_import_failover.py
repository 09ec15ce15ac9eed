"""Fail-over at import (issue 17 item 3), on qbittorrent-nox and the local seeder: a RAR set is unpacked and
imported; a download with nothing importable is blocklisted with its reason, removed with its data, and the
next best release is grabbed; after too many such releases the request fails saying why."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.celery_app.task_names import PROCESS_REQUEST
from app.config import get_settings
from app.downloads.models import Download, DownloadState
from app.media_requests.completion import UNPACK_FOLDER, complete_request
from app.media_requests.processing import process_request
from app.media_requests.service import get_request
from app.releases.models import Release
from app.settings.pipeline import PIPELINE_SETTING
from app.settings.service import put_setting
from tests import factories
from tests.support.broker_queue import queued
from tests.support.pipeline import Pipeline, PlexServer, finish_download, offer
from tests.support.rar import stored_rar

pytestmark = pytest.mark.integration

FILM = {"tmdb_id": 27205, "title": "Inception", "year": 2010}
VIDEO = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 6000  # an MKV's magic, then 1.5 MB of "film"


async def _downloaded(db: AsyncSession, pipeline: Pipeline, seeders: Swarm, request_id: int) -> None:
    await finish_download(db, pipeline, seeders)


async def _grab_and_finish(db: AsyncSession, pipeline: Pipeline, seeders: Swarm, task: str) -> int:
    request = await factories.media_request(db, **FILM, celery_task_id=task)
    assert (await process_request(db, request_id=request.id, task_id=task)).status == "DOWNLOADING"
    await _downloaded(db, pipeline, seeders, request.id)
    return request.id


async def test_a_rar_set_is_unpacked_and_the_film_imported_then_the_unpacked_copy_cleared(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm, broker: redis.Redis
) -> None:
    packed = seeders.seed(
        "Inception.2010.1080p.BluRay.x264-SCENE",
        {
            "inception-scene.rar": stored_rar({"Inception.2010.1080p.BluRay.x264-SCENE.mkv": VIDEO}),
            "inception-scene.nfo": b"scene info",
        },
    )
    offer(pipeline.scenario, packed, packed.name, tmdb=27205)
    request_id = await _grab_and_finish(db, pipeline, seeders, "t")

    result = await complete_request(db, request_id=request_id, task_id="import")

    assert result.status == "COMPLETED", result.detail
    library = get_settings().library_root
    assert library is not None
    film = library / "Movies" / "Inception (2010)" / "Inception (2010).mkv"
    assert film.read_bytes() == VIDEO
    row = await db.scalar(select(Download).where(Download.info_hash == packed.info_hash))
    assert row is not None and row.save_path is not None
    assert not (Path(row.save_path) / UNPACK_FOLDER / packed.info_hash).exists(), (
        "the unpacked copy is cleared"
    )
    assert (Path(row.save_path) / packed.name / "inception-scene.rar").exists(), "the torrent keeps seeding"


async def test_a_sample_only_download_is_blocklisted_removed_and_the_next_best_release_grabbed(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm, broker: redis.Redis
) -> None:
    fake = seeders.seed("Inception.2010.1080p.BluRay.x264-FAKE", {"Sample/inception-sample.mkv": 300_000})
    offer(pipeline.scenario, fake, fake.name, seeders=900, tmdb=27205)
    good = seeders.seed("Inception.2010.720p.BluRay.x264-GOOD", {"Inception.2010.720p.mkv": 1_000_000})
    offer(pipeline.scenario, good, good.name, seeders=10, tmdb=27205)
    request_id = await _grab_and_finish(db, pipeline, seeders, "t")
    broker.delete("requests")

    result = await complete_request(db, request_id=request_id, task_id="import")

    assert result.status == "SEARCHING", result.detail
    assert [m.task for m in queued(broker)] == [PROCESS_REQUEST]
    request = await get_request(db, request_id, with_events=True)
    assert request.events[-1].reason == "Nothing to import (only a sample); trying the next best release"
    release = await db.scalar(select(Release).where(Release.info_hash == fake.info_hash))
    assert release is not None and release.blocklisted
    assert release.rejection_reasons == [{"code": "sample_only", "message": "only a sample"}]
    assert await pipeline.qbit.get_torrent(fake.info_hash) is None, "removed from qBittorrent"
    row = await db.scalar(select(Download).where(Download.info_hash == fake.info_hash))
    assert row is not None and row.save_path is not None and row.state is DownloadState.REMOVED
    assert not (Path(row.save_path) / fake.name).exists(), "and its data with it"

    again = await process_request(db, request_id=request_id, task_id=request.celery_task_id)

    assert again.status == "DOWNLOADING", again.detail
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [good.info_hash]


async def test_archives_that_cannot_be_unpacked_fail_over_and_too_many_failures_fail_the_request(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm, broker: redis.Redis
) -> None:
    await put_setting(db, PIPELINE_SETTING, {"max_failed_releases": 1})
    await db.commit()
    broken = stored_rar({"Inception.2010.mkv": VIDEO})
    broken = broken[:200] + bytes(len(broken) - 200)  # the data past its headers is lost
    bad = seeders.seed("Inception.2010.1080p.WEB-DL.x264-BROKEN", {"inception.rar": broken})
    offer(pipeline.scenario, bad, bad.name, tmdb=27205)
    request_id = await _grab_and_finish(db, pipeline, seeders, "t")

    result = await complete_request(db, request_id=request_id, task_id="import")

    assert result.status == "FAILED", result.detail
    request = await get_request(db, request_id)
    assert request.error is not None
    assert request.error.startswith(
        "1 releases had nothing that could be imported; the last one: only archives"
    )
    row = await db.scalar(select(Download).where(Download.info_hash == bad.info_hash))
    assert row is not None and row.state is DownloadState.REMOVED
