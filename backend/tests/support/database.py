"""Real PostgreSQL and Redis for the tests: a throwaway database, a clean slate per test.

A pytest plugin (registered in tests/conftest.py) rather than a conftest of one folder, so integration,
browser and end-to-end tests share one session-wide database instead of each making its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
import redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import (
    POSTGRES_SERVER_URL,
    TEST_BROKER_URL,
    TEST_DATABASE_NAME,
    TEST_DATABASE_URL,
    TEST_RESULT_BACKEND,
)
from tests.services import reachable, require


def _admin_dsn() -> str:
    return POSTGRES_SERVER_URL.replace("postgresql+asyncpg", "postgresql") + "/postgres"


async def _create_database(name: str) -> None:
    connection = await asyncpg.connect(_admin_dsn())
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _drop_database(name: str) -> None:
    connection = await asyncpg.connect(_admin_dsn())
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_available() -> None:
    """The machine's PostgreSQL, or a failure (CI) / loud skip."""
    require(
        "PostgreSQL",
        reachable(TEST_DATABASE_URL),
        f"start it, or point TEST_POSTGRES_URL at one ({POSTGRES_SERVER_URL})",
    )


@pytest.fixture(scope="session")
def redis_available() -> None:
    """The machine's Redis, or a failure (CI) / loud skip."""
    require("Redis", reachable(TEST_BROKER_URL), "start redis-server, or point TEST_REDIS_URL at one")


@pytest.fixture(scope="session")
def migrated_database(postgres_available: None) -> Iterator[str]:
    """A throwaway PostgreSQL database migrated to head; dropped at the end of the run."""
    from app import migrations

    asyncio.run(_create_database(TEST_DATABASE_NAME))
    migrations.upgrade(TEST_DATABASE_URL)
    yield TEST_DATABASE_URL
    asyncio.run(_drop_database(TEST_DATABASE_NAME))


@pytest.fixture(scope="session")
def redis_client(redis_available: None) -> Iterator[redis.Redis]:
    """A client on the test broker DB, emptied before and after the run."""
    client = redis.Redis.from_url(TEST_BROKER_URL)
    results = redis.Redis.from_url(TEST_RESULT_BACKEND)
    client.flushdb()
    results.flushdb()
    yield client
    client.flushdb()
    results.flushdb()
    client.close()
    results.close()


def all_tables() -> str:
    """Every table of the models, for one TRUNCATE (a new model is emptied between tests without a list)."""
    from app.models import Base

    return ", ".join(table.name for table in Base.metadata.sorted_tables)


@pytest.fixture
async def db(migrated_database: str) -> AsyncIterator[AsyncSession]:
    """A session on the test database; every table is emptied after the test."""
    from app.db import get_sessionmaker
    from app.profiles import lookup

    maker = get_sessionmaker(migrated_database)
    async with maker() as session:
        yield session
    async with maker() as cleanup:
        await cleanup.execute(text(f"TRUNCATE {all_tables()} RESTART IDENTITY CASCADE"))
        await cleanup.commit()
    # The next test's profiles get the same ids: the API process must not answer with these ones.
    lookup.forget_all()


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[AsyncSession]:
    """A session on a fresh, migrated SQLite database: the embedded appliance's own database."""
    from app import migrations
    from app.db import get_engine, get_sessionmaker

    url = f"sqlite+aiosqlite:///{tmp_path / 'kiosk.sqlite3'}"
    await asyncio.to_thread(migrations.upgrade, url)
    async with get_sessionmaker(url)() as session:
        yield session
    await get_engine(url).dispose()


@pytest.fixture
def broker(redis_client: redis.Redis) -> Iterator[redis.Redis]:
    """The real Redis broker, with its queues emptied before and after the test."""
    redis_client.flushdb()
    yield redis_client
    redis_client.flushdb()


@pytest.fixture
async def client(db: AsyncSession, broker: redis.Redis) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the real app signed in as an admin script (the API key), backed by the test
    PostgreSQL and Redis. tests/support/auth.py makes clients for profiles and anonymous callers."""
    from tests import factories
    from tests.support.auth import app_client

    async with app_client(api_key=await factories.api_key(db)) as http:
        yield http
