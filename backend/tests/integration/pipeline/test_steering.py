"""A parent steers a request through the API: every candidate, a pick (also a set-aside one), search again
now, retry, unblock. The worker's step then grabs the pick in the real qbittorrent-nox."""

from __future__ import annotations

import httpx
import pytest
import redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.downloads.models import Download, DownloadState
from app.media_requests.processing import process_request
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.profiles.models import Role
from app.releases.models import Release
from tests import factories
from tests.support.auth import app_client
from tests.support.broker_queue import queued
from tests.support.pipeline import Pipeline, offer

pytestmark = pytest.mark.integration

INCEPTION = {"tmdb_id": 27205, "title": "Inception", "year": 2010}
ACTOR = "a script (API key)"


async def _timeline(db: AsyncSession, request_id: int) -> list[tuple[str, str, str]]:
    request = await get_request(db, request_id, with_events=True)
    return [(event.to_status.value, event.actor, event.reason) for event in request.events]


async def test_a_parent_sees_every_candidate_with_what_was_read_from_its_name_and_why_it_was_set_aside(
    db: AsyncSession, pipeline: Pipeline, client: httpx.AsyncClient
) -> None:
    offer(pipeline.scenario, None, "Inception.2010.MULTi.1080p.BluRay.x264-FRG", seeders=150, tmdb=27205)
    offer(pipeline.scenario, None, "Inception.2010.720p.WEB-DL.x264-ENG", seeders=40, tmdb=27205)
    offer(pipeline.scenario, None, "Inception.2010.CAM.x264-BAD", seeders=900, tmdb=27205)
    request = await factories.media_request(db, **INCEPTION, status=RequestStatus.NOT_FOUND)

    response = await client.post(f"/api/v1/requests/{request.id}/releases/search")

    assert response.status_code == 200, response.text
    found = {release["title"]: release for release in response.json()}
    best = found["Inception.2010.MULTi.1080p.BluRay.x264-FRG"]
    assert (best["rank"], best["resolution"], best["source"], best["indexer"]) == (
        1,
        "1080p",
        "bluray",
        "LoopbackTracker",
    )
    assert best["language_tags"] == ["MULTI"] and best["seeders"] == 150
    assert found["Inception.2010.720p.WEB-DL.x264-ENG"]["rank"] == 2
    cam = found["Inception.2010.CAM.x264-BAD"]
    assert cam["rejected"] and cam["rank"] is None and cam["reasons"][0]["code"]
    # The list is the same when read again, acceptable ones best first, set-aside ones after.
    listed = (await client.get(f"/api/v1/requests/{request.id}/releases")).json()
    assert [r["title"] for r in listed][-1] == "Inception.2010.CAM.x264-BAD"
    # Looking changed nothing but the timeline, which says who searched.
    assert (await get_request(db, request.id)).status is RequestStatus.NOT_FOUND
    status, actor, reason = (await _timeline(db, request.id))[-1]
    assert (status, actor) == ("NOT_FOUND", ACTOR) and "3 found, 2 acceptable" in reason


async def test_a_set_aside_release_needs_a_confirmation_then_the_worker_grabs_exactly_it(
    db: AsyncSession, pipeline: Pipeline, client: httpx.AsyncClient, broker: redis.Redis, seeders: Swarm
) -> None:
    # Only a 2160p copy exists, which the HD-1080p profile refuses; a parent decides it is fine.
    uhd = seeders.seed("Inception.2010.2160p.UHD.BluRay.x265-GRP", {"Inception.2010.2160p.mkv": 1_500_000})
    offer(pipeline.scenario, uhd, uhd.name, seeders=30, tmdb=27205)
    request = await factories.media_request(db, **INCEPTION, status=RequestStatus.NOT_FOUND)
    listed = (await client.post(f"/api/v1/requests/{request.id}/releases/search")).json()
    assert [(r["title"], r["rejected"]) for r in listed] == [(uhd.name, True)]
    pick = f"/api/v1/requests/{request.id}/releases/{listed[0]['id']}/pick"

    unconfirmed = await client.post(pick, json={})
    assert unconfirmed.status_code == 409
    assert unconfirmed.json()["needs_confirmation"] is True and "confirm" in unconfirmed.json()["detail"]
    assert unconfirmed.json()["reasons"] == listed[0]["reasons"]
    assert [m.id for m in queued(broker)] == []

    confirmed = await client.post(pick, json={"confirm": True})

    assert confirmed.status_code == 200, confirmed.text
    body = confirmed.json()
    assert body["status"] == "PENDING" and [m.id for m in queued(broker)] == [body["celery_task_id"]]
    result = await process_request(db, request_id=request.id, task_id=body["celery_task_id"])
    assert result.status == "DOWNLOADING", result.detail
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [uhd.info_hash]
    timeline = await _timeline(db, request.id)
    assert ("PENDING", ACTOR, f"{ACTOR} picked {uhd.name}") in timeline
    assert timeline[-1][0] == "DOWNLOADING" and "a parent picked" in timeline[-1][2]


