"""The embedded appliance runs on SQLite: the same sync, removal, matching and "in Plex" flag there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.catalog.service import search
from app.integrations.plex import PlexClient
from app.integrations.tmdb import TmdbClient, TmdbConfig
from app.library.models import LibraryItem
from app.library.sync import sync_library
from app.media_requests.availability import after_sync
from app.media_requests.service import get_request
from app.media_requests.states import MediaType, RequestStatus
from tests import factories
from tests.integration.library.conftest import OPTIONS
from tests.support.plex_sim import PlexSim

pytestmark = pytest.mark.integration


@pytest.fixture
def tmdb_url() -> Iterator[str]:
    scenario = TmdbScenario()
    scenario.movies[100] = {
        "id": 100,
        "title": "Crimson 0",
        "imdb_id": "tt1000000",
        "release_date": "1950-01-01",
    }
    scenario.movies[101] = {"id": 101, "title": "Crimson Tide 1", "release_date": "1951-01-01"}
    scenario.movies[9] = {"id": 9, "title": "Crimson Peak", "release_date": "2015-01-01"}
    with serve(create_app(scenario)) as base_url:
        yield base_url


async def test_a_full_sync_on_sqlite_mirrors_removes_and_matches(
    sqlite_db: AsyncSession, plex: PlexClient, plex_sim: PlexSim, tmdb_url: str
) -> None:
    db = sqlite_db
    request = await factories.media_request(db, tmdb_id=101, title="Tide 1", celery_task_id="t")
    async with TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{tmdb_url}/3")) as tmdb:
        first = await sync_library(
            db, plex, on_mirrored=after_sync(db), full=True, tmdb=tmdb, options=OPTIONS
        )
        found = await search(db, tmdb, query="crimson", media_type=MediaType.MOVIE, page=1)
    assert (first.status, first.added) == ("success", 174)
    assert (await get_request(db, request.id)).status is RequestStatus.AVAILABLE
    # Film 100 is in Plex only under its IMDb id (old agent): found through the TMDB id learnt for it.
    assert {r.tmdb_id: r.in_plex for r in found.results} == {100: True, 101: True, 9: False}

    plex_sim.scenario.removed |= {"10000002", "20012003"}
    again = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    assert (again.status, again.added, again.updated, again.removed) == ("success", 0, 0, 2)
    assert await db.scalar(select(func.count()).select_from(LibraryItem)) == 172
