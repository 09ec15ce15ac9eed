"""Acquire, renew and release named leases stored in the database.

A lease is held by `owner` until `expires_at`; a crashed holder simply stops renewing and the lease
becomes free once it expires, so nobody has to clean up after a killed process.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.locks.models import JobLock


def _insert(session: AsyncSession) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(JobLock)


async def acquire_lease(session: AsyncSession, *, name: str, owner: str, ttl_seconds: float) -> bool:
    """Take or renew the lease `name` for `owner`; False while someone else holds an unexpired one."""
    now = utcnow()
    expires_at = now + timedelta(seconds=ttl_seconds)
    statement = _insert(session).values(name=name, owner=owner, expires_at=expires_at)
    statement = statement.on_conflict_do_update(
        index_elements=[JobLock.name],
        set_={"owner": owner, "expires_at": expires_at},
        where=(JobLock.expires_at < now) | (JobLock.owner == owner),
    )
    await session.execute(statement)
    holder = await session.scalar(select(JobLock.owner).where(JobLock.name == name))
    await session.commit()
    return holder == owner


async def lease_holder(session: AsyncSession, *, name: str) -> str | None:
    """Who holds an unexpired lease `name`, if anyone."""
    return await session.scalar(
        select(JobLock.owner).where(JobLock.name == name, JobLock.expires_at >= utcnow())
    )


async def release_lease(session: AsyncSession, *, name: str, owner: str) -> None:
    """Give the lease back, if `owner` still holds it."""
    await session.execute(delete(JobLock).where(JobLock.name == name, JobLock.owner == owner))
    await session.commit()


async def live_leases(session: AsyncSession, *, prefix: str) -> list[str]:
    """The names of the unexpired leases whose name starts with `prefix` (the prefix cut off)."""
    rows = await session.scalars(
        select(JobLock.name)
        .where(JobLock.name.startswith(prefix, autoescape=True), JobLock.expires_at >= utcnow())
        .order_by(JobLock.name)
    )
    return [name.removeprefix(prefix) for name in rows]
