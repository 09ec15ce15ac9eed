"""Alembic environment: migrations run through the application's async engine on PostgreSQL and SQLite."""

from __future__ import annotations

import asyncio
from logging.config import fileConfig
from typing import Any

import sqlalchemy as sa
from alembic import context
from sqlalchemy.engine import Connection

from app.config import get_settings
from app.db import UTCDateTime, create_engine, is_sqlite
from app.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # Migrations stay plain SQLAlchemy: the UTC conversion is the models' business, not the schema's.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _compare_type(
    ctx: Any, inspected: Any, metadata: Any, inspected_type: Any, metadata_type: Any
) -> bool | None:
    if isinstance(metadata_type, UTCDateTime):
        return not isinstance(inspected_type, sa.DateTime)
    return None


def _database_url() -> str:
    return config.attributes.get("database_url") or get_settings().db_url


def _configure(connection: Connection | None, url: str) -> None:
    context.configure(
        connection=connection,
        url=None if connection is not None else url,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
        render_as_batch=is_sqlite(url),
        compare_type=_compare_type,
        render_item=_render_item,
        literal_binds=connection is None,
    )


def run_migrations_offline() -> None:
    """Emit SQL without a connection (`alembic upgrade head --sql`)."""
    url = _database_url()
    _configure(None, url)
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection: Connection, url: str) -> None:
    _configure(connection, url)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_engine(url, pool=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_sync, url)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    """Migrate through a live connection, given by the caller or opened here."""
    url = _database_url()
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_sync(connection, url)
        return
    asyncio.run(_run_async(url))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
