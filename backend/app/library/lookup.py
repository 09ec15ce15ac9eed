"""Ask Plex directly for one film or show and write what it has into the mirror (after a partial scan).

The hourly sync would find a fresh import anyway; this lets the request pipeline say "available" at once.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.integrations.plex import PlexClient, PlexGuids, PlexItem
from app.library.matching import MediaIds
from app.library.mirror import write_items
from app.library.models import LibraryItem
from app.library.presence import tmdb_aliases

# How many of a section's newest items a look-up reads: a scan just added what we want.
NEWEST_ITEMS = 200


async def _known_show_keys(session: AsyncSession, names: list[MediaIds]) -> list[tuple[str, str]]:
    """(rating key, section key) of shows the mirror already has under one of `names`."""
    rows = await session.execute(
        select(
            LibraryItem.rating_key, LibraryItem.section_key, LibraryItem.tmdb_id, LibraryItem.imdb_id,
            LibraryItem.tvdb_id,
        ).where(LibraryItem.item_type == "show")
        .where(
            LibraryItem.tmdb_id.in_({n.tmdb for n in names if n.tmdb is not None})
            | LibraryItem.imdb_id.in_({n.imdb for n in names if n.imdb})
            | LibraryItem.tvdb_id.in_({n.tvdb for n in names if n.tvdb is not None})
        )
    )  # fmt: skip
    return [
        (key, section)
        for key, section, tmdb, imdb, tvdb in rows
        if any(n.shares_an_id(MediaIds("show", tmdb, imdb, tvdb)) for n in names)
    ]


async def _show_tree(plex: PlexClient, show_key: str) -> list[PlexItem]:
    """A show's seasons and every episode of them."""
    seasons = await plex.children(show_key)
    items = list(seasons)
    for season in seasons:
        items.extend(await plex.children(season.rating_key))
    return items


async def fetch_into_mirror(session: AsyncSession, plex: PlexClient, ids: MediaIds) -> int:
    """Find the title in Plex (known show, else the sections' newest items) and mirror it; items written."""
    names = [ids, *(await tmdb_aliases(session, [ids])).get(ids, ())]
    now = utcnow()
    written = 0
    found: list[tuple[PlexItem, str]] = []
    if ids.kind == "show":
        for show_key, section_key in await _known_show_keys(session, names):
            show = await plex.item(show_key)
            if show is not None:
                found.append((show, section_key))
    if not found:
        for section in await plex.sections():
            if section.type != ids.kind:
                continue
            for name in names:
                guids = PlexGuids(tmdb=name.tmdb, imdb=name.imdb, tvdb=name.tvdb)
                item = await plex.find_by_guid(section.key, guids, max_items=NEWEST_ITEMS)
                if item is not None:
                    found.append((item, section.key))
                    break
    for item, section_key in found:
        batch = [item, *(await _show_tree(plex, item.rating_key))] if item.type == "show" else [item]
        counts = await write_items(session, batch, section_key=section_key, synced_at=now)
        written += counts.added + counts.updated
    await session.commit()
    return written
