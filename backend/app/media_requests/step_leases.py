"""Leases on a request's running step (decision 0008): taken when a step starts, renewed by its worker's
heartbeat, given back when it ends. A lease nobody renews tells that the worker running the step died.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import anyio.from_thread
from sqlalchemy import delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from app.db import get_sessionmaker, utcnow
from app.media_requests.lease_models import StepLease
from app.media_requests.models import MediaRequest


@dataclass(frozen=True)
class LeaseHolder:
    """A worker process: its Celery node name and an id for this life of the process."""

    worker: str
    worker_id: str


async def take_lease(
    session: AsyncSession,
    *,
    request_id: int,
    task_id: str,
    task_name: str,
    holder: LeaseHolder,
    ttl_s: float,
) -> bool:
    """Take the lease of `request_id`'s step for `task_id` (committed); False while another task holds it.

    The same task may take it back (its message delivered again after a pool child died); an expired
    lease is taken over, keeping the folders it noted, so the partial files they hold are cleaned later.
    """
    now = utcnow()
    values = {
        "task_id": task_id,
        "task_name": task_name,
        "worker": holder.worker,
        "worker_id": holder.worker_id,
        "started_at": now,
        "expires_at": now + timedelta(seconds=ttl_s),
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(StepLease).values(request_id=request_id, folders=[], **values)
    statement = statement.on_conflict_do_update(
        index_elements=[StepLease.request_id],
        set_=values,
        where=(StepLease.expires_at < now) | (StepLease.task_id == task_id),
    )
    await session.execute(statement)
    holder_task = await session.scalar(select(StepLease.task_id).where(StepLease.request_id == request_id))
    await session.commit()
    return holder_task == task_id


async def note_folder(session: AsyncSession, *, request_id: int, task_id: str, folder: str) -> None:
    """Record, before the step writes there, that it may leave a partial file in `folder` (committed)."""
    lease = await session.scalar(
        select(StepLease)
        .where(StepLease.request_id == request_id, StepLease.task_id == task_id)
        .with_for_update()
    )
    if lease is not None and folder not in lease.folders:
        lease.folders = [*lease.folders, folder]
    await session.commit()


def folder_noter(request_id: int, task_id: str | None) -> Callable[[Path], None] | None:
    """For an import running in a thread: notes each folder in the lease, on the event loop, before the
    import writes there (None for a step run without a task id, which holds no lease)."""
    if not task_id:
        return None

    async def note(folder: Path) -> None:
        async with get_sessionmaker()() as session:
            await note_folder(session, request_id=request_id, task_id=task_id, folder=str(folder))

    return lambda folder: anyio.from_thread.run(note, folder)


async def release_lease(session: AsyncSession, *, request_id: int, task_id: str) -> list[str]:
    """Give the lease back (committed); the folders it noted, for a last look for partial files."""
    folders = await session.scalar(
        delete(StepLease)
        .where(StepLease.request_id == request_id, StepLease.task_id == task_id)
        .returning(StepLease.folders)
    )
    await session.commit()
    return list(folders or [])


async def renew_leases(session: AsyncSession, running: dict[int, str], *, ttl_s: float) -> None:
    """The heartbeat: push back the expiry of the leases of `running` (request id → task id), committed."""
    expires_at = utcnow() + timedelta(seconds=ttl_s)
    for request_id, task_id in running.items():
        await session.execute(
            update(StepLease)
            .where(StepLease.request_id == request_id, StepLease.task_id == task_id)
            .values(expires_at=expires_at)
        )
    await session.commit()


async def lost_leases(
    session: AsyncSession, *, holder: LeaseHolder, previous_lives: bool = False, limit: int = 100
) -> list[StepLease]:
    """Leases whose worker is gone: expired ones, and with `previous_lives` those this worker's node name
    held in an earlier life (a worker restarting under its name knows its predecessor is dead)."""
    dead: ColumnElement[bool] = StepLease.expires_at < utcnow()
    if previous_lives:
        dead = dead | ((StepLease.worker == holder.worker) & (StepLease.worker_id != holder.worker_id))
    rows = await session.scalars(select(StepLease).where(dead).order_by(StepLease.request_id).limit(limit))
    return list(rows)


async def drop_lost_lease(session: AsyncSession, lease: StepLease) -> bool:
    """Delete `lease` as it was read (not committed): False when its worker renewed it since, or another
    worker already recovered it."""
    result = await session.execute(
        delete(StepLease).where(
            StepLease.request_id == lease.request_id,
            StepLease.task_id == lease.task_id,
            StepLease.worker_id == lease.worker_id,
            StepLease.expires_at == lease.expires_at,
        )
    )
    return bool(getattr(result, "rowcount", 0))


def has_lease() -> ColumnElement[bool]:
    """`EXISTS` a lease for the request of the enclosing query: a step runs, or its worker's death is
    being noticed (the reconciler leaves those to the recovery)."""
    return exists().where(StepLease.request_id == MediaRequest.id)


async def lease_expired(session: AsyncSession, *, task_id: str | None) -> bool:
    """True when `task_id` holds a lease its worker stopped renewing: the worker was lost."""
    if not task_id:
        return False
    expires_at: datetime | None = await session.scalar(
        select(StepLease.expires_at).where(StepLease.task_id == task_id)
    )
    return expires_at is not None and expires_at < utcnow()
