"""Two syncs never run at once; a full sync takes over from a running incremental one."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_sessionmaker, utcnow
from app.library.models import LibraryItem, SyncRun
from app.library.sync import SyncOptions, sync_library
from app.library.sync_lock import LOCK_NAME
from app.locks.service import acquire_lease, lease_holder
from tests import factories
from tests.integration.library.conftest import OPTIONS
from tests.support.plex_sim import PlexSim

pytestmark = pytest.mark.integration


async def _items(db: AsyncSession) -> int:
    return int(await db.scalar(select(func.count()).select_from(LibraryItem)) or 0)


async def _sync_in_own_session(
    database: str, plex_sim: PlexSim, *, full: bool, options: SyncOptions
) -> SyncRun:
    plex = plex_sim.client()
    try:
        async with get_sessionmaker(database)() as session:
            return await sync_library(session, plex, full=full, options=options)
    finally:
        await plex.close()


@pytest.mark.parametrize("full", [False, True])
async def test_a_sync_is_skipped_while_a_full_sync_holds_the_lock(
    db: AsyncSession, plex_sim: PlexSim, migrated_database: str, full: bool
) -> None:
    assert await acquire_lease(db, name=LOCK_NAME, owner="full:41@other-host:7", ttl_seconds=60)
    run = await _sync_in_own_session(migrated_database, plex_sim, full=full, options=OPTIONS)
    assert run.status == "skipped"
    assert run.error == "another sync is running (full:41@other-host:7)"
    assert run.details is not None and run.details["why"] == "already_running"
    assert await _items(db) == 0
    assert await lease_holder(db, name=LOCK_NAME) == "full:41@other-host:7"


async def test_an_incremental_sync_is_skipped_while_another_incremental_runs(
    db: AsyncSession, plex_sim: PlexSim, migrated_database: str
) -> None:
    assert await acquire_lease(db, name=LOCK_NAME, owner="incremental:40@other-host:7", ttl_seconds=60)
    run = await _sync_in_own_session(migrated_database, plex_sim, full=False, options=OPTIONS)
    assert (run.status, run.added) == ("skipped", 0)


async def test_the_lock_of_a_crashed_sync_frees_itself(
    db: AsyncSession, plex_sim: PlexSim, migrated_database: str
) -> None:
    assert await acquire_lease(db, name=LOCK_NAME, owner="full:39@dead-host:7", ttl_seconds=-1)  # expired
    run = await _sync_in_own_session(migrated_database, plex_sim, full=False, options=OPTIONS)
    assert run.status == "success"
    assert await lease_holder(db, name=LOCK_NAME) is None, "a finished sync gives the lock back"


async def test_a_full_sync_supersedes_a_running_incremental_one(
    db: AsyncSession, plex_sim: PlexSim, migrated_database: str
) -> None:
    plex_sim.scenario.slow_seconds = 0.05
    slow_pages = replace(OPTIONS, page_size=10)  # about 20 slow pages: the incremental runs a while
    incremental = asyncio.create_task(
        _sync_in_own_session(migrated_database, plex_sim, full=False, options=slow_pages)
    )
    for _ in range(200):
        if await _items(db) > 0:
            break
        await asyncio.sleep(0.05)
    assert await _items(db) > 0, "the incremental sync should be under way"

    full = await _sync_in_own_session(migrated_database, plex_sim, full=True, options=OPTIONS)
    stopped = await incremental

    assert (stopped.kind, stopped.status, stopped.error) == (
        "incremental",
        "superseded",
        "a full sync took over",
    )
    assert (full.kind, full.status, full.removed) == ("full", "success", 0)
    assert await _items(db) == 174
    assert await lease_holder(db, name=LOCK_NAME) is None


async def test_a_run_left_running_by_a_killed_worker_is_closed_by_the_next_sync(
    db: AsyncSession, plex_sim: PlexSim, migrated_database: str
) -> None:
    long_ago = utcnow() - timedelta(hours=2)
    await factories.sync_run(db, status="running", added=1000, started_at=long_ago)
    run = await _sync_in_own_session(migrated_database, plex_sim, full=False, options=OPTIONS)
    assert run.status == "success"
    db.expire_all()
    dead = await db.scalar(select(SyncRun).where(SyncRun.started_at == long_ago))
    assert dead is not None
    assert (dead.status, dead.error) == ("failed", "stopped mid-run: its worker ended")
    assert dead.details is not None and dead.details["why"] == "worker_lost"
    assert dead.finished_at is not None
