"""The whole journey on real components, through the API and a real Celery worker on the real Redis.

POST a film and a season → worker searches the Torznab simulator, picks, adds to qbittorrent-nox → the
loopback swarm seeds it → the monitor (called here, not every 300 s) sees it finish → the worker imports
it under its Plex name → the Plex simulator gets the partial scan → AVAILABLE, every step in the timeline.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.config import get_settings
from app.media_requests.pipeline import watch_downloads
from tests import factories
from tests.processes import running, worker_argv
from tests.support.auth import app_client
from tests.support.pipeline import Pipeline, PlexServer, content_files, introduce, offer

pytestmark = pytest.mark.integration

INCEPTION = {"media_type": "movie", "tmdb_id": 27205, "title": "Inception", "year": 2010}
BREAKING_BAD_S1 = {"media_type": "tv", "tmdb_id": 1396, "tvdb_id": 81189, "title": "Breaking Bad"} | {
    "year": 2008,
    "seasons": [1],
}
JOURNEY = ["PENDING", "SEARCHING", "DOWNLOADING", "IMPORTING", "COMPLETED", "AVAILABLE"]


async def _until(
    api: httpx.AsyncClient, request_ids: list[int], wanted: str, tick: Any = None, seconds: float = 90
) -> dict[int, dict[str, Any]]:
    """Poll the API until every request is `wanted` (calling `tick` between polls); their details."""
    details: dict[int, dict[str, Any]] = {}
    for _ in range(int(seconds / 0.25)):
        details = {rid: (await api.get(f"/api/v1/requests/{rid}")).json() for rid in request_ids}
        if all(d["status"] == wanted for d in details.values()):
            return details
        failed = [d for d in details.values() if d["status"] in ("FAILED", "NOT_FOUND", "CANCELLED")]
        assert not failed, failed
        if tick is not None:
            await tick()
        await asyncio.sleep(0.25)
    raise AssertionError(f"not {wanted} in time: {[(d['id'], d['status']) for d in details.values()]}")


async def test_a_film_and_a_season_go_from_request_to_available(
    db: AsyncSession,
    broker: redis.Redis,
    pipeline: Pipeline,
    plex: PlexServer,
    seeders: Swarm,
    tmp_path: Path,
) -> None:
    film = seeders.seed(
        "Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.BluRay.x264-GRP.mkv": 1_500_000}
    )
    offer(pipeline.scenario, film, film.name, tmdb=27205, seeders=120)
    pack = "Breaking.Bad.S01.1080p.BluRay.x264-PACK"
    season = seeders.seed(
        pack, {f"{pack}/Breaking.Bad.S01E0{n}.1080p.BluRay.x264-PACK.mkv": 300_000 for n in (1, 2, 3)}
    )
    offer(pipeline.scenario, season, pack, tvdb=81189, season=1, categories=[5000], size=4_000_000_000)
    plex.scenario.scans.agent_matches.update(
        {"Inception (2010)": {"tmdb": "27205"}, "Breaking Bad (2008)": {"tmdb": "1396", "tvdb": "81189"}}
    )
    api_key = await factories.api_key(db)  # a script's key: unlike a kiosk session, it does not idle out

    async def monitor() -> None:
        await introduce(pipeline.qbit, seeders)
        await watch_downloads(db, pipeline.qbit)

    with running(worker_argv(), log=tmp_path / "worker.log"):
        async with app_client(api_key=api_key) as api:
            made = [await api.post("/api/v1/requests", json=body) for body in (INCEPTION, BREAKING_BAD_S1)]
            assert [r.status_code for r in made] == [201, 201], [r.text for r in made]
            ids = [r.json()["id"] for r in made]

            downloading = await _until(api, ids, "DOWNLOADING")
            available = await _until(api, ids, "AVAILABLE", tick=monitor)

    assert downloading[ids[0]]["selection"][0]["chosen"]["title"] == film.name
    library = get_settings().library_root
    assert library is not None
    files = content_files(library)
    assert "Movies/Inception (2010)/Inception (2010).mkv" in files
    assert {
        f"TV Shows/Breaking Bad (2008)/Season 01/Breaking Bad (2008) - s01e0{n}.mkv" for n in (1, 2, 3)
    } <= files
    scanned = {path for _, path in plex.scenario.refreshes}
    assert {
        str(library / "Movies/Inception (2010)"),
        str(library / "TV Shows/Breaking Bad (2008)/Season 01"),
    } <= scanned
    for detail in available.values():
        steps = [event["to_status"] for event in detail["timeline"]]
        assert steps == JOURNEY, steps
