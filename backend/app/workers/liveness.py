"""A worker's pulse (decision 0008): who it is, the leases of the steps it runs, the steps of dead workers.

Each worker process that runs steps keeps a heartbeat thread. Every WORKER_HEARTBEAT_S it renews the
leases of the steps running in that process; in the worker's main process it also looks for steps whose
worker stopped renewing (and, on its first beat, for steps this node name held in an earlier life) and
queues them again. The thread has its own event loop and its own connections (NullPool): asyncpg
connections belong to the loop that opened them, and the tasks' loop is busy running the step.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from celery import signals
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.config import get_settings
from app.db import create_engine
from app.locks.service import acquire_lease
from app.media_requests.recovery import clean_partials, recover_lost_steps
from app.media_requests.step_leases import LeaseHolder, release_lease, renew_leases, take_lease
from app.task_monitor.service import PRESENCE_PREFIX

log = logging.getLogger(__name__)
# A worker's presence lease outlives this many missed heartbeats.
PRESENCE_BEATS = 3

_holder: LeaseHolder | None = None
# Steps running in this process, request id → task id: the only leases its heartbeat renews, so a lease
# that could not be given back (database away) expires instead of living as long as the worker.
_running: dict[int, str] = {}
_running_lock = threading.Lock()


def holder() -> LeaseHolder:
    """This worker: its node name and the id of this life (set at start; pool children inherit it)."""
    global _holder
    if _holder is None:
        _holder = LeaseHolder(worker=f"celery@{socket.gethostname()}", worker_id=uuid.uuid4().hex)
    return _holder


class Heartbeat(threading.Thread):
    """Renews this process's leases; with `recover`, queues again the steps of dead workers."""

    def __init__(self, me: LeaseHolder, *, recover: bool) -> None:
        super().__init__(name="plex-kiosk-heartbeat", daemon=True)
        self.me = me
        self.recover = recover
        self.pid = os.getpid()
        self.stopping = threading.Event()

    def run(self) -> None:
        asyncio.run(self._beat_until_stopped())

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)

    async def _beat_until_stopped(self) -> None:
        settings = get_settings()
        engine = create_engine(settings.db_url, pool=False)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        first = True
        try:
            while True:
                try:
                    async with sessions() as session:
                        await self._beat(session, first=first)
                    first = False
                except Exception:  # a database or broker outage: the next beat tries again
                    log.warning("worker heartbeat failed; trying again", exc_info=True)
                if await asyncio.to_thread(self.stopping.wait, settings.worker_heartbeat_s):
                    return
        finally:
            await engine.dispose()

    async def _beat(self, session: AsyncSession, *, first: bool) -> None:
        if self.recover:  # the worker's main process: say it is alive, for the jobs page and the task API
            await acquire_lease(
                session,
                name=f"{PRESENCE_PREFIX}{self.me.worker}",
                owner=self.me.worker,
                ttl_seconds=PRESENCE_BEATS * get_settings().worker_heartbeat_s,
            )
        with _running_lock:
            running = dict(_running)
        if running:
            await renew_leases(session, running, ttl_s=get_settings().step_lease_s)
        if self.recover and (queued := await recover_lost_steps(session, holder=self.me, at_start=first)):
            log.warning("queued again the steps of requests %s: their worker was lost", queued)


_heartbeat: Heartbeat | None = None


def ensure_heartbeat(*, recover: bool = False) -> None:
    """Start this process's heartbeat if it has none yet (after a fork the parent's thread is not ours)."""
    global _heartbeat
    if _heartbeat is not None and _heartbeat.pid == os.getpid() and _heartbeat.is_alive():
        return
    _heartbeat = Heartbeat(holder(), recover=recover)
    _heartbeat.start()


@asynccontextmanager
async def step_lease(
    session: AsyncSession, *, request_id: int, task_id: str | None, task_name: str
) -> AsyncIterator[bool]:
    """Hold the lease of a request's step while the body runs; yields False when another live task has it."""
    task_id = task_id or f"untracked-{uuid.uuid4()}"
    held = await take_lease(
        session,
        request_id=request_id,
        task_id=task_id,
        task_name=task_name,
        holder=holder(),
        ttl_s=get_settings().step_lease_s,
    )
    if held:
        with _running_lock:
            _running[request_id] = task_id
        ensure_heartbeat()
    try:
        yield held
    finally:
        if held:
            with _running_lock:
                _running.pop(request_id, None)
            await _give_back(session, request_id=request_id, task_id=task_id)


async def _give_back(session: AsyncSession, *, request_id: int, task_id: str) -> None:
    try:
        await session.rollback()  # the step may have failed inside a transaction
        await clean_partials(await release_lease(session, request_id=request_id, task_id=task_id))
    except Exception:  # the step's own outcome matters more; the lease expires and is cleaned up then
        log.warning("could not give back the lease of request %d", request_id, exc_info=True)


@signals.worker_init.connect
def _named(sender: Any, **_kwargs: Any) -> None:
    """Take the node name before the pool forks, so its children hold leases under it."""
    global _holder
    _holder = LeaseHolder(worker=str(sender.hostname), worker_id=uuid.uuid4().hex)


@signals.worker_ready.connect
def _alive(sender: Any, **_kwargs: Any) -> None:
    """The worker is consuming: its first beat recovers what its earlier life and dead workers left."""
    ensure_heartbeat(recover=True)


@signals.worker_shutdown.connect
def _stopping(sender: Any, **_kwargs: Any) -> None:
    if _heartbeat is not None and _heartbeat.pid == os.getpid():
        _heartbeat.stop()
