"""After a Plex sync, the posters of the newest films and shows are kept (TMDB on its simulator): the
library page and the idle screen show them at once, and still when TMDB is away afterwards."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.catalog import images
from app.catalog.image_cache import ImageCache
from app.catalog.recent_posters import after_sync, keep_recent_posters
from app.db import utcnow
from app.integrations.tmdb import TmdbClient, TmdbConfig
from app.library.service import optional_tmdb
from tests import factories

pytestmark = pytest.mark.integration


async def test_the_newest_titles_in_plex_get_their_posters_kept(db: AsyncSession, tmp_path: Path) -> None:
    scenario = TmdbScenario()
    tag = uuid.uuid4().hex[:8]
    now = utcnow()
    for number in range(3):
        tmdb_id = 880_000 + number
        scenario.movies[tmdb_id] = {
            "id": tmdb_id,
            "title": f"Film {number}",
            "poster_path": f"/p{tag}{number}.jpg",
        }
        await factories.library_item(
            db, f"k{tag}{number}", f"Film {number}", tmdb_id=tmdb_id, added_at=now - timedelta(days=number)
        )
    scenario.shows[770_001] = {"id": 770_001, "name": "Série", "poster_path": f"/s{tag}.jpg"}
    await factories.library_item(db, f"s{tag}", "Série", item_type="show", tmdb_id=770_001, added_at=now)
    await factories.library_item(db, f"n{tag}", "Sans TMDB", added_at=now)  # no TMDB id: nothing to fetch
    cache = ImageCache(tmp_path, max_bytes=10_000_000)

    with serve(create_app(scenario)) as tmdb_url:
        async with TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{tmdb_url}/3")) as tmdb:
            kept = await keep_recent_posters(db, cache, tmdb, limit=3)
    # The three newest with a TMDB id: the show and the two newest films; the oldest film waits.
    assert kept == 3
    assert await images.kept_image(cache, kind="poster", name=f"s{tag}.jpg") is not None
    assert await images.kept_image(cache, kind="poster", name=f"p{tag}0.jpg") is not None
    assert await images.kept_image(cache, kind="poster", name=f"p{tag}1.jpg") is not None
    assert await images.kept_image(cache, kind="poster", name=f"p{tag}2.jpg") is None


async def test_a_sync_without_tmdb_set_up_keeps_no_poster_and_does_not_fail(db: AsyncSession) -> None:
    await factories.library_item(db, f"x{uuid.uuid4().hex[:8]}", "Film", tmdb_id=1, added_at=utcnow())
    # What the Plex-sync worker hands it when TMDB is not set up (library.service.optional_tmdb).
    assert await optional_tmdb(db) is None
    assert await after_sync(db, None) == 0