async def test_picking_another_release_replaces_a_stuck_download_and_removes_its_data(
    db: AsyncSession, pipeline: Pipeline, client: httpx.AsyncClient, seeders: Swarm
) -> None:
    stuck = seeders.seed("Inception.2010.1080p.BluRay.x264-STUCK", {"Inception.2010.1080p.mkv": 1_000_000})
    offer(pipeline.scenario, stuck, stuck.name, seeders=500, tmdb=27205)
    other = seeders.seed("Inception.2010.1080p.WEB-DL.x264-OTHER", {"Inception.2010.web.mkv": 1_000_000})
    offer(pipeline.scenario, other, other.name, seeders=20, tmdb=27205)
    request = await factories.media_request(db, **INCEPTION, celery_task_id="first")
    assert (await process_request(db, request_id=request.id, task_id="first")).status == "DOWNLOADING"
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [stuck.info_hash]
    listed = {r["title"]: r for r in (await client.get(f"/api/v1/requests/{request.id}/releases")).json()}
    assert listed[stuck.name]["chosen"] and not listed[other.name]["chosen"]

    picked = await client.post(
        f"/api/v1/requests/{request.id}/releases/{listed[other.name]['id']}/pick", json={}
    )

    assert picked.status_code == 200 and picked.json()["status"] == "SEARCHING"
    result = await process_request(db, request_id=request.id, task_id=picked.json()["celery_task_id"])
    assert result.status == "DOWNLOADING", result.detail
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [other.info_hash]
    downloads = {
        d.info_hash: d for d in await db.scalars(select(Download).where(Download.request_id == request.id))
    }
    assert downloads[stuck.info_hash].state is DownloadState.REMOVED
    assert downloads[other.info_hash].state is not DownloadState.REMOVED
    # The same pick is not grabbed twice by a later step.
    releases = {r.title: r for r in await db.scalars(select(Release).where(Release.request_id == request.id))}
    assert releases[other.name].chosen and releases[other.name].picked_by == ACTOR
    # The parent turned the stuck copy down: it is kept on the blocklist, where "unblock" can undo it.
    assert releases[stuck.name].blocklisted and not releases[stuck.name].chosen


async def test_search_again_now_and_retry_queue_the_search_at_once_and_say_who_asked(
    db: AsyncSession, client: httpx.AsyncClient, broker: redis.Redis
) -> None:
    waiting = await factories.media_request(db, **INCEPTION, status=RequestStatus.NOT_FOUND, error="nothing")
    failed = await factories.media_request(
        db,
        tmdb_id=603,
        title="The Matrix",
        year=1999,
        status=RequestStatus.FAILED,
        error="qBittorrent refused",
    )
    ready = await factories.media_request(
        db, tmdb_id=155, title="The Dark Knight", status=RequestStatus.AVAILABLE
    )

    again = await client.post(f"/api/v1/requests/{waiting.id}/search-now")
    retry = await client.post(f"/api/v1/requests/{failed.id}/search-now")
    refused = await client.post(f"/api/v1/requests/{ready.id}/search-now")

    assert (again.status_code, retry.status_code, refused.status_code) == (200, 200, 409)
    assert again.json()["status"] == retry.json()["status"] == "PENDING"
    assert retry.json()["error"] is None and again.json()["next_search_at"] is None
    assert sorted([m.id for m in queued(broker)]) == sorted(
        [again.json()["celery_task_id"], retry.json()["celery_task_id"]]
    )
    assert (await _timeline(db, failed.id))[-1] == ("PENDING", ACTOR, f"Retry, asked by {ACTOR}")
    assert (await _timeline(db, waiting.id))[-1] == ("PENDING", ACTOR, f"Search again now, asked by {ACTOR}")
    assert "AVAILABLE" in refused.json()["detail"]
    assert (refused.json()["code"], refused.json()["params"]) == ("not_now", {"status": "AVAILABLE"})


async def test_a_blocklisted_release_is_listed_last_and_a_parent_can_unblock_it_but_a_child_cannot(
    db: AsyncSession, client: httpx.AsyncClient
) -> None:
    request = await factories.media_request(db, **INCEPTION, status=RequestStatus.NOT_FOUND)
    db.add_all(
        [
            Release(request_id=request.id, indexer="T", title="Inception.2010.1080p.BluRay.x264-DEAD",
                    info_hash="a" * 40, blocklisted=True, rejected=False),
            Release(request_id=request.id, indexer="T", title="Inception.2010.720p.BluRay.x264-OK",
                    info_hash="b" * 40, score=0.0, quality="Bluray-720p"),
        ]
    )  # fmt: skip
    await db.commit()
    child = await factories.profile(db, "Léa", Role.CHILD)
    listed = (await client.get(f"/api/v1/requests/{request.id}/releases")).json()
    assert [(r["title"], r["blocklisted"]) for r in listed] == [
        ("Inception.2010.720p.BluRay.x264-OK", False),
        ("Inception.2010.1080p.BluRay.x264-DEAD", True),
    ]
    unblock = f"/api/v1/requests/{request.id}/releases/{listed[1]['id']}/blocklist"

    async with app_client(profile=child) as as_child:
        assert (await as_child.delete(unblock)).status_code == 403
        assert (await as_child.get(f"/api/v1/requests/{request.id}/releases")).status_code == 403
    response = await client.delete(unblock)

    assert response.status_code == 200 and response.json()["blocklisted"] is False
    assert (await _timeline(db, request.id))[-1][
        2
    ] == f"{ACTOR} unblocked Inception.2010.1080p.BluRay.x264-DEAD"
    missing = await client.delete(f"/api/v1/requests/{request.id}/releases/999999/blocklist")
    assert (missing.status_code, missing.json()["code"]) == (404, "release_not_found")
