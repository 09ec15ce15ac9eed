"""A Beat scheduler that refuses to run twice: it holds a lease in the database while it lives.

Two Beats would send every periodic task twice; the lease makes the second one exit with a plain
message instead. A killed Beat stops renewing, and its lease frees itself after LEASE_TTL_S.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from celery.beat import PersistentScheduler
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.job_runs import record_run
from app.db import create_engine
from app.library.sync_settings import EDITABLE_ENTRIES, stored_beat_entries
from app.locks.service import acquire_lease, lease_holder, release_lease

log = logging.getLogger(__name__)

LEASE_NAME = "celery-beat"
LEASE_TTL_S = 30.0
RENEW_EVERY_S = 10.0
# How often Beat re-reads the schedules a person can edit in Settings.
EDITED_SCHEDULES_EVERY_S = 60.0
T = TypeVar("T")


class BeatAlreadyRunning(SystemExit):
    """Another Beat holds the lease."""


class BeatLease:
    """Holds the Beat lease from a background thread with its own event loop and engine."""

    def __init__(
        self, database_url: str, *, ttl_s: float = LEASE_TTL_S, renew_every_s: float = RENEW_EVERY_S
    ):
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.ttl_s = ttl_s
        self.renew_every_s = renew_every_s
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._loop_thread = threading.Thread(
            target=self._loop.run_forever, name="beat-lease-loop", daemon=True
        )
        self._loop_thread.start()
        # Creating an async engine opens nothing; its connections belong to the loop that uses them.
        self._engine = create_engine(database_url, pool=False)
        self._renewer: threading.Thread | None = None

    def _call(self, coro: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=30)

    def read(self, job: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `job` with a session of the lease's engine (the scheduler's own database reads)."""

        async def call() -> T:
            async with AsyncSession(self._engine) as session:
                return await job(session)

        return self._call(call())  # type: ignore[no-any-return]

    async def _acquire(self) -> bool:
        async with AsyncSession(self._engine) as session:
            return await acquire_lease(session, name=LEASE_NAME, owner=self.owner, ttl_seconds=self.ttl_s)

    async def _holder(self) -> str | None:
        async with AsyncSession(self._engine) as session:
            return await lease_holder(session, name=LEASE_NAME)

    async def _release(self) -> None:
        async with AsyncSession(self._engine) as session:
            await release_lease(session, name=LEASE_NAME, owner=self.owner)
        await self._engine.dispose()

    def acquire_or_exit(self) -> None:
        """Take the lease and start renewing it, or exit the process with a message."""
        if not self._call(self._acquire()):
            holder = self._call(self._holder())
            self.close(release=False)
            raise BeatAlreadyRunning(
                f"Another Celery Beat is already running ({holder}); refusing to start a second one, "
                "which would send every periodic task twice."
            )
        log.info("beat lease %r taken by %s", LEASE_NAME, self.owner)
        self._renewer = threading.Thread(target=self._renew_forever, name="beat-lease-renew", daemon=True)
        self._renewer.start()

    def _renew_forever(self) -> None:
        while not self._stop.wait(self.renew_every_s):
            try:
                if not self._call(self._acquire()):
                    log.error("beat lease lost to another Beat; stopping this one")
                    self.lost.set()
                    return
            except Exception:  # a database blip: keep trying until the lease would expire
                log.exception("could not renew the beat lease")

    def close(self, *, release: bool = True) -> None:
        """Stop renewing and give the lease back."""
        self._stop.set()
        try:
            if release:
                self._call(self._release())
            else:
                self._call(self._engine.dispose())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._loop_thread.join(timeout=5)


class LockedScheduler(PersistentScheduler):
    """PersistentScheduler that first takes the single-Beat lease."""

    lease: BeatLease | None = None
    _edited_read_at: float = 0.0

    def setup_schedule(self) -> None:
        """Take the lease before any schedule is read or sent, then apply the schedules edited in Settings."""
        from app.config import get_settings

        self.lease = BeatLease(get_settings().db_url)
        self.lease.acquire_or_exit()
        super().setup_schedule()
        self.apply_edited_schedules()

    def tick(self, *args: Any, **kwargs: Any) -> float:
        """One Beat tick, unless the lease was lost."""
        if self.lease is not None and self.lease.lost.is_set():
            raise SystemExit("beat lease lost")
        if time.monotonic() - self._edited_read_at >= EDITED_SCHEDULES_EVERY_S:
            self.apply_edited_schedules()
        return min(super().tick(*args, **kwargs), RENEW_EVERY_S)

    def apply_async(self, entry: Any, producer: Any = None, advance: bool = True, **kwargs: Any) -> Any:
        """Send the entry's task, then remember it as the job's latest run (for the jobs page)."""
        result = super().apply_async(entry, producer=producer, advance=advance, **kwargs)
        task_id = getattr(result, "id", None)
        if self.lease is not None and task_id:
            try:
                self.lease.read(lambda session: record_run(session, job=entry.name, task_id=task_id))
            except Exception:  # the database away for a moment: the job ran, only its record is missing
                log.exception("could not record the run of %s", entry.name)
        return result

    def apply_edited_schedules(self) -> None:
        """Swap in the stored version of the entries a person edits (the Plex sync's); keep them on errors."""
        self._edited_read_at = time.monotonic()
        if self.lease is None:
            return
        try:
            stored = self.lease.read(stored_beat_entries)
        except Exception:  # the database away for a moment: the current schedule stays
            log.exception("could not read the edited schedules")
            return
        for name in EDITABLE_ENTRIES:
            entry, current = stored.get(name), self.schedule.get(name)
            if entry is None and current is not None:
                del self.schedule[name]
                log.info("beat entry %s switched off in Settings", name)
            elif entry is not None and (current is None or current.schedule != entry["schedule"]):
                self.schedule[name] = self._maybe_entry(name, entry)
                log.info("beat entry %s now runs on %s", name, entry["schedule"])

    def close(self) -> None:
        """Release the lease on shutdown."""
        try:
            super().close()
        finally:
            if self.lease is not None:
                self.lease.close()
                self.lease = None
