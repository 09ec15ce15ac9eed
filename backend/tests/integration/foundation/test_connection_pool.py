"""The database pool after PostgreSQL dropped its connections (a restart while the kiosk sat idle)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from app import db as db_module
from app.db import create_engine


@pytest.fixture
async def pool_with_a_dead_connection(migrated_database: str) -> AsyncIterator[tuple[AsyncEngine, int]]:
    """A pooled engine whose one idle connection the server has terminated, and that backend's pid."""
    engine = create_engine(migrated_database)
    async with engine.connect() as connection:
        pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    admin = create_engine(migrated_database, pool=False)
    async with admin.connect() as connection:
        assert await connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    await admin.dispose()
    yield engine, pid
    await engine.dispose()


async def test_an_idle_connection_killed_by_the_server_is_replaced_before_use(
    pool_with_a_dead_connection: tuple[AsyncEngine, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, dead_pid = pool_with_a_dead_connection
    monkeypatch.setattr(db_module, "IDLE_BEFORE_PING_S", 0.0)  # it has now sat idle "long enough"
    async with engine.connect() as connection:
        assert await connection.scalar(text("SELECT pg_backend_pid()")) != dead_pid


async def test_a_busy_connection_is_not_pinged_and_a_dead_one_fails_only_its_own_call(
    pool_with_a_dead_connection: tuple[AsyncEngine, int],
) -> None:
    engine, dead_pid = pool_with_a_dead_connection
    # Checked in a moment ago: used without a ping, so the dead connection shows on this call, and
    # is dropped. asyncpg words it either as a closed connection or, when the server's farewell
    # arrives as the query starts, as "another operation is in progress": both are a disconnect.
    with pytest.raises(DBAPIError) as failure:
        async with engine.connect() as connection:
            await connection.scalar(text("SELECT 1"))
    assert failure.value.connection_invalidated
    # ...and the pool, having seen the disconnect, hands out a live one next.
    async with engine.connect() as connection:
        assert await connection.scalar(text("SELECT pg_backend_pid()")) != dead_pid
