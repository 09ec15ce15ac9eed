"""What "the database or the broker is away for a moment" looks like, whichever driver says it.

Both front doors use it: the API answers 503 with Retry-After instead of 500 (app/api/outages.py), and the
workers retry with backoff instead of failing the request (app/workers/retry.py). A wrong query, a
constraint or a bad value is never an outage: only the connection is judged here.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator

from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# SQLSTATE classes and codes that say the server is not taking us now: 08 connection exception,
# 53300 too many connections, 57P01-57P03 shutdown / crash / starting up ("cannot connect now").
_UNAVAILABLE_SQLSTATE_CLASSES = ("08",)
_UNAVAILABLE_SQLSTATES = frozenset({"53300", "57P01", "57P02", "57P03"})
# What the servers and drivers say when the error carries no SQLSTATE (or a generic one, like 55000 for
# a database with ALLOW_CONNECTIONS false).
_UNAVAILABLE_WORDS = (
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "not currently accepting connections",
    "not accepting connections",
    "terminating connection due to administrator command",
    "connection was closed in the middle of operation",
    "connection is closed",
    "connection refused",
    "could not connect to server",
    "database is locked",  # SQLite: another writer held the lock past the busy timeout
)


_CONNECTION_TROUBLE = (DisconnectionError, PoolTimeout, ConnectionError, TimeoutError, socket.gaierror)


class BrokerUnavailable(Exception):
    """Raised by code that found the broker or the result backend away (its cause says how)."""


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, the driver error SQLAlchemy wraps (`orig`), and their causes, each once."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [getattr(current, "orig", None), current.__cause__, current.__context__]


def is_database_unavailable(exc: BaseException) -> bool:
    """True when the database could not be reached or refused connections for now (a later try may work).

    Only an error the database layer raised is judged: a refused socket inside a qBittorrent or Plex error
    is that service's trouble, not the database's.
    """
    if not _from_the_database(exc):
        return False
    for error in _chain(exc):
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        # A refused or reset socket, a connect that timed out, the host unknown while its container restarts.
        if isinstance(
            error, DisconnectionError | PoolTimeout | ConnectionError | TimeoutError | socket.gaierror
        ):
            return True
        sqlstate = str(getattr(error, "sqlstate", None) or getattr(error, "pgcode", None) or "")
        if sqlstate in _UNAVAILABLE_SQLSTATES or sqlstate.startswith(_UNAVAILABLE_SQLSTATE_CLASSES):
            return True
        if isinstance(error, sqlite3.OperationalError) or _is_driver_error(error):
            message = str(error).lower()
            if any(words in message for words in _UNAVAILABLE_WORDS):
                return True
    return False


def _from_the_database(exc: BaseException) -> bool:
    return isinstance(exc, DBAPIError | DisconnectionError | PoolTimeout | sqlite3.Error) or _is_driver_error(
        exc
    )


def _is_driver_error(error: BaseException) -> bool:
    # asyncpg, psycopg and SQLAlchemy's adapters: matched by module so none of them must be importable here.
    module = type(error).__module__
    return module.startswith(("asyncpg", "psycopg", "sqlalchemy"))


def is_broker_unavailable(exc: BaseException) -> bool:
    """True when the Celery broker or result backend could not be reached (kombu, redis-py, amqp)."""
    for error in _chain(exc):
        if isinstance(error, BrokerUnavailable | BrokerOperationalError):
            return True
        module = type(error).__module__
        if module.startswith(("redis", "amqp", "kombu")) and "connection" in type(error).__name__.lower():
            return True
    return False


# The exception classes an outage arrives as (the API's handler is registered for these, judged above).
OUTAGE_KINDS: tuple[type[Exception], ...] = (
    DBAPIError,
    DisconnectionError,
    PoolTimeout,
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    BrokerUnavailable,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
)
