"""A PostgreSQL database made for one benchmark run and dropped after it (BENCH_POSTGRES_URL to move it)."""

from __future__ import annotations

import asyncio
import os

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432")


async def _run(database: str, sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES.replace("postgresql+asyncpg", "postgresql") + f"/{database}")
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def run_sql(database: str, sql: str) -> None:
    """Run `sql` (one or more statements, no parameters) in `database`."""
    asyncio.run(_run(database, sql))


def create_database(name: str) -> str:
    """Create database `name`; its SQLAlchemy URL."""
    run_sql("postgres", f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def drop_database(name: str) -> None:
    """Drop database `name`, closing what is still connected to it."""
    run_sql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
