"""Search → select → qBittorrent, on a real qbittorrent-nox and the Torznab simulator."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.downloads.models import Download
from app.downloads.service import request_tag
from app.media_requests.processing import process_request
from app.media_requests.schemas import RequestCreate
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.releases.models import Release
from tests import factories
from tests.support.pipeline import Pipeline, offer

pytestmark = pytest.mark.integration

FILM = RequestCreate(media_type="movie", tmdb_id=27205, title="Inception", year=2010)


async def test_the_best_release_goes_to_qbittorrent_tagged_with_its_request(
    db: AsyncSession, pipeline: Pipeline, seeders: Swarm
) -> None:
    good = seeders.seed(
        "Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.BluRay.x264-GRP.mkv": 2_000_000}
    )
    offer(pipeline.scenario, good, good.name, seeders=150, tmdb=FILM.tmdb_id)
    offer(pipeline.scenario, None, "Inception.2010.CAM.x264-BAD", seeders=900, tmdb=FILM.tmdb_id)
    offer(pipeline.scenario, None, "Inception.2013.1080p.WEB-DL.x264-OTHER", seeders=90, tmdb=FILM.tmdb_id)
    request = await factories.media_request(db, **FILM.model_dump(), celery_task_id="test-task")

    result = await process_request(db, request_id=request.id, task_id="test-task")

    assert result.status == "DOWNLOADING", result.detail
    assert result.detail.startswith("Picked 1080p Bluray x264")
    assert "rejected 2" in result.detail
    torrent = await pipeline.qbit.get_torrent(good.info_hash)
    assert torrent is not None
    assert torrent.category == pipeline.category
    assert request_tag(request.id) in torrent.tags
    downloads = list(await db.scalars(select(Download).where(Download.request_id == request.id)))
    assert [d.info_hash for d in downloads] == [good.info_hash]
    verdicts = {r.title: r for r in await db.scalars(select(Release).where(Release.request_id == request.id))}
    assert verdicts[good.name].chosen and not verdicts[good.name].rejected
    assert verdicts["Inception.2010.CAM.x264-BAD"].rejected
    refreshed = await get_request(db, request.id, with_events=True)
    assert refreshed.selection and refreshed.selection[0]["chosen"]["title"] == good.name
    assert [e.to_status for e in refreshed.events][-1] is RequestStatus.DOWNLOADING


async def test_running_the_step_again_adds_no_second_torrent(
    db: AsyncSession, pipeline: Pipeline, seeders: Swarm
) -> None:
    first = seeders.seed("Inception.2010.720p.BluRay.x264-ONE", {"Inception.2010.720p.mkv": 1_000_000})
    offer(pipeline.scenario, first, first.name, seeders=20, tmdb=FILM.tmdb_id)
    request = await factories.media_request(db, **FILM.model_dump(), celery_task_id="test-task")
    await process_request(db, request_id=request.id, task_id="test-task")
    # A crash left the row SEARCHING with its download recorded; a better release appeared since.
    await factories.request_left_as(db, request, status="SEARCHING")
    better = seeders.seed("Inception.2010.1080p.BluRay.x264-TWO", {"Inception.2010.1080p.mkv": 1_000_000})
    offer(pipeline.scenario, better, better.name, seeders=500, tmdb=FILM.tmdb_id)

    again = await process_request(db, request_id=request.id, task_id="test-task-2")

    assert again.status == "DOWNLOADING"
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [first.info_hash]


async def test_nothing_acceptable_is_not_found_with_the_reasons_and_a_next_search(
    db: AsyncSession, pipeline: Pipeline
) -> None:
    offer(pipeline.scenario, None, "Inception.2010.CAM.x264-BAD", seeders=900, tmdb=FILM.tmdb_id)
    offer(pipeline.scenario, None, "Interstellar.2014.1080p.BluRay.x264-GRP", seeders=90, tmdb=FILM.tmdb_id)
    request = await factories.media_request(db, **FILM.model_dump(), celery_task_id="test-task")

    result = await process_request(db, request_id=request.id, task_id="test-task")

    assert result.status == "NOT_FOUND"
    assert "rejected 2" in result.detail and "CAM" in result.detail and "wrong title" in result.detail
    row = await get_request(db, request.id)
    assert row.next_search_at is not None
    assert row.selection and row.selection[0]["rejected_count"] == 2
    reasons = {group["code"]: group["count"] for group in row.selection[0]["rejected_by_reason"]}
    assert reasons == {"pre_release": 1, "wrong_title": 1}
    assert await pipeline.qbit.list_torrents() == []
