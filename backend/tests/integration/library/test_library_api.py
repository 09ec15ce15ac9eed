"""/api/v1/library on the real app: browsing the mirror, sync runs, starting a sync, the sync settings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.db import utcnow
from app.integrations.tmdb import TmdbClient, TmdbConfig
from app.library.sync import sync_library
from app.media_requests.availability import after_sync
from app.profiles.models import Role
from app.settings.service import put_setting
from tests import factories
from tests.integration.library.conftest import OPTIONS
from tests.support.auth import app_client
from tests.support.broker_queue import queued
from tests.support.plex_sim import PlexSim

pytestmark = pytest.mark.integration


def _minutes_ago(minutes: int) -> datetime:
    return utcnow() - timedelta(minutes=minutes)


@pytest.fixture
async def small_library(db: AsyncSession) -> None:
    item = factories.library_item
    await item(db, "1", "Amélie", added_at=_minutes_ago(30), year=2001, tmdb_id=194)
    await item(db, "2", "Le Dîner de cons", added_at=_minutes_ago(20), year=1998)
    await item(db, "3", "Dune", added_at=_minutes_ago(10), year=2021, is_4k=True, resolution="2160p")
    await item(db, "4", "Kaamelott", item_type="show", added_at=_minutes_ago(5), tvdb_id=79175)
    await item(
        db, "5", "Episode 1", item_type="episode", added_at=_minutes_ago(1), season_number=1, episode_number=1
    )
    await item(db, "6", "100% Dune", added_at=_minutes_ago(40))


async def test_browsing_lists_films_and_shows_newest_first(
    client: httpx.AsyncClient, small_library: None
) -> None:
    response = await client.get("/api/v1/library", params={"page_size": 3})
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["page"], body["page_size"]) == (5, 1, 3)
    assert [item["title"] for item in body["items"]] == ["Kaamelott", "Dune", "Le Dîner de cons"]
    assert body["items"][1]["is_4k"] is True and "file_paths" not in body["items"][1]
    second = (await client.get("/api/v1/library", params={"page_size": 3, "page": 2})).json()
    assert [item["title"] for item in second["items"]] == ["Amélie", "100% Dune"]


async def test_browsing_searches_titles_and_filters_by_type(
    client: httpx.AsyncClient, small_library: None
) -> None:
    found = (await client.get("/api/v1/library", params={"query": "dune", "sort": "title"})).json()
    assert [item["title"] for item in found["items"]] == ["100% Dune", "Dune"]
    literal = (await client.get("/api/v1/library", params={"query": "100%"})).json()
    assert [item["title"] for item in literal["items"]] == ["100% Dune"], "% is a character, not a wildcard"
    shows = (await client.get("/api/v1/library", params={"type": "show"})).json()
    assert [item["title"] for item in shows["items"]] == ["Kaamelott"]
    episodes = (await client.get("/api/v1/library", params={"type": ["episode"]})).json()
    assert [(e["season_number"], e["episode_number"]) for e in episodes["items"]] == [(1, 1)]
    assert (await client.get("/api/v1/library", params={"type": "album"})).status_code == 422


async def test_sync_runs_show_counts_duration_and_status(client: httpx.AsyncClient, db: AsyncSession) -> None:
    started = utcnow() - timedelta(seconds=90)
    finished = started + timedelta(seconds=12.5)
    await factories.sync_run(
        db, added=10, updated=2, removed=1, started_at=started, finished_at=finished, details={"sections": []}
    )
    await factories.sync_run(db, kind="incremental", status="running")

    body = (await client.get("/api/v1/library/sync-runs")).json()

    assert body["total"] == 2
    running, done = body["items"]
    assert (running["kind"], running["status"], running["duration_seconds"]) == (
        "incremental",
        "running",
        None,
    )
    assert (done["added"], done["updated"], done["removed"], done["duration_seconds"]) == (10, 2, 1, 12.5)


async def test_an_admin_queues_a_sync_on_the_plex_sync_queue(
    client: httpx.AsyncClient, broker: redis.Redis
) -> None:
    response = await client.post("/api/v1/library/sync", json={"full": True})
    assert response.status_code == 202
    task_id = response.json()["task_id"]
    assert response.json()["full"] is True
    [message] = queued(broker, "plex_sync")
    assert message.id == task_id
    assert message.task == "app.workers.plex_sync_worker.sync_plex_library_task"
    assert message.kwargs == {"full_sync": True}
    assert (await client.post("/api/v1/library/sync", json={"full": "soon"})).status_code == 422


async def test_the_sync_settings_are_read_checked_and_stored(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/library/sync-settings")).json() == {
        "incremental_cron": "0 * * * *",
        "full_cron": "0 3 * * *",
        "sections": None,
    }
    changed = {"incremental_cron": "*/30 * * * *", "full_cron": "15 4 * * 1", "sections": ["1"]}
    assert (await client.put("/api/v1/library/sync-settings", json=changed)).json() == changed
    assert (await client.get("/api/v1/library/sync-settings")).json() == changed
    refused = await client.put("/api/v1/library/sync-settings", json={"full_cron": "at three"})
    assert refused.status_code == 422
    off = await client.put("/api/v1/library/sync-settings", json={"incremental_cron": None})
    assert off.json()["incremental_cron"] is None


@pytest.fixture
def tmdb_url() -> Iterator[str]:
    """TMDB knows film 0 (IMDb tt1000000) and show 0 (TVDB 70000), which Plex has under old agents only."""
    scenario = TmdbScenario()
    scenario.movies[100] = {
        "id": 100,
        "title": "Crimson 0",
        "imdb_id": "tt1000000",
        "release_date": "1950-01-01",
    }
    scenario.movies[101] = {"id": 101, "title": "Crimson Tide 1", "release_date": "1951-01-01"}
    scenario.movies[9] = {"id": 9, "title": "Crimson Peak", "release_date": "2015-01-01"}
    scenario.shows[5000] = {"id": 5000, "name": "Show 0", "first_air_date": "1990-01-01"}
    scenario.shows[5001] = {"id": 5001, "name": "Show 1", "first_air_date": "1991-01-01"}
    scenario.shows[9] = {"id": 9, "name": "Show 99 (not in Plex)", "first_air_date": "1999-01-01"}
    scenario.external_ids["tv/5000"] = {"id": 5000, "imdb_id": None, "tvdb_id": 70000}
    with serve(create_app(scenario)) as base_url:
        yield base_url


async def test_search_flags_what_plex_has_even_under_an_old_agent(
    client: httpx.AsyncClient, db: AsyncSession, plex_sim: PlexSim, tmdb_url: str
) -> None:
    await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{tmdb_url}/3"})
    await db.commit()
    plex = plex_sim.client()
    async with TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{tmdb_url}/3")) as tmdb:
        await sync_library(db, plex, on_mirrored=after_sync(db), full=True, tmdb=tmdb, options=OPTIONS)
    await plex.close()

    movies = (await client.get("/api/v1/search", params={"query": "crimson", "media_type": "movie"})).json()
    assert {r["tmdb_id"]: r["in_plex"] for r in movies["results"]} == {100: True, 101: True, 9: False}
    shows = (await client.get("/api/v1/search", params={"query": "show", "media_type": "tv"})).json()
    assert {r["tmdb_id"]: r["in_plex"] for r in shows["results"]} == {5000: True, 5001: True, 9: False}


async def test_family_members_browse_the_library_and_only_admins_see_or_start_syncs(
    db: AsyncSession, small_library: None, broker: redis.Redis
) -> None:
    member = await factories.profile(db, "Léa", Role.MEMBER)
    async with app_client(profile=member) as as_member, app_client() as anonymous:
        assert (await as_member.get("/api/v1/library")).status_code == 200
        assert (await as_member.get("/api/v1/library/sync-runs")).status_code == 403
        assert (await as_member.post("/api/v1/library/sync", json={"full": False})).status_code == 403
        assert (await as_member.get("/api/v1/library/sync-settings")).status_code == 403
        assert (await anonymous.get("/api/v1/library")).status_code == 401
    assert broker.llen("plex_sync") == 0
