"""The posters of what Plex added last, kept ahead of the screen after each library sync.

The library page and the idle screen open on the newest additions; fetching their posters right after
the sync that found them means they show at once, and still show if TMDB is away later. Bounded: only
the newest few dozen, so a first full sync of a large library does not fetch thousands of images.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.image_cache import ImageCache
from app.catalog.images import TitleKind, image_cache, prefetch_titles
from app.config import get_settings
from app.integrations.tmdb import TmdbClient
from app.library.models import LibraryItem

log = logging.getLogger(__name__)

# Two pages of the library screen (24 each).
RECENT_POSTERS = 48
_TITLE_KIND: dict[str, TitleKind] = {"movie": "movie", "show": "tv"}


async def keep_recent_posters(
    session: AsyncSession, cache: ImageCache, tmdb: TmdbClient, *, limit: int = RECENT_POSTERS
) -> int:
    """Fetch the posters of the `limit` films and shows Plex added last; returns how many are kept."""
    rows = await session.execute(
        select(LibraryItem.item_type, LibraryItem.tmdb_id)
        .where(LibraryItem.item_type.in_(tuple(_TITLE_KIND)), LibraryItem.tmdb_id.is_not(None))
        .order_by(LibraryItem.added_at.desc().nulls_last(), LibraryItem.rating_key)
        .limit(limit)
    )
    titles = [(_TITLE_KIND[item_type], tmdb_id) for item_type, tmdb_id in rows if tmdb_id is not None]
    kept = await prefetch_titles(cache, tmdb, titles)
    log.info("kept the posters of %d of the %d newest titles in Plex", kept, len(titles))
    return kept


async def after_sync(session: AsyncSession, tmdb: TmdbClient | None) -> int:
    """What the Plex-sync worker runs after each sync: the newest posters kept when TMDB is set up (`tmdb`).

    Never raises: a poster not fetched now is fetched when it is first shown, and is no reason to call
    the sync failed.
    """
    if tmdb is None:
        return 0
    try:
        return await keep_recent_posters(session, image_cache(get_settings()), tmdb)
    except Exception:  # see above: logged, never the sync's failure
        log.warning("the newest posters were not kept after the sync", exc_info=True)
        return 0
