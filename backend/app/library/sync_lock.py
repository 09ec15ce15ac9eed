"""One Plex sync at a time, held as a database lease; a full sync takes over from a running incremental one.

The lease is renewed after every page, so a killed worker frees it within `lease_ttl_s`. An incremental
sync that finds the lease taken is skipped (the next hour comes soon). A full sync that finds an
incremental one running marks its own run "waiting"; the incremental sees that at its next page, stops
as "superseded" and lets go, and the full sync takes the lease.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.library.models import SyncRun
from app.locks.service import acquire_lease, lease_holder, release_lease

LOCK_NAME = "plex-library-sync"
FULL, INCREMENTAL = "full", "incremental"
# A waiting full sync older than this is a dead worker's leftover and supersedes nothing.
WAITING_FRESH = timedelta(minutes=15)


@dataclass(frozen=True)
class LockTimings:
    """Lease length, how long a full sync waits for an incremental one to yield, and how often it looks."""

    lease_ttl_s: float = 300.0
    takeover_timeout_s: float = 330.0
    poll_s: float = 1.0


class SyncInterrupted(Exception):
    """The run must stop between two pages; `status` is what the run records."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


class SyncLock:
    """The lease held by one sync run."""

    def __init__(self, session: AsyncSession, run: SyncRun, timings: LockTimings) -> None:
        self._session = session
        self._run = run
        self._timings = timings
        self.owner = f"{run.kind}:{run.id}@{socket.gethostname()}:{os.getpid()}"

    async def _take(self) -> bool:
        return await acquire_lease(
            self._session, name=LOCK_NAME, owner=self.owner, ttl_seconds=self._timings.lease_ttl_s
        )

    async def acquire(self) -> str | None:
        """Take the lease; None on success, else who holds it (the run is then skipped)."""
        if await self._take():
            return None
        holder = await lease_holder(self._session, name=LOCK_NAME)
        if self._run.kind != FULL or (holder is not None and not holder.startswith(INCREMENTAL)):
            return holder or "another sync"
        self._run.status = "waiting"
        await self._session.commit()
        deadline = time.monotonic() + self._timings.takeover_timeout_s
        while time.monotonic() < deadline:
            await asyncio.sleep(self._timings.poll_s)
            if await self._take():
                self._run.status = "running"
                await self._session.commit()
                return None
            holder = await lease_holder(self._session, name=LOCK_NAME)
            if holder is not None and not holder.startswith(INCREMENTAL):
                break  # another full sync got there first
        return holder or "another sync"

    async def hold(self) -> None:
        """Renew the lease between pages (committing the session); raise SyncInterrupted to stop."""
        if not await self._take():
            raise SyncInterrupted("failed", "the sync lease was lost (the run stalled past its lease)")
        if self._run.kind == INCREMENTAL and await self._full_sync_waiting():
            raise SyncInterrupted("superseded", "a full sync took over")

    async def _full_sync_waiting(self) -> bool:
        return bool(
            await self._session.scalar(
                select(
                    exists().where(
                        SyncRun.kind == FULL,
                        SyncRun.status == "waiting",
                        SyncRun.started_at > utcnow() - WAITING_FRESH,
                    )
                )
            )
        )

    async def release(self) -> None:
        """Give the lease back (if still ours)."""
        await release_lease(self._session, name=LOCK_NAME, owner=self.owner)
