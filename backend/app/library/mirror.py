"""Write Plex items into the mirror in bulk, and take out what Plex no longer has.

A page of items costs one SELECT of the stored digests and one multi-row upsert of the rows that are new or
changed (INSERT … ON CONFLICT DO UPDATE on PostgreSQL and SQLite alike), so a second full sync of an unchanged
library writes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ARRAY, ColumnElement, String, Table, any_, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app.column_fit import Unfit, fit_row
from app.integrations.plex import PlexItem
from app.library.matching import MediaIds
from app.library.models import LibraryItem

# Bound parameters per statement stay far below asyncpg's 32,767 and SQLite's 32,766.
KEY_CHUNK = 2000
_TABLE = cast(Table, LibraryItem.__table__)
_UPDATABLE = [column.name for column in _TABLE.columns if column.name != "rating_key"]
log = logging.getLogger(__name__)


@dataclass
class WriteCounts:
    """How many rows a write added and changed."""

    added: int = 0
    updated: int = 0


def fingerprint(item: PlexItem, section_key: str) -> str:
    """A short digest of every field the mirror keeps of `item`."""
    guids = item.guids
    material = (
        section_key, item.type, item.title, item.year, item.guid, guids.tmdb, guids.imdb, guids.tvdb,
        item.parent_rating_key, item.grandparent_rating_key, item.season_number, item.episode_number,
        item.resolution, item.is_4k, item.file_paths,
        item.added_at.timestamp() if item.added_at else None,
        item.updated_at.timestamp() if item.updated_at else None,
    )  # fmt: skip
    return hashlib.blake2b(repr(material).encode(), digest_size=8).hexdigest()


def item_row(item: PlexItem, section_key: str, synced_at: datetime) -> dict[str, Any]:
    """The library_items row for `item` (the section is the one being listed, whatever Plex says)."""
    guids = item.guids
    return {
        "rating_key": item.rating_key,
        "section_key": section_key,
        "item_type": item.type,
        "title": item.title[:500],
        "year": item.year,
        "guid": item.guid[:255] if item.guid else None,
        "tmdb_id": guids.tmdb,
        "imdb_id": guids.imdb,
        "tvdb_id": guids.tvdb,
        "parent_rating_key": item.parent_rating_key,
        "grandparent_rating_key": item.grandparent_rating_key,
        "season_number": item.season_number,
        "episode_number": item.episode_number,
        "resolution": item.resolution,
        "is_4k": item.is_4k,
        "file_paths": list(item.file_paths),
        "added_at": item.added_at,
        "updated_at": item.updated_at,
        "synced_at": synced_at,
        "fingerprint": fingerprint(item, section_key),
    }


def _chunks(values: Sequence[Any], size: int = KEY_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def key_in(session: AsyncSession, keys: Sequence[str]) -> ColumnElement[bool]:
    """`rating_key` among `keys`: one array parameter on PostgreSQL (no statement with thousands of
    placeholders to compile), a plain IN list on SQLite."""
    if _is_postgres(session):
        return LibraryItem.rating_key == any_(bindparam("keys", list(keys), type_=ARRAY(String)))
    return LibraryItem.rating_key.in_(keys)


def _upsert(session: AsyncSession) -> Any:
    """INSERT … ON CONFLICT (rating_key) DO UPDATE of every column, in the session's dialect."""
    dialect = postgresql if _is_postgres(session) else sqlite
    statement = dialect.insert(LibraryItem)
    return statement.on_conflict_do_update(
        index_elements=[LibraryItem.rating_key],
        set_={name: statement.excluded[name] for name in _UPDATABLE},
    )


async def write_items(
    session: AsyncSession, items: Sequence[PlexItem], *, section_key: str, synced_at: datetime
) -> WriteCounts:
    """Upsert the items that are new or changed since the mirror last saw them (not committed).

    Each row is fitted to its columns first (app/column_fit.py): an item carrying a value PostgreSQL refuses
    is written without it, or left out and logged, instead of failing the page it came in.
    """
    rows: dict[str, dict[str, Any]] = {}
    for item in items:
        try:
            rows[item.rating_key] = fit_row(_TABLE, item_row(item, section_key, synced_at))
        except Unfit as exc:
            log.warning(
                "Plex item %r of section %s left out of the mirror: %s", item.rating_key, section_key, exc
            )
    stored: dict[str, str | None] = {}
    # Core statements on the session's connection: no ORM row loading for plain columns.
    connection = await session.connection()
    for keys in _chunks(list(rows)):
        result = await connection.execute(
            select(LibraryItem.rating_key, LibraryItem.fingerprint).where(key_in(session, keys))
        )
        stored.update((key, digest) for key, digest in result)
    counts = WriteCounts()
    changed = []
    for key, row in rows.items():
        if key not in stored:
            counts.added += 1
        elif stored[key] != row["fingerprint"]:
            counts.updated += 1
        else:
            continue
        changed.append(row)
    if changed:
        # Core, not the ORM's bulk path: one pipelined executemany per batch instead of statements per row.
        statement = _upsert(session)
        for batch in _chunks(changed, 1000):
            await connection.execute(statement, list(batch))
    return counts


async def section_keys(session: AsyncSession, section_key: str) -> set[str]:
    """Every rating key the mirror holds for a section."""
    connection = await session.connection()
    result = await connection.execute(
        select(LibraryItem.rating_key).where(LibraryItem.section_key == section_key)
    )
    return set(result.scalars())


async def keys_outside(session: AsyncSession, section_keys_kept: Iterable[str]) -> set[str]:
    """Rating keys of items whose section is not among `section_keys_kept`."""
    kept = list(section_keys_kept)
    connection = await session.connection()
    result = await connection.execute(
        select(LibraryItem.rating_key).where(LibraryItem.section_key.not_in(kept))
    )
    return set(result.scalars())


async def identities_of(session: AsyncSession, keys: Iterable[str]) -> set[MediaIds]:
    """The films and shows the items `keys` belong to (an episode or a season counts for its show)."""
    found: set[MediaIds] = set()
    show_keys: set[str] = set()
    for chunk in _chunks(list(keys)):
        rows = await session.execute(
            select(
                LibraryItem.item_type, LibraryItem.tmdb_id, LibraryItem.imdb_id, LibraryItem.tvdb_id,
                LibraryItem.parent_rating_key, LibraryItem.grandparent_rating_key,
            ).where(key_in(session, chunk))
        )  # fmt: skip
        for item_type, tmdb, imdb, tvdb, parent, grandparent in rows:
            if item_type in ("movie", "show"):
                found.add(MediaIds(item_type, tmdb, imdb, tvdb))
            elif item_type == "season" and parent:
                show_keys.add(parent)
            elif item_type == "episode" and grandparent:
                show_keys.add(grandparent)
    for chunk in _chunks(list(show_keys)):
        show_rows = await session.execute(
            select(LibraryItem.tmdb_id, LibraryItem.imdb_id, LibraryItem.tvdb_id).where(
                LibraryItem.rating_key.in_(chunk), LibraryItem.item_type == "show"
            )
        )
        found.update(MediaIds("show", tmdb, imdb, tvdb) for tmdb, imdb, tvdb in show_rows)
    return found


async def remove_items(session: AsyncSession, keys: Iterable[str]) -> int:
    """Delete the items `keys` from the mirror (not committed); the number deleted."""
    removed = 0
    for chunk in _chunks(sorted(keys)):
        result = await session.execute(
            delete(LibraryItem)
            .where(LibraryItem.rating_key.in_(chunk))
            .execution_options(synchronize_session=False)
        )
        removed += int(getattr(result, "rowcount", 0) or 0)
    return removed
