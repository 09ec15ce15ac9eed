"""GET /api/v1/search against the TMDB simulator: results in French, with Plex and request state."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.settings.service import put_setting
from tests import factories
from tests.fixture_files import fixtures_dir

pytestmark = pytest.mark.integration


@pytest.fixture
def tmdb_scenario() -> TmdbScenario:
    scenario = TmdbScenario.from_fixtures(fixtures_dir() / "tmdb")
    scenario.translations["tv/1399"] = [
        {
            "iso_639_1": "fr",
            "iso_3166_1": "FR",
            "data": {"name": "Le Trône de fer", "overview": "Sept royaumes."},
        }
    ]
    return scenario


@pytest.fixture
def tmdb_url(tmdb_scenario: TmdbScenario) -> Iterator[str]:
    with serve(create_app(tmdb_scenario)) as base_url:
        yield base_url


async def _configure(db: AsyncSession, tmdb_url: str, api_key: str = "simkey") -> None:
    await put_setting(db, "tmdb", {"api_key": api_key, "base_url": f"{tmdb_url}/3", "language": "fr-FR"})
    await db.commit()


async def test_search_speaks_french_and_flags_what_plex_and_requests_hold(
    client: httpx.AsyncClient, db: AsyncSession, tmdb_url: str
) -> None:
    await _configure(db, tmdb_url)
    await factories.library_item(db, "9", "House of the Dragon", item_type="show", tmdb_id=94997)
    await client.post(
        "/api/v1/requests", json={"media_type": "tv", "tmdb_id": 1399, "title": "GoT", "seasons": [1]}
    )

    response = await client.get("/api/v1/search", params={"query": "thrones", "media_type": "tv"})
    assert response.status_code == 200
    results = {r["tmdb_id"]: r for r in response.json()["results"]}
    got = results[1399]
    assert (got["title"], got["original_title"], got["year"]) == ("Le Trône de fer", "Game of Thrones", 2011)
    assert got["request"]["status"] == "PENDING"
    assert got["in_plex"] is False

    dragon = (await client.get("/api/v1/search", params={"query": "dragon", "media_type": "tv"})).json()[
        "results"
    ]
    assert [(r["tmdb_id"], r["in_plex"], r["request"]) for r in dragon] == [(94997, True, None)]


async def test_show_seasons_leave_out_specials(
    client: httpx.AsyncClient, db: AsyncSession, tmdb_url: str
) -> None:
    await _configure(db, tmdb_url)
    response = await client.get("/api/v1/search/tv/1399")
    assert response.status_code == 200
    seasons = response.json()["seasons"]
    assert seasons[0] == {
        "season_number": 1,
        "name": seasons[0]["name"],
        "episode_count": 10,
        "air_date": "2011-04-18",
        "in_plex": [],
    }
    assert all(season["season_number"] > 0 for season in seasons)
    assert (await client.get("/api/v1/search/tv/424242")).status_code == 404


async def test_show_seasons_say_which_episodes_plex_already_has(
    client: httpx.AsyncClient, db: AsyncSession, tmdb_url: str
) -> None:
    await _configure(db, tmdb_url)
    await factories.library_item(db, "100", "Game of Thrones", item_type="show", tmdb_id=1399)
    had = [(1, n) for n in range(1, 11)] + [(2, 1), (2, 2), (2, 3)]
    for season, episode in had:
        await factories.library_item(
            db,
            f"1{season:02d}{episode:02d}",
            f"S{season}E{episode}",
            item_type="episode",
            grandparent_rating_key="100",
            season_number=season,
            episode_number=episode,
        )
    # Another show's episodes are not this one's.
    await factories.library_item(db, "200", "House of the Dragon", item_type="show", tmdb_id=94997)
    await factories.library_item(
        db,
        "201",
        "S3E1",
        item_type="episode",
        grandparent_rating_key="200",
        season_number=3,
        episode_number=1,
    )

    seasons = (await client.get("/api/v1/search/tv/1399")).json()["seasons"]

    in_plex = {season["season_number"]: season["in_plex"] for season in seasons}
    assert in_plex[1] == list(range(1, 11))
    assert in_plex[2] == [1, 2, 3]
    assert all(not in_plex[n] for n in in_plex if n > 2)


async def test_a_season_lists_its_episodes_with_air_dates(
    client: httpx.AsyncClient, db: AsyncSession, tmdb_url: str
) -> None:
    await _configure(db, tmdb_url)
    response = await client.get("/api/v1/search/tv/1399/season/7")
    assert response.status_code == 200
    season = response.json()
    assert (season["season_number"], season["air_date"]) == (7, "2017-07-17")
    assert [e["episode_number"] for e in season["episodes"]] == [1, 2, 3, 4, 5, 6, 7]
    assert season["episodes"][0] == {"episode_number": 1, "name": "Épisode 1", "air_date": "2017-07-17"}
    assert (await client.get("/api/v1/search/tv/1399/season/42")).status_code == 404
    assert (await client.get("/api/v1/search/tv/1399/season/-1")).status_code == 422


async def test_search_without_tmdb_says_what_to_do(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/search", params={"query": "matrix"})
    assert response.status_code == 503
    assert response.json() == {
        "detail": "Search is not set up yet: an admin must enter a TMDB API key in Settings.",
        "code": "search_not_set_up",
        "params": {},
    }


async def test_a_refused_key_is_reported_without_the_key(
    client: httpx.AsyncClient, db: AsyncSession, tmdb_url: str
) -> None:
    await _configure(db, tmdb_url, api_key="wrong-key-123")
    response = await client.get("/api/v1/search", params={"query": "matrix"})
    assert response.status_code == 503
    assert response.json()["detail"] == "TMDB refused the API key: an admin must check it in Settings."
    assert response.json()["code"] == "search_key_refused"
    assert "wrong-key-123" not in response.text


async def test_empty_query_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/search", params={"query": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query"
