"""Season details and episode groups through the TMDB client and simulator, and the absolute numbering."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.catalog.episode_numbering import absolute_numbering
from app.integrations.tmdb import TmdbClient, TmdbConfig
from tests.unit.catalog.test_episode_numbering import ABSOLUTE_GROUP, SHOW

pytestmark = pytest.mark.integration


@pytest.fixture
async def tmdb() -> AsyncIterator[tuple[TmdbClient, TmdbScenario, list[dict[str, Any]]]]:
    scenario = TmdbScenario()
    scenario.shows[90001] = SHOW
    scenario.shows[90002] = {**SHOW, "id": 90002, "name": "Split Show"}
    scenario.episode_groups[90002] = [
        {**ABSOLUTE_GROUP, "id": "dvd-order", "name": "DVD Order", "type": 3, "groups": []},
        ABSOLUTE_GROUP,
    ]
    scenario.seasons["90001/2"] = {
        "_id": "x", "air_date": "2020-10-03", "name": "Season 2", "overview": "", "id": 3,
        "poster_path": None, "season_number": 2, "vote_average": 0.0,
        "episodes": [{"air_date": "2020-10-03", "episode_number": 1, "name": "The Return", "runtime": 24,
                      "season_number": 2, "show_id": 90001, "id": 9}],
    }  # fmt: skip
    app = create_app(scenario)
    with serve(app) as base_url:
        async with TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{base_url}/3")) as client:
            yield client, scenario, app.state.requests


async def test_a_show_without_an_absolute_group_is_counted_by_its_seasons(
    tmdb: tuple[TmdbClient, TmdbScenario, list[dict[str, Any]]],
) -> None:
    client, _, requests = tmdb
    numbering = await absolute_numbering(client, 90001)
    again = await absolute_numbering(client, 90001)

    assert numbering.source == "season counts"
    assert (numbering.episode_of(7), numbering.episode_of(27)) == ((1, 7), (2, 1))
    assert again == numbering
    # Both answers are cached: the second numbering asked TMDB nothing.
    assert [r["path"] for r in requests] == ["/3/tv/90001", "/3/tv/90001/episode_groups"]


async def test_a_show_with_an_absolute_group_is_numbered_by_it(
    tmdb: tuple[TmdbClient, TmdbScenario, list[dict[str, Any]]],
) -> None:
    client, _, _ = tmdb
    numbering = await absolute_numbering(client, 90002)

    assert numbering.source == "episode group"
    assert numbering.episode_of(13) == (2, 1)


async def test_season_details_give_titles_stored_or_as_tmdb_titles_unnamed_episodes(
    tmdb: tuple[TmdbClient, TmdbScenario, list[dict[str, Any]]],
) -> None:
    client, _, _ = tmdb
    first = await client.season_details(90001, 1)
    second = await client.season_details(90001, 2)

    assert len(first.episodes) == 26
    assert (first.episodes[6].episode_number, first.episodes[6].name) == (7, "Épisode 7")
    assert [(e.episode_number, e.name, e.runtime_minutes) for e in second.episodes] == [(1, "The Return", 24)]
