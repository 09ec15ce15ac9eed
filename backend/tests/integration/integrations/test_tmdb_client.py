"""The TMDB client against the TMDB simulator on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from starlette.applications import Starlette

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.integrations.errors import AuthError, PermanentError, TransientError
from app.integrations.tmdb import InMemoryDetailsCache, TmdbClient, TmdbConfig
from tests.fixture_files import fixtures_dir

pytestmark = pytest.mark.integration

FR_FIGHT_CLUB = {
    "iso_3166_1": "FR",
    "iso_639_1": "fr",
    "name": "Français",
    "english_name": "French",
    "data": {
        "homepage": "",
        "overview": "Le narrateur, sans identité précise…",
        "runtime": 139,
        "tagline": "",
        "title": "Fight Club",
    },
}
FR_GOT = {
    "iso_3166_1": "FR",
    "iso_639_1": "fr",
    "name": "Français",
    "english_name": "French",
    "data": {"name": "Le Trône de fer", "overview": "Il y a très longtemps…", "homepage": "", "tagline": ""},
}


@dataclass
class TmdbSim:
    """A running simulator with its scenario and request log."""

    base_url: str
    scenario: TmdbScenario
    app: Starlette

    def config(self, **overrides: object) -> TmdbConfig:
        """Client settings pointing at the simulator."""
        fields: dict[str, object] = {"api_key": "simkey", "base_url": f"{self.base_url}/3"}
        fields.update(overrides)
        return TmdbConfig(**fields)  # type: ignore[arg-type]

    def count(self, path: str) -> int:
        """How many requests reached `path`."""
        return sum(1 for r in self.app.state.requests if r["path"] == path)


@pytest.fixture
def tmdb_sim() -> Iterator[TmdbSim]:
    scenario = TmdbScenario.from_fixtures(fixtures_dir() / "tmdb")
    scenario.translations["movie/550"] = [FR_FIGHT_CLUB]
    scenario.translations["tv/1399"] = [FR_GOT]
    scenario.release_dates[550] = [
        {
            "iso_3166_1": "FR",
            "release_dates": [{"certification": "16", "type": 3, "release_date": "1999-11-10"}],
        },
        {
            "iso_3166_1": "US",
            "release_dates": [{"certification": "R", "type": 3, "release_date": "1999-10-15"}],
        },
    ]
    scenario.alternative_titles["tv/1399"] = [{"iso_3166_1": "FR", "title": "Le Trône de fer", "type": ""}]
    app = create_app(scenario)
    with serve(app) as base_url:
        yield TmdbSim(base_url, scenario, app)


async def test_search_shows_in_french_keeping_the_original_name(tmdb_sim: TmdbSim) -> None:
    async with TmdbClient(tmdb_sim.config()) as tmdb:
        page = await tmdb.search_shows("trône de fer")
    got = page.results[0]
    assert (got.name, got.original_name, got.year) == ("Le Trône de fer", "Game of Thrones", 2011)
    assert got.overview.startswith("Il y a très longtemps")


async def test_search_paging(tmdb_sim: TmdbSim) -> None:
    for n in range(25):
        tmdb_sim.scenario.movies[900000 + n] = {"id": 900000 + n, "title": f"Zorro {n}", "release_date": ""}
    async with TmdbClient(tmdb_sim.config()) as tmdb:
        first = await tmdb.search_movies("zorro")
        second = await tmdb.search_movies("zorro", page=2)
    assert (first.total_results, first.total_pages, len(first.results), len(second.results)) == (25, 2, 20, 5)
    assert second.results[-1].release_date is None


async def test_movie_details_with_runtime_genres_and_french_certification(tmdb_sim: TmdbSim) -> None:
    async with TmdbClient(tmdb_sim.config()) as tmdb:
        movie = await tmdb.movie_details(550)
    async with TmdbClient(tmdb_sim.config(region="US")) as tmdb_us:
        us = await tmdb_us.movie_details(550)
    assert (movie.title, movie.runtime_minutes, movie.genres, movie.certification) == (
        "Fight Club",
        139,
        ("Drama",),
        "16",
    )
    assert movie.overview.startswith("Le narrateur")
    assert us.certification == "R"
    assert tmdb.image_url(movie.poster_path, "w342") == (
        "https://image.tmdb.org/t/p/w342/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg"
    )


async def test_show_details_seasons_specials_and_external_ids(tmdb_sim: TmdbSim) -> None:
    async with TmdbClient(tmdb_sim.config()) as tmdb:
        show = await tmdb.show_details(1399)
        titles = await tmdb.alternative_titles("tv", 1399)
        translations = await tmdb.translations("tv", 1399)
    assert show.name == "Le Trône de fer" and show.original_name == "Game of Thrones"
    assert show.seasons[0].is_specials and show.seasons[1].episode_count == 10
    assert show.external_ids is not None and show.external_ids.tvdb_id == 121361
    assert [t.title for t in titles] == ["Le Trône de fer"]
    assert [(t.language, t.title) for t in translations] == [("fr", "Le Trône de fer")]


async def test_find_by_imdb_and_tvdb(tmdb_sim: TmdbSim) -> None:
    async with TmdbClient(tmdb_sim.config()) as tmdb:
        by_imdb = await tmdb.find("tt0137523", "imdb_id")
        by_tvdb = await tmdb.find("121361", "tvdb_id")
        ids = await tmdb.external_ids("movie", 550)
    assert [m.tmdb_id for m in by_imdb.movies] == [550] and by_imdb.shows == ()
    assert [s.tmdb_id for s in by_tvdb.shows] == [1399]
    assert ids.imdb_id == "tt0137523"


async def test_details_are_served_from_the_cache(tmdb_sim: TmdbSim) -> None:
    cache = InMemoryDetailsCache()
    async with TmdbClient(tmdb_sim.config(), cache=cache) as tmdb:
        await tmdb.movie_details(550)
        tmdb_sim.scenario.fail_next = 5  # TMDB down: the kiosk page still has its details
        again = await tmdb.movie_details(550)
    assert again.title == "Fight Club"
    assert tmdb_sim.count("/3/movie/550") == 1


async def test_v4_bearer_token(tmdb_sim: TmdbSim) -> None:
    async with TmdbClient(tmdb_sim.config(api_key="", access_token="simtoken")) as tmdb:
        await tmdb.ping()
    assert all("api_key" not in r for r in tmdb_sim.app.state.requests)


async def test_wrong_key_is_an_auth_error_without_the_key_in_the_message(tmdb_sim: TmdbSim) -> None:
    async with TmdbClient(tmdb_sim.config(api_key="bad-secret-key")) as tmdb:
        with pytest.raises(AuthError, match="Invalid API key") as caught:
            await tmdb.search_movies("fight")
    assert "bad-secret-key" not in str(caught.value)


async def test_unknown_id_is_permanent_and_missing_query_is_refused(tmdb_sim: TmdbSim) -> None:
    async with TmdbClient(tmdb_sim.config()) as tmdb:
        with pytest.raises(PermanentError, match="not found"):
            await tmdb.movie_details(424242)
        with pytest.raises(PermanentError, match="query must be provided"):
            await tmdb.search_movies("")


async def test_short_429_is_waited_out_once(tmdb_sim: TmdbSim) -> None:
    tmdb_sim.scenario.rate_limit_next, tmdb_sim.scenario.retry_after = 1, 1
    waits: list[float] = []

    async def record_sleep(seconds: float) -> None:
        waits.append(seconds)

    async with TmdbClient(tmdb_sim.config(), sleep=record_sleep) as tmdb:
        page = await tmdb.search_movies("fight club")
    assert waits == [1.0] and page.results[0].tmdb_id == 550


async def test_long_429_is_handed_back_with_retry_after(tmdb_sim: TmdbSim) -> None:
    tmdb_sim.scenario.rate_limit_next, tmdb_sim.scenario.retry_after = 3, 30
    async with TmdbClient(tmdb_sim.config()) as tmdb:
        with pytest.raises(TransientError) as caught:
            await tmdb.search_movies("fight club")
    assert caught.value.retry_after == 30.0


async def test_server_errors_and_unreachable_are_transient(tmdb_sim: TmdbSim) -> None:
    tmdb_sim.scenario.fail_next = 1
    async with TmdbClient(tmdb_sim.config()) as tmdb:
        with pytest.raises(TransientError):
            await tmdb.search_movies("fight")
    async with TmdbClient(tmdb_sim.config(base_url="http://127.0.0.1:9/3")) as tmdb:
        with pytest.raises(TransientError, match="unreachable"):
            await tmdb.search_movies("fight")
