"""Requests follow the Plex mirror: AVAILABLE, PARTIALLY_AVAILABLE with what is missing, REMOVED_FROM_PLEX."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.integrations.plex import PlexClient
from app.integrations.tmdb import TmdbClient, TmdbConfig
from app.library.models import LibraryItem
from app.library.sync import sync_library
from app.media_requests.availability import after_sync, mark_available_if_in_plex
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from tests import factories
from tests.integration.library.conftest import OPTIONS
from tests.support.plex_sim import PlexSim

pytestmark = pytest.mark.integration

S = RequestStatus
LATER = 1_700_000_000  # an updatedAt after everything the simulator holds


async def _status(db: AsyncSession, request_id: int) -> tuple[RequestStatus, str, dict[str, Any] | None]:
    db.expire_all()
    request = await get_request(db, request_id, with_events=True)
    last = request.events[-1]
    return request.status, last.reason, last.details


def _movie(tmdb_id: int, status: RequestStatus = S.PENDING, **more: Any) -> dict[str, Any]:
    return {"media_type": "movie", "tmdb_id": tmdb_id, "status": status, **more}


def _show(tmdb_id: int, status: RequestStatus = S.PENDING, **more: Any) -> dict[str, Any]:
    return {"media_type": "tv", "tmdb_id": tmdb_id, "status": status, **more}


@pytest.fixture
def tmdb_scenario() -> TmdbScenario:
    """TMDB knows show 1 (tmdb 5001) with 4 episodes in season 1, and the film Plex has under an old agent."""
    scenario = TmdbScenario()
    scenario.shows[5001] = {
        "id": 5001,
        "name": "Show 1",
        "seasons": [
            {"season_number": 0, "episode_count": 2, "name": "Specials"},
            {"season_number": 1, "episode_count": 4, "name": "Season 1"},
            {"season_number": 2, "episode_count": 3, "name": "Season 2"},
        ],
    }
    scenario.movies[100] = {
        "id": 100,
        "title": "Crimson 0",
        "imdb_id": "tt1000000",
        "release_date": "1950-01-01",
    }
    scenario.shows[5000] = {"id": 5000, "name": "Show 0", "first_air_date": "1990-01-01", "seasons": []}
    scenario.external_ids["tv/5000"] = {"id": 5000, "imdb_id": None, "tvdb_id": 70000}
    return scenario


@pytest.fixture
def tmdb_url(tmdb_scenario: TmdbScenario) -> Iterator[str]:
    with serve(create_app(tmdb_scenario)) as base_url:
        yield base_url


async def test_a_movie_request_becomes_available_when_the_sync_finds_it(
    db: AsyncSession, plex: PlexClient
) -> None:
    by_tmdb = (await factories.media_request(db, **_movie(101))).id
    # Plex has it under its old IMDb agent only.
    by_imdb_only = (await factories.media_request(db, **_movie(999_999, imdb_id="tt1000000"))).id
    elsewhere = (await factories.media_request(db, **_movie(424242))).id

    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)

    assert run.details is not None and run.details["requests"]["available"] == [by_tmdb, by_imdb_only]
    assert await _status(db, by_tmdb) == (S.AVAILABLE, "In the Plex library", {"code": "available"})
    assert (await _status(db, by_imdb_only))[0] is S.AVAILABLE
    assert (await _status(db, elsewhere))[0] is S.PENDING


async def test_a_show_request_is_available_only_with_every_requested_episode(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    plex_sim.scenario.removed.add("20012002")  # show 1, S02E02 is missing from Plex
    season_1 = (await factories.media_request(db, **_show(5001, S.COMPLETED, seasons=[1]))).id
    episodes = (await factories.media_request(db, **_show(5002, S.COMPLETED, episodes={"2": [1, 3]}))).id
    whole_show = (await factories.media_request(db, **_show(5001, S.COMPLETED))).id
    # Plex has it under its old TheTVDB agent only.
    by_tvdb = (await factories.media_request(db, **_show(1, S.DOWNLOADING, tvdb_id=70000, seasons=[2]))).id

    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)

    assert (await _status(db, season_1))[0] is S.AVAILABLE
    assert (await _status(db, episodes))[0] is S.AVAILABLE
    assert (await _status(db, by_tvdb))[0] is S.AVAILABLE
    # Without TMDB a season is as long as its highest episode number in Plex: the gap shows.
    assert await _status(db, whole_show) == (
        S.PARTIALLY_AVAILABLE,
        "Partly in the Plex library; missing S02E02",
        {"code": "partly_available", "missing": {"2": [2]}},
    )

    plex_sim.scenario.restore("20012002", updated_at=LATER)  # the episode arrives
    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=False, options=OPTIONS)
    assert run.details is not None and run.details["requests"]["available"] == [whole_show]
    assert (await _status(db, whole_show))[0] is S.AVAILABLE


async def test_tmdb_episode_counts_decide_what_a_season_holds(
    db: AsyncSession, plex: PlexClient, tmdb_url: str
) -> None:
    completed = (await factories.media_request(db, **_show(5001, S.COMPLETED, seasons=[1]))).id
    still_pending = (
        await factories.media_request(db, **_show(5001, S.PENDING, seasons=[2], episodes={"1": [4]}))
    ).id
    async with TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{tmdb_url}/3")) as tmdb:
        await sync_library(db, plex, on_mirrored=after_sync(db), full=True, tmdb=tmdb, options=OPTIONS)

    # TMDB lists 4 episodes in season 1; Plex has 3.
    assert await _status(db, completed) == (
        S.PARTIALLY_AVAILABLE,
        "Partly in the Plex library; missing S01E04",
        {"code": "partly_available", "missing": {"1": [4]}},
    )
    # Partly there, but only a finished download may rest as PARTIALLY_AVAILABLE: the search goes on.
    assert (await _status(db, still_pending))[0] is S.PENDING


async def test_an_item_that_leaves_plex_ends_its_request_as_removed(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    # Films asked for when they were already in Plex: creation answers them AVAILABLE at once.
    movie = (await factories.media_request(db, **_movie(101, S.AVAILABLE))).id
    show = (await factories.media_request(db, **_show(5003, S.COMPLETED, seasons=[1]))).id
    untouched = (await factories.media_request(db, **_movie(102, S.AVAILABLE))).id
    await sync_library(db, plex, on_mirrored=after_sync(db), full=False, options=OPTIONS)
    assert (await _status(db, show))[0] is S.AVAILABLE
    assert (await _status(db, movie))[0] is S.AVAILABLE  # already in Plex when it was asked for

    plex_sim.scenario.removed |= {"10000001", "20031002"}
    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)

    assert run.details is not None and run.details["requests"]["removed_from_plex"] == [movie]
    assert run.details["requests"]["partially_available"] == [show]
    assert await _status(db, movie) == (
        S.REMOVED_FROM_PLEX,
        "Removed from Plex: it will not be downloaded again unless someone asks for it again",
        {"code": "removed_from_plex"},
    )
    assert await _status(db, show) == (
        S.PARTIALLY_AVAILABLE,
        "Episodes were removed from Plex and will not be downloaded again; missing S01E02",
        {"code": "episodes_removed", "missing": {"1": [2]}},
    )
    assert (await _status(db, untouched))[0] is S.AVAILABLE


async def test_an_outage_leaves_available_requests_alone(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    movie = (await factories.media_request(db, **_movie(101, S.AVAILABLE))).id
    plex_sim.scenario.removed.add("10000001")
    plex_sim.scenario.failing_page_start = 50
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    assert (await _status(db, movie))[0] is S.AVAILABLE


async def test_old_agent_ids_are_linked_to_tmdb_so_search_and_requests_see_them(
    db: AsyncSession, plex: PlexClient, tmdb_url: str, tmdb_scenario: TmdbScenario
) -> None:
    """Plex has film 0 only as `com.plexapp.agents.imdb://tt1000000` and show 0 only by its TVDB id."""
    movie = (await factories.media_request(db, **_movie(100))).id
    show = (await factories.media_request(db, **_show(5000, S.COMPLETED, seasons=[1]))).id
    async with TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{tmdb_url}/3")) as tmdb:
        run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, tmdb=tmdb, options=OPTIONS)
    assert run.details is not None and run.details["tmdb_lookups"] > 0
    assert (await _status(db, movie))[0] is S.AVAILABLE
    assert (await _status(db, show))[0] is S.AVAILABLE


async def test_mark_available_if_in_plex_right_after_an_import(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    _, new_movie = plex_sim.scenario.add_movies(2)  # movie 121: tmdb 221, imported and scanned just now
    (new_show,) = plex_sim.scenario.add_shows(1)  # show 6: tmdb 5006
    movie = (await factories.media_request(db, **_movie(221, S.COMPLETED))).id
    show = (await factories.media_request(db, **_show(5006, S.COMPLETED, seasons=[2]))).id
    not_there = (await factories.media_request(db, **_movie(777_777, S.COMPLETED))).id

    assert await mark_available_if_in_plex(db, movie, plex=plex) is True
    assert await mark_available_if_in_plex(db, show, plex=plex) is True
    assert await mark_available_if_in_plex(db, not_there, plex=plex) is False

    status, reason, _ = await _status(db, movie)
    assert (status, reason) == (S.AVAILABLE, "In the Plex library")
    assert (await get_request(db, movie, with_events=True)).events[-1].actor == "plex-scan"
    assert (await _status(db, show))[0] is S.AVAILABLE
    assert (await _status(db, not_there))[0] is S.COMPLETED
    assert await db.get(LibraryItem, new_movie) is not None
    assert await db.get(LibraryItem, new_show) is not None
    assert await db.get(LibraryItem, "20062003") is not None  # its episodes came along


async def test_mark_available_without_plex_configured_uses_the_mirror_only(db: AsyncSession) -> None:
    await factories.library_item(db, "1", "Dune", tmdb_id=438631)
    known = (await factories.media_request(db, **_movie(438631, S.COMPLETED))).id
    unknown = (await factories.media_request(db, **_movie(1, S.COMPLETED))).id
    assert await mark_available_if_in_plex(db, known) is True
    assert await mark_available_if_in_plex(db, unknown) is False
