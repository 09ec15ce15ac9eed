"""Posters through the appliance: kept on disk (LRU, bounded), fetched from TMDB's image host, drawn when
none can be had. TMDB is its simulator over real HTTP, serving images as its host does; no database."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.catalog import images
from app.catalog.image_cache import ImageCache
from app.catalog.placeholders import placeholder_svg
from app.integrations.tmdb import TmdbClient, TmdbConfig

POSTER = "/inceptionPoster42.jpg"


@pytest.fixture
def scenario() -> TmdbScenario:
    """TMDB knows Inception with a poster; its image host is up."""
    scenario = TmdbScenario()
    scenario.movies[27205] = {"id": 27205, "title": "Inception", "poster_path": POSTER, "backdrop_path": None}
    return scenario


@pytest.fixture
def tmdb_url(scenario: TmdbScenario) -> Iterator[str]:
    with serve(create_app(scenario)) as base_url:
        yield base_url


def _client(base_url: str) -> TmdbClient:
    return TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{base_url}/3"))


def _age(path: Path, seconds_ago: float) -> None:
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))


def test_the_least_recently_shown_images_go_first_once_the_cache_is_full(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path, max_bytes=2500)
    for number, seconds_ago in ((1, 300), (2, 200), (3, 100)):
        _age(cache.put("w342", f"poster{number}.jpg", b"x" * 1000), seconds_ago)
    # Three posters of 1000 bytes in a 2500-byte cache: the oldest one already went.
    assert cache.get("w342", "poster1.jpg") is None
    assert cache.get("w342", "poster2.jpg") is not None  # shown again: now the most recent
    cache.put("w342", "poster4.jpg", b"x" * 1000)
    assert cache.get("w342", "poster3.jpg") is None
    assert cache.get("w342", "poster2.jpg") is not None
    assert cache.get("w342", "poster4.jpg") is not None
    assert cache.total_bytes() <= 2500


def test_a_full_cache_stays_within_its_bound_as_posters_keep_coming(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path, max_bytes=100_000)
    for number in range(300):
        cache.put("w342", f"poster{number}.jpg", b"x" * 1000)
        # Another 5 % may be written between two walks of the folder, never more.
        assert cache.total_bytes() <= 105_000
    assert cache.get("w342", "poster299.jpg") is not None  # the newest stay
    assert cache.get("w342", "poster0.jpg") is None


def test_a_name_that_is_not_a_tmdb_file_never_becomes_a_path(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "images", max_bytes=10_000)
    for name in ("../secret_key.jpg", "a/b.jpg", ".hidden.jpg", "poster.exe", ""):
        with pytest.raises(ValueError):
            cache.path_of("w342", name)
    with pytest.raises(ValueError):
        cache.path_of("../..", "poster.jpg")


def test_the_placeholder_draws_the_title_escaped() -> None:
    svg = placeholder_svg('Tom & Jerry <script>alert("x")</script>').decode()
    assert svg.startswith("<svg") and "Tom &amp; Jerry" in svg
    assert "<script>" not in svg
    assert placeholder_svg("Le Fabuleux Destin d'Amélie Poulain", "backdrop").decode().count("<tspan") >= 2


async def test_a_poster_is_fetched_once_then_served_from_disk_even_with_tmdb_down(
    tmp_path: Path, scenario: TmdbScenario, tmdb_url: str
) -> None:
    cache = ImageCache(tmp_path, max_bytes=10_000_000)
    name = POSTER.lstrip("/")
    async with _client(tmdb_url) as tmdb:
        first = await images.image(cache, tmdb, kind="poster", name=name, title="Inception")
        assert first.media_type == "image/png" and first.body.startswith(b"\x89PNG")
        assert first.cache_control == images.KEPT_FOR_EVER
        scenario.images_down = True
        again = await images.kept_image(cache, kind="poster", name=name)
    assert again is not None and again.body == first.body and again.media_type == "image/png"
    assert again.cache_control == images.KEPT_FOR_EVER


async def test_without_tmdb_the_kiosk_gets_the_drawn_title_and_asks_again_next_time(
    tmp_path: Path, scenario: TmdbScenario, tmdb_url: str
) -> None:
    cache = ImageCache(tmp_path, max_bytes=10_000_000)
    scenario.images_down = True
    async with _client(tmdb_url) as tmdb:
        down = await images.image(cache, tmdb, kind="poster", name=POSTER.lstrip("/"), title="Inception")
        scenario.images_down = False
        back = await images.image(cache, tmdb, kind="poster", name=POSTER.lstrip("/"), title="Inception")
        unknown = await images.image(cache, tmdb, kind="poster", name="neverSeen.jpg", title="Inception")
    assert down.media_type == images.SVG and b"Inception" in down.body
    assert down.cache_control == images.ASK_AGAIN  # the poster shows once TMDB is back
    assert back.media_type == "image/png"
    # The image host is up but has no such file: drawn too, and not asked again for a day.
    assert unknown.placeholder and unknown.cache_control == images.NONE_AT_TMDB


async def test_tmdb_unreachable_altogether_still_gives_a_picture(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path, max_bytes=10_000_000)
    with serve(create_app(TmdbScenario())) as gone:
        pass  # the server is stopped: its port refuses connections
    async with _client(gone) as tmdb:
        answer = await images.title_image(
            cache, tmdb, kind="poster", media="movie", tmdb_id=27205, title="Inception"
        )
    assert answer.placeholder and b"Inception" in answer.body and answer.cache_control == images.ASK_AGAIN


async def test_a_search_keeps_its_posters_ahead_of_the_screen(tmp_path: Path, tmdb_url: str) -> None:
    cache = ImageCache(tmp_path, max_bytes=10_000_000)
    async with _client(tmdb_url) as tmdb:
        kept = await images.prefetch(
            cache, tmdb, [("poster", POSTER), ("poster", None), ("poster", "/x.jpg")]
        )
    assert kept == 1
    assert cache.get("w342", POSTER.lstrip("/")) is not None


async def test_a_title_known_by_its_tmdb_id_gets_its_poster(tmp_path: Path, tmdb_url: str) -> None:
    cache = ImageCache(tmp_path, max_bytes=10_000_000)
    async with _client(tmdb_url) as tmdb:
        answer = await images.title_image(cache, tmdb, kind="poster", media="movie", tmdb_id=27205, title="")
        backdrop = await images.title_image(
            cache, tmdb, kind="backdrop", media="movie", tmdb_id=27205, title="Inception"
        )
    assert answer.media_type == "image/png"
    assert backdrop.placeholder and backdrop.cache_control == images.NONE_AT_TMDB


def test_image_urls_always_name_a_picture() -> None:
    assert images.image_url("poster", POSTER, "Inception") == (
        "/api/v1/images/poster/inceptionPoster42.jpg?title=Inception"
    )
    assert images.image_url("poster", None, "Amélie & co").startswith("/api/v1/images/poster/none?title=Am")
