"""Celery's SQLAlchemy pieces (the `db+…` result backend, the `sqla+…` broker) need a synchronous driver.

The application talks to its database through async drivers only (asyncpg, aiosqlite), but Celery opens
its own synchronous engine. Left to itself SQLAlchemy picks a driver by default for `postgresql://` that
is not installed here, and the worker dies at start while the API answers 500 on every task state it
reads. psycopg (3) is the one synchronous PostgreSQL driver the project ships, so every PostgreSQL URL
given to Celery is pointed at it, and an async URL copied from DATABASE_URL is turned into its
synchronous twin.
"""

from __future__ import annotations

# Celery's prefixes for its SQLAlchemy result backend and kombu's SQLAlchemy transport.
_CELERY_PREFIXES = ("db+", "sqla+")
_SYNC_SCHEMES = {
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+asyncpg": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "sqlite": "sqlite",
    "sqlite+aiosqlite": "sqlite",
}


def with_sync_driver(url: str) -> str:
    """`url` with a synchronous driver Celery can load, when it is a `db+…`/`sqla+…` URL; else unchanged."""
    for prefix in _CELERY_PREFIXES:
        if not url.startswith(prefix):
            continue
        scheme, separator, rest = url[len(prefix) :].partition("://")
        if separator and scheme in _SYNC_SCHEMES:
            return f"{prefix}{_SYNC_SCHEMES[scheme]}://{rest}"
    return url
