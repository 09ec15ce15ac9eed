"""Learn the TMDB id behind the IMDb and TVDB ids of old Plex agents, a bounded number per sync.

The kiosk searches TMDB, so "already in Plex" needs a TMDB id; an item matched by the legacy IMDb movie agent
or the TheTVDB agent has none. Each id is looked up once (TMDB's answer is kept, even "unknown", which is
asked again after RETRY_UNKNOWN).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.integrations.errors import IntegrationError
from app.integrations.tmdb import TmdbClient
from app.library.models import LibraryItem, TmdbLink

log = logging.getLogger(__name__)

RETRY_UNKNOWN = timedelta(days=30)


def _insert(session: AsyncSession) -> Any:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(TmdbLink)


async def _unlinked(session: AsyncSession, kind: str, column: Any, link_column: Any, limit: int) -> list[Any]:
    """Distinct ids of `kind` items that have no TMDB id and no fresh link."""
    stale = utcnow() - RETRY_UNKNOWN
    linked = exists().where(
        TmdbLink.media_type == kind,
        link_column == column,
        or_(TmdbLink.tmdb_id.is_not(None), TmdbLink.checked_at > stale),
    )
    rows = await session.scalars(
        select(column)
        .distinct()
        .where(LibraryItem.item_type == kind, LibraryItem.tmdb_id.is_(None), column.is_not(None), ~linked)
        .limit(limit)
    )
    return list(rows)


async def _store(session: AsyncSession, kind: str, field: str, value: Any, tmdb_id: int | None) -> None:
    statement = _insert(session).values(
        media_type=kind, tmdb_id=tmdb_id, checked_at=utcnow(), **{field: value}
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[field, "media_type"], set_={"tmdb_id": tmdb_id, "checked_at": utcnow()}
        )
    )


async def learn_tmdb_ids(session: AsyncSession, tmdb: TmdbClient, *, limit: int = 200) -> int:
    """Look up to `limit` unlinked IMDb (films) and TVDB (shows) ids on TMDB (committed); how many asked."""
    asked = 0
    jobs: list[tuple[str, Any, Any, str, Literal["imdb_id", "tvdb_id"]]] = [
        ("movie", LibraryItem.imdb_id, TmdbLink.imdb_id, "imdb_id", "imdb_id"),
        ("show", LibraryItem.tvdb_id, TmdbLink.tvdb_id, "tvdb_id", "tvdb_id"),
    ]
    try:
        for kind, column, link_column, field, source in jobs:
            for value in await _unlinked(session, kind, column, link_column, limit - asked):
                found = await tmdb.find(str(value), source)
                matches = found.movies if kind == "movie" else found.shows
                await _store(session, kind, field, value, matches[0].tmdb_id if matches else None)
                asked += 1
            await session.commit()
    except IntegrationError as exc:
        # TMDB away or refusing the key: what was learnt stays, the rest waits for the next sync.
        log.warning("stopped learning TMDB ids after %d look-ups: %s", asked, exc)
        await session.commit()
    return asked


def linked_tmdb_ids_condition(kind: str) -> Any:
    """Join condition: a link of `kind` that names the item's IMDb or TVDB id."""
    return and_(
        TmdbLink.media_type == kind,
        LibraryItem.item_type == kind,
        or_(LibraryItem.imdb_id == TmdbLink.imdb_id, LibraryItem.tvdb_id == TmdbLink.tvdb_id),
    )
