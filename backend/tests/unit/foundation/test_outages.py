"""Which failures are "the database (or the broker) is away for now": a 503 in the API, a quick retry in a
worker. A wrong query or a broken constraint is never one (it would be retried for an hour in vain)."""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest
import redis
from kombu.exceptions import OperationalError as BrokerError
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError

from app.integrations.errors import TransientError
from app.outages import is_broker_unavailable, is_database_unavailable
from app.workers.retry import is_transient


def _wrapped(cls: type[DBAPIError], orig: Exception) -> DBAPIError:
    return cls("SELECT 1", {}, orig)


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
        _wrapped(DBAPIError, ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")),
        _wrapped(DBAPIError, Exception('database "kiosk" is not currently accepting connections')),
        _wrapped(OperationalError, sqlite3.OperationalError("database is locked")),
        _wrapped(DBAPIError, Exception("the database system is shutting down")),
    ],
    ids=[
        "starting up",
        "admin shutdown",
        "too many clients",
        "refused",
        "not accepting",
        "sqlite locked",
        "shut down",
    ],
)
def test_the_database_away_is_an_outage_and_worth_a_retry(error: Exception) -> None:
    assert is_database_unavailable(error)
    assert is_transient(error)


def _refused_elsewhere() -> Exception:
    # qBittorrent down: its adapter's error carries the refused socket as its cause.
    error = TransientError("qBittorrent", "cannot reach qBittorrent")
    error.__cause__ = ConnectionRefusedError(111, "Connection refused")
    return error


@pytest.mark.parametrize(
    "error",
    [
        _wrapped(IntegrityError, Exception('duplicate key value violates unique constraint "uq_media_key"')),
        _wrapped(ProgrammingError, Exception('relation "media_requests" does not exist')),
        ValueError("bad"),
        FileNotFoundError("/library/Movies"),
        _refused_elsewhere(),
    ],
    ids=["constraint", "missing table", "value", "missing file", "another service refused"],
)
def test_a_wrong_query_or_value_is_no_outage(error: Exception) -> None:
    assert not is_database_unavailable(error)


def test_the_broker_away_is_an_outage() -> None:
    assert is_broker_unavailable(BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused."))
    assert is_broker_unavailable(redis.exceptions.ConnectionError("Connection refused"))
    assert not is_broker_unavailable(ValueError("bad"))
