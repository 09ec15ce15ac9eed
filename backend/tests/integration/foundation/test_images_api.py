"""/api/v1/images on the real app: a search's posters come from the appliance, never from TMDB's host
directly, and every answer is a picture the kiosk can show, TMDB up, down or not set up."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.settings.service import put_setting
from tests.support.auth import app_client

pytestmark = pytest.mark.integration


@pytest.fixture
def poster() -> str:
    """A poster file name of this test's own (the image cache outlives a test)."""
    return f"poster{uuid.uuid4().hex}.jpg"


@pytest.fixture
def scenario(poster: str) -> TmdbScenario:
    scenario = TmdbScenario()
    scenario.movies[27205] = {
        "id": 27205,
        "title": "Inception",
        "release_date": "2010-07-15",
        "poster_path": f"/{poster}",
        "backdrop_path": None,
    }
    scenario.movies[27206] = {"id": 27206, "title": "Inception sans affiche", "poster_path": None}
    return scenario


@pytest.fixture
def tmdb_app(scenario: TmdbScenario) -> Starlette:
    return create_app(scenario)


@pytest.fixture
def tmdb_url(tmdb_app: Starlette) -> Iterator[str]:
    with serve(tmdb_app) as base_url:
        yield base_url


async def test_a_searched_poster_is_served_by_the_appliance_and_kept_when_tmdb_goes_away(
    client: httpx.AsyncClient, db: AsyncSession, scenario: TmdbScenario, tmdb_url: str, poster: str
) -> None:
    await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{tmdb_url}/3"})
    await db.commit()
    found = await client.get("/api/v1/search", params={"query": "inception"})
    urls = {r["tmdb_id"]: r["poster_url"] for r in found.json()["results"]}
    assert urls[27205] == f"/api/v1/images/poster/{poster}?title=Inception"
    assert urls[27206].startswith("/api/v1/images/poster/none?")

    async with app_client() as anonymous:  # the idle screen shows posters before anyone signs in
        shown = await anonymous.get(urls[27205])
        assert shown.status_code == 200 and shown.headers["content-type"] == "image/png"
        assert shown.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert shown.content.startswith(b"\x89PNG")

        scenario.images_down = True
        again = await anonymous.get(urls[27205])
        assert again.status_code == 200 and again.content == shown.content

        none = await anonymous.get(urls[27206])
        assert none.headers["content-type"] == "image/svg+xml"
        assert b"Inception sans affiche" in none.content


async def test_with_tmdb_down_or_not_set_up_every_poster_is_still_a_picture(
    db: AsyncSession, scenario: TmdbScenario, tmdb_app: Starlette, tmdb_url: str, poster: str
) -> None:
    async with app_client() as anonymous:
        not_set_up = await anonymous.get(f"/api/v1/images/poster/{poster}", params={"title": "Inception"})
        assert not_set_up.status_code == 200 and not_set_up.headers["content-type"] == "image/svg+xml"
        assert not_set_up.headers["cache-control"] == "no-cache"  # asked again once TMDB is set up

        await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{tmdb_url}/3"})
        await db.commit()
        scenario.images_down = True
        down = await anonymous.get("/api/v1/images/movie/27205/poster", params={"title": "Inception"})
        assert down.status_code == 200 and b"Inception" in down.content
        assert down.headers["cache-control"] == "no-cache"

        scenario.images_down = False
        back = await anonymous.get("/api/v1/images/movie/27205/poster", params={"title": "Inception"})
        assert back.headers["content-type"] == "image/png"

        # A name that is not a TMDB file is never fetched nor looked for on disk: it is drawn.
        asked = len(tmdb_app.state.requests)
        hostile = await anonymous.get("/api/v1/images/poster/..secret_key.jpg", params={"title": "x"})
        assert hostile.status_code == 200 and hostile.headers["content-type"] == "image/svg+xml"
        assert len(tmdb_app.state.requests) == asked
