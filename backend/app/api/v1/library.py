"""/api/v1/library: browse the Plex mirror; admins follow and start syncs and set their schedule."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from app.api.access import AdminOnly, SignedIn
from app.api.deps import SessionDep
from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish
from app.input_types import PageNumber, Text
from app.library import service
from app.library.schemas import (
    ItemType,
    LibraryItemOut,
    LibraryPage,
    LibrarySort,
    SyncQueued,
    SyncRunOut,
    SyncRunPage,
    SyncTrigger,
)
from app.library.sync_settings import PLEX_SYNC_SETTING, PlexSyncSettings, load_sync_settings
from app.settings.service import put_setting

router = APIRouter(prefix="/library", tags=["library"])


@router.get("", response_model=LibraryPage)
async def browse_library(
    viewer: SignedIn,
    session: SessionDep,
    query: Annotated[Text | None, Query(max_length=200)] = None,
    item_type: Annotated[list[ItemType] | None, Query(alias="type")] = None,
    sort: LibrarySort = LibrarySort.RECENT,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 24,
) -> LibraryPage:
    """What Plex has: films and shows by default, newest additions first; `query` searches titles."""
    items, total = await service.browse_items(
        session,
        query=(query or "").strip() or None,
        item_types=tuple(item_type) if item_type else service.BROWSE_TYPES_DEFAULT,
        sort=sort,
        page=page,
        page_size=page_size,
    )
    return LibraryPage(
        items=[LibraryItemOut.model_validate(item) for item in items],
        total=total,
        page=page,
        page_size=page_size,
    )


@router.get("/sync-runs", response_model=SyncRunPage)
async def list_sync_runs(
    viewer: AdminOnly,
    session: SessionDep,
    page: PageNumber = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SyncRunPage:
    """Past and running syncs, newest first: counts, duration, status and per-section details."""
    runs, total = await service.list_sync_runs(session, page=page, page_size=page_size)
    return SyncRunPage(
        items=[SyncRunOut.model_validate(run) for run in runs], total=total, page=page, page_size=page_size
    )


@router.post(
    "/sync",
    response_model=SyncQueued,
    status_code=status.HTTP_202_ACCEPTED,
    responses={503: {"description": "The task broker cannot be reached"}},
)
async def start_library_sync(viewer: AdminOnly, body: SyncTrigger) -> SyncQueued:
    """Queue a full or incremental sync now; follow it with /api/v1/tasks/status/{task_id}."""
    task_id = new_task_id()
    if not await publish(task_names.SYNC_PLEX_LIBRARY, task_id=task_id, kwargs={"full_sync": body.full}):
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "The task broker cannot be reached")
    return SyncQueued(task_id=task_id, full=body.full)


@router.get("/sync-settings", response_model=PlexSyncSettings)
async def get_sync_settings(viewer: AdminOnly, session: SessionDep) -> PlexSyncSettings:
    """When the syncs run (cron, household time zone) and which sections they mirror."""
    return await load_sync_settings(session)


@router.put("/sync-settings", response_model=PlexSyncSettings)
async def put_sync_settings(
    viewer: AdminOnly, session: SessionDep, body: PlexSyncSettings
) -> PlexSyncSettings:
    """Change the sync schedule or sections; Beat applies a new schedule within a minute."""
    await put_setting(session, PLEX_SYNC_SETTING, body.model_dump())
    await session.commit()
    return body
