"""4K on request (issue 16 item 5): a parent, or a profile allowed to, picks a request's quality profile;
a 4K film is ranked by its own profile and goes to its own library folder beside the HD copy, so Plex lists
both. On PostgreSQL and Redis through the real API, then qbittorrent-nox with the local seeder, the Torznab
and Plex simulators."""

from __future__ import annotations

import shutil

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.config import get_settings
from app.media_requests.completion import complete_request
from app.media_requests.processing import process_request
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.profiles.models import Role
from app.settings.service import put_setting
from tests import factories
from tests.support.auth import app_client
from tests.support.pipeline import Pipeline, PlexServer, content_files, finish_download, offer

pytestmark = pytest.mark.integration

DUNE = {"media_type": "movie", "tmdb_id": 438631, "title": "Dune", "year": 2021}


async def test_who_may_choose_a_requests_quality_and_what_a_4k_request_is(
    db: AsyncSession, client: httpx.AsyncClient, broker: redis.Redis
) -> None:
    member = await factories.profile(db, "Léo")
    trusted = await factories.profile(db, "Inès", may_choose_quality=True)
    await factories.library_item(db, title="Dune", tmdb_id=438631, year=2021)  # Plex has the HD copy

    async with app_client(profile=member) as as_leo:
        refused = await as_leo.post("/api/v1/requests", json={**DUNE, "quality_profile": "Ultra HD 4K"})
        plain = await as_leo.post("/api/v1/requests", json=DUNE)
    async with app_client(profile=trusted) as as_ines:
        chosen = await as_ines.post("/api/v1/requests", json={**DUNE, "quality_profile": "ultra hd 4k"})
    unknown = await client.post("/api/v1/requests", json={**DUNE, "quality_profile": "8K"})
    by_parent = await client.post("/api/v1/requests", json={**DUNE, "quality_profile": "Ultra HD 4K"})

    assert refused.status_code == 403
    assert refused.json()["detail"] == "Seul un parent peut choisir la qualité d'une demande."
    # Without a choice, the film Plex has is available at once; the 4K copy is a request of its own.
    assert (plain.status_code, plain.json()["status"]) == (201, "AVAILABLE")
    assert chosen.status_code == 201, chosen.text
    assert (chosen.json()["status"], chosen.json()["quality_profile"]) == ("PENDING", "Ultra HD 4K")
    assert unknown.status_code == 422
    assert (by_parent.status_code, by_parent.json()["id"]) == (200, chosen.json()["id"])  # joins it
    parent = await factories.profile(db, "Maman", Role.ADMIN)
    async with app_client(profile=parent) as as_mum:
        allowed = await as_mum.patch(f"/api/v1/profiles/{member.id}", json={"may_choose_quality": True})
    assert allowed.status_code == 200 and allowed.json()["may_choose_quality"] is True


async def test_a_4k_film_is_ranked_by_its_profile_and_lands_in_its_own_folder(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm
) -> None:
    await put_setting(db, "pipeline", {"movies_4k_folder": "Movies 4K"})
    await db.commit()
    uhd = seeders.seed("Dune.2021.2160p.BluRay.x265-UHD", {"Dune.2021.2160p.mkv": 1_500_000})
    offer(pipeline.scenario, uhd, uhd.name, seeders=30, size=40_000_000_000, tmdb=438631)
    hd = seeders.seed("Dune.2021.1080p.BluRay.x264-HD", {"Dune.2021.1080p.mkv": 1_000_000})
    offer(pipeline.scenario, hd, hd.name, seeders=300, tmdb=438631)
    request = await factories.media_request(db, **DUNE, quality_profile="Ultra HD 4K", celery_task_id="t")

    searched = await process_request(db, request_id=request.id, task_id="t")

    assert searched.status == "DOWNLOADING", searched.detail
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [uhd.info_hash]
    await finish_download(db, pipeline, seeders)
    library = get_settings().library_root
    assert library is not None
    try:
        done = await complete_request(db, request_id=request.id, task_id="i")
        placed = content_files(library)
    finally:
        shutil.rmtree(library / "Movies 4K", ignore_errors=True)  # the plex fixture empties only its folders

    assert done.status == "COMPLETED", done.detail
    assert "Movies 4K/Dune (2021)/Dune (2021).mkv" in placed
    assert not (library / "Movies" / "Dune (2021)").exists()
    assert (await get_request(db, request.id)).status is RequestStatus.COMPLETED
