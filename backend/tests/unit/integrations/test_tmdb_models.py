"""Contract tests: every recorded TMDB sample reads into our dataclasses, quirks handled."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from app.integrations import tmdb_models as m
from app.integrations.tmdb_cache import InMemoryDetailsCache
from tests.fixture_files import fixtures_dir

TMDB = fixtures_dir() / "tmdb"


def _load(name: str) -> Any:
    return json.loads((TMDB / f"jdrouet_{name}.json").read_text())


def test_movie_search_samples_parse_with_empty_dates_and_null_posters_as_none() -> None:
    page = m.page_of(_load("tv-search-decoding-error"), m.movie_summary)
    assert page.total_results == 8 and len(page.results) == 8
    undated = [r for r in page.results if r.release_date is None]
    assert len(undated) == 1 and undated[0].year is None
    assert any(r.poster_path is None for r in page.results)
    rrr = m.page_of(_load("search-movie"), m.movie_summary).results[0]
    assert (rrr.title, rrr.original_language, rrr.year) == ("RRRrrrr!!!", "fr", 2004)


def test_tv_search_samples_parse() -> None:
    for name in ("search-tv", "search-tv-rick-and-morty"):
        page = m.page_of(_load(name), m.show_summary)
        assert page.results and all(r.name for r in page.results)
    got = m.page_of(_load("search-tv"), m.show_summary).results[0]
    assert (got.name, got.first_air_date, got.origin_country) == (
        "Game of Thrones",
        date(2011, 4, 17),
        ("US",),
    )


def test_movie_details_sample() -> None:
    movie = m.movie_details(_load("movie-details"), "FR")
    assert (movie.tmdb_id, movie.imdb_id, movie.runtime_minutes, movie.year) == (550, "tt0137523", 139, 1999)
    assert movie.genres == ("Drama",)
    assert movie.certification is None  # release_dates were not appended


def test_certification_prefers_the_theatrical_release_of_the_region() -> None:
    data = _load("movie-details") | {
        "release_dates": {
            "results": [
                {"iso_3166_1": "US", "release_dates": [{"certification": "R", "type": 3}]},
                {
                    "iso_3166_1": "FR",
                    "release_dates": [
                        {"certification": "", "type": 1},
                        {"certification": "16", "type": 4},
                        {"certification": "12", "type": 3},
                    ],
                },
            ]
        }
    }
    assert m.movie_details(data, "FR").certification == "12"
    assert m.movie_details(data, "US").certification == "R"
    assert m.movie_details(data, "DE").certification is None


def test_tv_details_samples_have_specials_as_season_zero() -> None:
    got = m.show_details(_load("tv-details"))
    assert got.seasons[0].is_specials and got.seasons[0].name == "Specials"
    assert [s.episode_count for s in got.seasons if s.season_number == 1] == [10]
    assert got.episode_run_time is None  # an empty episode_run_time list
    complex_show = m.show_details(_load("tv-details-complex"))
    assert complex_show.seasons[0].air_date is None  # null air date on the specials
    assert complex_show.episode_run_time == 132


def test_external_ids_and_find_samples() -> None:
    assert m.external_ids(_load("movie-external-ids")) == m.ExternalIds(550, "tt0137523", None)
    assert m.external_ids(_load("tv-external-ids")) == m.ExternalIds(1399, "tt0944947", 121361)
    found = m.find_results(_load("find-by-id-movie"))
    assert [f.title for f in found.movies] == ["Sinners"] and found.shows == ()
    shows = m.find_results(_load("find-by-id-show"))
    assert [s.name for s in shows.shows] == ["Deadwood"] and shows.movies == ()


def test_alternative_titles_and_translations_read_both_shapes() -> None:
    movie = m.alternative_titles({"id": 1, "titles": [{"iso_3166_1": "FR", "title": "Le Club", "type": ""}]})
    show = m.alternative_titles({"id": 2, "results": [{"iso_3166_1": "FR", "title": "Le Trône", "type": ""}]})
    assert movie[0].title == "Le Club" and show[0].title == "Le Trône"
    translated = m.translations(
        {
            "translations": [
                {"iso_639_1": "fr", "iso_3166_1": "FR", "data": {"name": "Le Trône de fer", "overview": "x"}}
            ]
        }
    )
    assert translated[0].title == "Le Trône de fer"


async def test_in_memory_cache_expires_and_evicts() -> None:
    now = [0.0]
    cache = InMemoryDetailsCache(max_entries=2, clock=lambda: now[0])
    await cache.set("a", {"v": 1}, ttl=10)
    assert await cache.get("a") == {"v": 1}
    now[0] = 11
    assert await cache.get("a") is None
    for key in ("b", "c", "d"):
        await cache.set(key, key, ttl=100)
    assert await cache.get("b") is None and await cache.get("d") == "d"
