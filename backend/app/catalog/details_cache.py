"""TMDB details cached in the database with a time to live (the `DetailsCache` the TMDB adapter takes).

Shared by the API and every worker and kept across restarts, so a kiosk page rarely waits on TMDB.
The cache never makes a TMDB call fail: if the database cannot be read or written, the call goes to
TMDB as if nothing were cached.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.models import TmdbCacheEntry
from app.db import get_sessionmaker, utcnow

log = logging.getLogger(__name__)
_MAX_KEY_LENGTH = 255


def _stored_key(key: str) -> str:
    """The key as stored: unchanged when it fits the column, else a digest of it."""
    if len(key) <= _MAX_KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class DatabaseDetailsCache:
    """A `DetailsCache` in the `tmdb_cache` table; each call uses a short session of its own."""

    def __init__(self, *, database_url: str | None = None, clock: Callable[[], datetime] = utcnow) -> None:
        # The URL, not a session factory: engines belong to one event loop and one process, so the
        # factory is looked up at each call (app.db keeps one per process).
        self._database_url = database_url
        self._clock = clock

    async def get(self, key: str) -> Any | None:
        """The value stored under `key`, or None when missing, expired or unreadable."""
        try:
            async with get_sessionmaker(self._database_url)() as session:
                row = await session.get(TmdbCacheEntry, _stored_key(key))
        except (SQLAlchemyError, OSError) as exc:
            log.warning("TMDB cache unreadable (%s): asking TMDB instead", type(exc).__name__)
            return None
        if row is None or row.expires_at <= self._clock():
            return None
        return row.value

    async def set(self, key: str, value: Any, ttl: float) -> None:
        """Store `value` under `key` for `ttl` seconds, replacing any previous value."""
        expires_at = self._clock() + timedelta(seconds=ttl)
        try:
            async with get_sessionmaker(self._database_url)() as session:
                await _upsert(session, _stored_key(key), value, expires_at)
                await session.commit()
        except (SQLAlchemyError, OSError) as exc:
            log.warning("TMDB cache not written (%s)", type(exc).__name__)


async def _upsert(session: AsyncSession, key: str, value: Any, expires_at: datetime) -> None:
    """Insert or replace one entry in a single statement (two workers may cache the same title)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(TmdbCacheEntry).values(key=key, value=value, expires_at=expires_at)
    statement = statement.on_conflict_do_update(
        index_elements=[TmdbCacheEntry.key],
        set_={"value": statement.excluded.value, "expires_at": statement.excluded.expires_at},
    )
    await session.execute(statement)


async def purge_expired(session: AsyncSession, *, now: datetime | None = None) -> int:
    """Delete the expired entries (not committed); returns how many went."""
    result = await session.execute(
        delete(TmdbCacheEntry).where(TmdbCacheEntry.expires_at <= (now or utcnow()))
    )
    return int(getattr(result, "rowcount", 0) or 0)
