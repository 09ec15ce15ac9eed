"""« Il y a un problème avec ce film » (issue 17 item 7): a member reports it, a parent has another copy
fetched in one tap; the old file stays in the library until the new one takes its place. On PostgreSQL,
Redis, qbittorrent-nox with the local seeder and the Plex simulator."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.celery_app.task_names import PROCESS_REQUEST
from app.config import get_settings
from app.media_requests.availability import confirm_available, refresh_requests
from app.media_requests.completion import complete_request
from app.media_requests.processing import process_request
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.profiles.models import Role
from app.releases.models import Release
from tests import factories
from tests.support.auth import app_client
from tests.support.broker_queue import queued
from tests.support.pipeline import Pipeline, PlexServer, finish_download, offer

pytestmark = pytest.mark.integration

FIRST = b"\x1a\x45\xdf\xa3" + b"english only " * 100_000
SECOND = b"\x1a\x45\xdf\xa3" + b"francais et anglais " * 80_000


def _film() -> Path:
    library = get_settings().library_root
    assert library is not None
    return library / "Movies" / "Inception (2010)" / "Inception (2010).mkv"


async def test_a_reported_copy_is_replaced_and_the_old_file_stays_until_the_new_one_is_in(
    db: AsyncSession,
    pipeline: Pipeline,
    plex: PlexServer,
    seeders: Swarm,
    client: httpx.AsyncClient,
    broker: redis.Redis,
) -> None:
    english = seeders.seed("Inception.2010.1080p.BluRay.x264-ENG", {"Inception.2010.1080p.mkv": FIRST})
    offer(pipeline.scenario, english, english.name, seeders=500, tmdb=27205)
    multi = seeders.seed("Inception.2010.MULTi.1080p.WEB-DL.x264-FR", {"Inception.2010.MULTi.mkv": SECOND})
    offer(pipeline.scenario, multi, multi.name, seeders=20, tmdb=27205)
    member = await factories.profile(db, "Léo")
    request = await factories.media_request(
        db, tmdb_id=27205, title="Inception", year=2010, requested_by=member, celery_task_id="t"
    )
    assert (await process_request(db, request_id=request.id, task_id="t")).status == "DOWNLOADING"
    await finish_download(db, pipeline, seeders)
    assert (await complete_request(db, request_id=request.id, task_id="i")).status == "COMPLETED"
    assert _film().read_bytes() == FIRST

    async with app_client(profile=member) as as_leo:
        reported = await as_leo.post(
            "/api/v1/problems",
            json={"request_id": request.id, "kind": "wrong_language", "note": "pas en français"},
        )
    assert reported.status_code == 201, reported.text
    listed = (await client.get("/api/v1/problems")).json()
    assert [(p["title"], p["kind"], p["reporter"], p["state"]) for p in listed] == [
        ("Inception", "wrong_language", "Léo", "open")
    ]
    broker.delete("requests")

    replaced = await client.post(f"/api/v1/problems/{listed[0]['id']}/replace")

    assert replaced.status_code == 200 and replaced.json()["state"] == "replacing"
    assert (await get_request(db, request.id)).status is RequestStatus.SEARCHING
    assert [m.task for m in queued(broker)] == [PROCESS_REQUEST]
    old = await db.scalar(select(Release).where(Release.info_hash == english.info_hash))
    assert old is not None and old.blocklisted
    assert old.rejection_reasons == [{"code": "problem_wrong_language", "message": "wrong_language"}]

    searching = await get_request(db, request.id)
    result = await process_request(db, request_id=request.id, task_id=searching.celery_task_id)
    assert result.status == "DOWNLOADING", result.detail
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [multi.info_hash]
    assert _film().read_bytes() == FIRST, "the old copy stays while the new one downloads"
    # Plex still lists the old copy: the sync must not call the request available meanwhile.
    await factories.library_item(db, title="Inception", tmdb_id=27205, year=2010)
    await refresh_requests(db, tmdb=None)
    assert (await get_request(db, request.id)).status is RequestStatus.DOWNLOADING

    await finish_download(db, pipeline, seeders)
    done = await complete_request(db, request_id=request.id, task_id="i2")

    assert done.status == "COMPLETED", done.detail
    assert _film().read_bytes() == SECOND
    # The old copy waits under a hidden name (Plex skips those) until Plex lists the film after the scan.
    [kept] = [p for p in _film().parent.iterdir() if p.name != _film().name]
    assert kept.name.startswith(".") and kept.read_bytes() == FIRST
    final = (await get_request(db, request.id, with_events=True)).events[-1]
    assert final.reason.startswith("Another copy is in the library in place of the old one.")
    assert (await client.get("/api/v1/problems")).json() == [], "the report is resolved"

    assert await confirm_available(db, request_id=request.id) == "AVAILABLE"
    assert sorted(p.name for p in _film().parent.iterdir()) == ["Inception (2010).mkv"], "no old copy left"
    assert _film().read_bytes() == SECOND


async def test_a_title_plex_kiosk_did_not_download_can_be_reported_but_not_replaced(
    db: AsyncSession, client: httpx.AsyncClient, broker: redis.Redis
) -> None:
    child = await factories.profile(db, "Mia", Role.CHILD)
    someone = await factories.media_request(
        db, tmdb_id=603, title="The Matrix", status=RequestStatus.AVAILABLE
    )
    async with app_client(profile=child) as as_mia:
        made = await as_mia.post(
            "/api/v1/problems",
            json={"media_type": "movie", "tmdb_id": 862, "title": "Toy Story", "kind": "no_sound"},
        )
        others = await as_mia.post("/api/v1/problems", json={"request_id": someone.id, "kind": "bad_picture"})
        vague = await as_mia.post("/api/v1/problems", json={"kind": "other"})
        assert (await as_mia.get("/api/v1/problems")).status_code == 403
    assert made.status_code == 201 and made.json()["request_id"] is None
    assert (others.status_code, vague.status_code) == (403, 422)
    assert others.json()["code"] == "not_yours"  # worded by the kiosk in the child's language

    refused = await client.post(f"/api/v1/problems/{made.json()['id']}/replace")
    assert refused.status_code == 409 and "did not download this copy" in refused.json()["detail"]
    closed = await client.post(f"/api/v1/problems/{made.json()['id']}/dismiss")
    assert closed.json()["state"] == "dismissed" and closed.json()["handled_by"] == "a script (API key)"
    assert (await client.get("/api/v1/problems")).json() == []
    assert [m.task for m in queued(broker)] == []
