"""Migrations run up and down on PostgreSQL and SQLite, and agree with the models."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app import migrations
from app.db import create_engine
from app.models import Base
from tests.conftest import POSTGRES_SERVER_URL, RUN_ID
from tests.support.database import _create_database, _drop_database

pytestmark = pytest.mark.integration


@pytest.fixture
def postgres_url(postgres_available: None) -> Iterator[str]:
    name = f"plexkiosk_migrations_{RUN_ID}"
    asyncio.run(_create_database(name))
    yield f"{POSTGRES_SERVER_URL}/{name}"
    asyncio.run(_drop_database(name))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'kiosk.sqlite3'}"


def _schema_state(url: str) -> tuple[list[object], set[str]]:
    async def inspect_db() -> tuple[list[object], set[str]]:
        engine = create_engine(url, pool=False)
        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        await engine.dispose()
        return diff, tables

    return asyncio.run(inspect_db())


@pytest.mark.parametrize("database", ["postgres_url", "sqlite_url"])
def test_upgrade_matches_models_and_downgrade_removes_everything(
    database: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(database)
    migrations.upgrade(url)
    diff, tables = _schema_state(url)
    assert diff == [], f"models and migrations disagree: {diff}"
    assert set(Base.metadata.tables) <= tables

    migrations.downgrade(url)
    _, tables = _schema_state(url)
    assert tables <= {"alembic_version"}

    migrations.upgrade(url)  # and back up again, as an operator rolling forward would
    assert _schema_state(url)[0] == []
