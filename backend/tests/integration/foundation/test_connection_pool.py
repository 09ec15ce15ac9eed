"""The database pool after PostgreSQL dropped its connections (a restart while the kiosk sat idle)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app import db as db_module
from app.db import create_engine


async def _terminate(engine_url: str, pid: int) -> None:
    """What a PostgreSQL restart does to a pooled connection, as seen from the pool."""
    admin = create_engine(engine_url, pool=False)
    try:
        async with admin.connect() as connection:
            assert await connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await admin.dispose()


async def test_an_idle_connection_killed_by_the_server_is_replaced_before_use(
    migrated_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(migrated_database)
    try:
        async with engine.connect() as connection:
            pid = await connection.scalar(text("SELECT pg_backend_pid()"))
        await _terminate(migrated_database, pid)

        monkeypatch.setattr(db_module, "IDLE_BEFORE_PING_S", 0.0)  # it has now sat idle "long enough"
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT pg_backend_pid()")) != pid
    finally:
        await engine.dispose()


async def test_a_busy_connection_is_not_pinged_and_a_dead_one_fails_only_its_own_call(
    migrated_database: str,
) -> None:
    engine = create_engine(migrated_database)
    try:
        async with engine.connect() as connection:
            pid = await connection.scalar(text("SELECT pg_backend_pid()"))
        await _terminate(migrated_database, pid)

        # Checked in a moment ago: used without a ping, so the dead connection shows on this call...
        with pytest.raises(Exception, match=r"(?i)connection|terminat"):
            async with engine.connect() as connection:
                await connection.scalar(text("SELECT 1"))
        # ...and the pool, having seen the disconnect, hands out a live one next.
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT pg_backend_pid()")) != pid
    finally:
        await engine.dispose()
