"""What the API, the workers and the request pipeline call in the library domain.

- `run_plex_sync`: one full or incremental sync with the stored connection and settings.
- `browse_items`, `list_sync_runs`: the library and sync-run pages of the API.
- `delete_old_sync_runs`: retention.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.integrations.errors import IntegrationError
from app.integrations.tmdb import TmdbClient
from app.library.models import LibraryItem, SyncRun
from app.library.schemas import ItemType, LibrarySort
from app.library.sync import AfterMirror, SyncOptions, sync_library
from app.library.sync_lock import FULL, INCREMENTAL
from app.library.sync_settings import load_sync_settings
from app.settings.errors import NotConfigured
from app.settings.integrations.plex import plex_client
from app.settings.integrations.tmdb import tmdb_client

SYNC_RUN_RETENTION = timedelta(days=30)
BROWSE_TYPES_DEFAULT = (ItemType.MOVIE, ItemType.SHOW)


async def optional_tmdb(session: AsyncSession) -> TmdbClient | None:
    """The configured TMDB client, or None (the sync then sizes seasons from what Plex has)."""
    try:
        return await tmdb_client(session)
    except (NotConfigured, IntegrationError):
        return None


async def run_plex_sync(
    session: AsyncSession,
    *,
    full: bool,
    task_id: str | None = None,
    options: SyncOptions | None = None,
    on_mirrored: AfterMirror | None = None,
) -> SyncRun:
    """One sync with the stored Plex connection, sections and TMDB key; its run (committed).

    Without a Plex connection the run is recorded as skipped, with what to do. `on_mirrored` is the
    request domain's reaction to what the mirror now holds (see sync.AfterMirror).
    """
    try:
        plex = await plex_client(session)
    except NotConfigured as exc:
        run = SyncRun(
            kind=FULL if full else INCREMENTAL, status="skipped", added=0, updated=0, removed=0,
            error=str(exc), finished_at=utcnow(),
            details={"why": "not_set_up", **({"task_id": task_id} if task_id else {})},
        )  # fmt: skip
        session.add(run)
        await session.commit()
        return run
    settings = await load_sync_settings(session)
    if options is None:
        options = SyncOptions(
            sections=frozenset(settings.sections) if settings.sections is not None else None
        )
    tmdb = await optional_tmdb(session)
    return await sync_library(
        session, plex, full=full, tmdb=tmdb, options=options, task_id=task_id, on_mirrored=on_mirrored
    )


async def browse_items(
    session: AsyncSession,
    *,
    query: str | None = None,
    item_types: tuple[ItemType, ...] = BROWSE_TYPES_DEFAULT,
    sort: LibrarySort = LibrarySort.RECENT,
    page: int = 1,
    page_size: int = 24,
) -> tuple[list[LibraryItem], int]:
    """A page of the mirror (films and shows by default), newest additions first or by title."""
    conditions: list[ColumnElement[bool]] = [LibraryItem.item_type.in_([t.value for t in item_types])]
    if query:
        conditions.append(LibraryItem.title.icontains(query, autoescape=True))
    total = await session.scalar(select(func.count()).select_from(LibraryItem).where(*conditions)) or 0
    order = (
        [LibraryItem.added_at.desc().nulls_last(), LibraryItem.rating_key.desc()]
        if sort is LibrarySort.RECENT
        else [func.lower(LibraryItem.title), LibraryItem.year, LibraryItem.rating_key]
    )
    rows = await session.scalars(
        select(LibraryItem)
        .where(*conditions)
        .order_by(*order)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return list(rows), total


async def list_sync_runs(
    session: AsyncSession, *, page: int = 1, page_size: int = 20
) -> tuple[list[SyncRun], int]:
    """A page of sync runs, newest first, with the total."""
    total = await session.scalar(select(func.count()).select_from(SyncRun)) or 0
    rows = await session.scalars(
        select(SyncRun).order_by(SyncRun.id.desc()).offset((page - 1) * page_size).limit(page_size)
    )
    return list(rows), total


async def delete_old_sync_runs(session: AsyncSession, *, older_than: timedelta = SYNC_RUN_RETENTION) -> int:
    """Forget finished sync runs started more than `older_than` ago (committed); how many."""
    result = await session.execute(
        delete(SyncRun).where(SyncRun.started_at < utcnow() - older_than, SyncRun.finished_at.is_not(None))
    )
    await session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
