"""TMDB details cached in PostgreSQL: hits, misses, expiry, and kiosk pages that no longer wait on TMDB."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.ports import free_port
from app.catalog.details_cache import DatabaseDetailsCache, purge_expired
from app.catalog.models import TmdbCacheEntry
from app.db import utcnow
from app.integrations.tmdb import TmdbClient, TmdbConfig
from app.settings.integrations import tmdb as stored_tmdb
from app.settings.service import put_setting
from tests.integration.settings.conftest import TmdbServer

pytestmark = pytest.mark.integration


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now


async def test_a_value_is_found_until_it_expires(db: AsyncSession) -> None:
    clock = Clock()
    cache = DatabaseDetailsCache(clock=clock)
    assert await cache.get("tmdb:/movie/550:fr-FR:FR:") is None

    await cache.set("tmdb:/movie/550:fr-FR:FR:", {"id": 550, "title": "Fight Club", "runtime": 139}, ttl=3600)
    assert await cache.get("tmdb:/movie/550:fr-FR:FR:") == {"id": 550, "title": "Fight Club", "runtime": 139}

    await cache.set("tmdb:/movie/550:fr-FR:FR:", {"id": 550, "title": "Fight Club", "runtime": 140}, ttl=3600)
    clock.now += timedelta(minutes=59)
    assert (await cache.get("tmdb:/movie/550:fr-FR:FR:"))["runtime"] == 140
    clock.now += timedelta(minutes=2)
    assert await cache.get("tmdb:/movie/550:fr-FR:FR:") is None

    long_key = "tmdb:/tv/1399:" + "x" * 400
    await cache.set(long_key, {"id": 1399}, ttl=60)
    assert await cache.get(long_key) == {"id": 1399}


async def test_expired_entries_are_purged_and_fresh_ones_kept(db: AsyncSession) -> None:
    cache = DatabaseDetailsCache()
    await cache.set("old", {"n": 1}, ttl=-1)
    await cache.set("fresh", {"n": 2}, ttl=600)
    assert await purge_expired(db) == 1
    await db.commit()
    assert list(await db.scalars(select(TmdbCacheEntry.key))) == ["fresh"]


async def test_an_unreachable_database_is_a_miss_not_a_failure() -> None:
    cache = DatabaseDetailsCache(database_url=f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/gone")
    await cache.set("tmdb:/movie/1", {"id": 1}, ttl=60)
    assert await cache.get("tmdb:/movie/1") is None


async def test_details_survive_a_new_client_and_a_tmdb_outage(
    db: AsyncSession, tmdb_server: TmdbServer
) -> None:
    config = TmdbConfig(api_key=tmdb_server.scenario.api_key, base_url=tmdb_server.url)
    async with TmdbClient(config, cache=DatabaseDetailsCache()) as first:
        assert (await first.movie_details(550)).runtime_minutes == 139
    # A new process (a worker, or the API after a restart) finds the same details without asking TMDB.
    tmdb_server.scenario.fail_next = 10
    async with TmdbClient(config, cache=DatabaseDetailsCache()) as second:
        assert (await second.movie_details(550)).runtime_minutes == 139
    assert tmdb_server.calls_to("/3/movie/550") == 1
    assert await db.scalar(select(func.count()).select_from(TmdbCacheEntry)) == 1


async def test_the_kiosk_asks_tmdb_once_for_a_shows_seasons(
    client: httpx.AsyncClient, db: AsyncSession, tmdb_server: TmdbServer
) -> None:
    await put_setting(db, "tmdb", {"api_key": tmdb_server.scenario.api_key, "base_url": tmdb_server.url})
    await db.commit()
    first = await client.get("/api/v1/search/tv/1399")
    stored_tmdb._clients.clear()  # as after a restart: only the database remembers
    tmdb_server.scenario.fail_next = 10
    second = await client.get("/api/v1/search/tv/1399")
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert [s["season_number"] for s in second.json()["seasons"]][:2] == [1, 2]
    assert tmdb_server.calls_to("/3/tv/1399") == 1
    assert list(await db.scalars(select(TmdbCacheEntry.key))) == [
        "tmdb:/tv/1399:fr-FR:FR:external_ids,content_ratings"
    ]
