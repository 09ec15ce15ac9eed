"""A PostgreSQL database made for one benchmark run and dropped after it (BENCH_POSTGRES_URL to move it)."""

from __future__ import annotations

import asyncio
import os

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432")


async def _admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES.replace("postgresql+asyncpg", "postgresql") + "/postgres")
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def create_database(name: str) -> str:
    """Create database `name`; its SQLAlchemy URL."""
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    return f"{POSTGRES}/{name}"


def drop_database(name: str) -> None:
    """Drop database `name`, closing what is still connected to it."""
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
