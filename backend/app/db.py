"""Engines, sessions and the declarative base shared by every domain's models.

One async driver per database (asyncpg on PostgreSQL, aiosqlite on SQLite), used by the API and the
workers alike. Engines are bound to the event loop that first uses them, so each process (and each
worker child) builds its own through `get_engine()`.
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ARRAY, Boolean, MetaData, any_, bindparam, event
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, QueryableAttribute
from sqlalchemy.pool import ConnectionPoolEntry, NullPool
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import DateTime, TypeDecorator

from app.config import get_settings

# Stable constraint names so Alembic migrations are identical on PostgreSQL and SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite would otherwise hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class InList(ColumnElement[bool]):
    """`column IN (…)`, the list bound at execution under `name`: `column = ANY(:name)` on PostgreSQL.

    SQLAlchemy's expanding IN writes the list's length into the SQL on every execution, so each length
    is a statement of its own, rendered again each time and prepared again by asyncpg and PostgreSQL.
    An array parameter keeps one statement for any list. SQLite has no arrays: it gets the expanding IN.
    """

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy's own attribute, declared on its base)
        ("column", InternalTraversal.dp_clauseelement),
        ("name", InternalTraversal.dp_string),
    ]
    _is_implicitly_boolean = True  # a predicate: not compared to 1 where booleans are integers
    type = Boolean()

    def __init__(self, column: ColumnElement[Any] | QueryableAttribute[Any], name: str) -> None:
        self.column = column.__clause_element__() if isinstance(column, QueryableAttribute) else column
        self.name = name


@compiles(InList)
def _in_expanding(element: InList, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw)


@compiles(InList, "postgresql")
def _equals_any(element: InList, compiler: SQLCompiler, **kw: Any) -> str:
    array = bindparam(element.name, type_=ARRAY(element.column.type))
    return compiler.process(element.column == any_(array), **kw)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def is_sqlite(url: str) -> bool:
    """True for a SQLite URL."""
    return url.startswith("sqlite")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the API read while a worker writes; busy_timeout waits out the other writer instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# A pooled connection that sat unused this long is pinged before use (see _ping_after_idle).
IDLE_BEFORE_PING_S = 10.0


def _note_checkin(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_after_idle(engine: AsyncEngine) -> Any:
    """A checkout hook that pings connections idle for IDLE_BEFORE_PING_S, and only those.

    What a database restart leaves behind is dead idle connections; one in constant use fails on its
    next statement anyway. SQLAlchemy's pool_pre_ping checks every checkout instead, which with asyncpg
    is three round trips on every API call.
    """
    dialect = engine.sync_engine.dialect

    def check(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        checked_in_at = record.info.get("checked_in_at")
        if checked_in_at is None or time.monotonic() - checked_in_at < IDLE_BEFORE_PING_S:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as exc:
            # The pool drops this connection and checks out another (a fresh one if need be).
            raise DisconnectionError(f"idle connection is dead: {exc}") from exc

    return check


def create_engine(url: str, *, pool: bool = True) -> AsyncEngine:
    """A new async engine for `url`, with SQLite's pragmas set on every connection."""
    kwargs: dict[str, Any] = {}
    if is_sqlite(url):
        kwargs["connect_args"] = {"timeout": 15}
    elif pool:
        # Sized for the API's busiest moments: a connection opened past the pool's size is closed again
        # after use, and opening one costs far more than the query it serves.
        kwargs.update(pool_size=20, max_overflow=10)
    if not pool:
        kwargs["poolclass"] = NullPool
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    elif pool:
        event.listen(engine.sync_engine, "checkin", _note_checkin)
        event.listen(engine.sync_engine, "checkout", _ping_after_idle(engine))
    return engine


_engines: dict[tuple[int, str], AsyncEngine] = {}
_sessionmakers: dict[tuple[int, str], async_sessionmaker[AsyncSession]] = {}
_autocommit_sessionmakers: dict[tuple[int, str], async_sessionmaker[AsyncSession]] = {}


def get_engine(url: str | None = None) -> AsyncEngine:
    """This process's engine for `url` (default: the configured database)."""
    url = url or get_settings().db_url
    key = (os.getpid(), url)
    if key not in _engines:
        _engines[key] = create_engine(url)
    return _engines[key]


def get_sessionmaker(url: str | None = None) -> async_sessionmaker[AsyncSession]:
    """This process's session factory for `url` (default: the configured database)."""
    url = url or get_settings().db_url
    key = (os.getpid(), url)
    if key not in _sessionmakers:
        _sessionmakers[key] = async_sessionmaker(get_engine(url), expire_on_commit=False)
    return _sessionmakers[key]


def autocommit_session(url: str | None = None) -> AsyncSession:
    """A session outside any transaction (autocommit): each statement is its own transaction.

    Each query is one round trip, with no BEGIN before nor ROLLBACK after, and the connection goes
    back to the pool as soon as the query is done rather than when the HTTP call ends. For reads on
    every call, like finding who is calling, and for a write made in a single statement.
    """
    url = url or get_settings().db_url
    key = (os.getpid(), url)
    if key not in _autocommit_sessionmakers:
        engine = get_engine(url).execution_options(isolation_level="AUTOCOMMIT")
        _autocommit_sessionmakers[key] = async_sessionmaker(engine, expire_on_commit=False)
    return _autocommit_sessionmakers[key]()


async def forget_pooled_connections() -> None:
    """Start this process's pools afresh, leaving the connections they held to the garbage collector.

    Called when the database is found away: a restart ends every connection, and a dead one that was
    used recently skips the idle ping, so the first call after the outage would fail on it.
    """
    pid = os.getpid()
    for (engine_pid, _url), engine in list(_engines.items()):
        if engine_pid == pid:
            await engine.dispose(close=False)


async def dispose_engines() -> None:
    """Close this process's pools (on shutdown, or before a test switches databases)."""
    pid = os.getpid()
    for key in [key for key in _engines if key[0] == pid]:
        await _engines.pop(key).dispose()
        _sessionmakers.pop(key, None)
        _autocommit_sessionmakers.pop(key, None)


async def session_dependency() -> AsyncIterator[AsyncSession]:
    """FastAPI dependency: one session per HTTP request, closed afterwards."""
    async with get_sessionmaker()() as session:
        yield session
