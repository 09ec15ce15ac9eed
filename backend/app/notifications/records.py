"""Each notification about a request goes to each target once, however often its task runs.

A task may run twice (a retry after a target failed, a message delivered again after a worker died);
the record of (request, kind, key) lists the targets already reached. A run takes the record for a
while before it delivers (`claim`) and gives it back with what it reached (`release`), so two runs at
once cannot both send, and no transaction stays open while apprise talks to the network: on SQLite
that would hold the appliance's one write lock for as long as a slow service takes to answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.notifications.models import NotificationRecord

# Longer than apprise takes to give up on every target of one message; a run that died holding the
# record lets the next one in after this.
CLAIM_FOR = timedelta(minutes=2)


@dataclass(frozen=True)
class Claimed:
    """The record a run holds, and the targets reached before it."""

    record_id: int
    delivered_to: list[str]
    done: bool


async def reached_before(session: AsyncSession, *, request_id: int, kind: str, key: str) -> set[str]:
    """The targets this notification already reached (read only: a repeat that has nothing left to
    send writes nothing)."""
    delivered = await session.scalar(
        select(NotificationRecord.delivered_to).where(
            NotificationRecord.request_id == request_id,
            NotificationRecord.kind == kind,
            NotificationRecord.key == key,
        )
    )
    return set(delivered or ())


async def claim(session: AsyncSession, *, request_id: int, kind: str, key: str) -> Claimed | None:
    """Take the record of this notification, made if new (committed); None while another run holds it."""
    record_id = await _record_id(session, request_id, kind, key)
    now = utcnow()
    taken = await session.execute(
        update(NotificationRecord)
        .where(
            NotificationRecord.id == record_id,
            or_(NotificationRecord.claimed_until.is_(None), NotificationRecord.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM_FOR)
        .returning(NotificationRecord.delivered_to, NotificationRecord.done_at)
    )
    row = taken.first()
    await session.commit()
    if row is None:
        return None
    delivered_to, done_at = row
    return Claimed(record_id, list(delivered_to or ()), done_at is not None)


async def _record_id(session: AsyncSession, request_id: int, kind: str, key: str) -> int:
    where = (
        NotificationRecord.request_id == request_id,
        NotificationRecord.kind == kind,
        NotificationRecord.key == key,
    )
    found = await session.scalar(select(NotificationRecord.id).where(*where))
    if found is not None:
        return found
    session.add(NotificationRecord(request_id=request_id, kind=kind, key=key, delivered_to=[]))
    try:
        await session.commit()
    except IntegrityError:  # another run made it between the read and the insert
        await session.rollback()
    found = await session.scalar(select(NotificationRecord.id).where(*where))
    assert found is not None
    return found


async def release(session: AsyncSession, claimed: Claimed, reached: list[str], *, all_done: bool) -> None:
    """Add `reached` to the targets the record lists, stamp it done when nobody is left, give it back
    (committed)."""
    delivered = [*claimed.delivered_to, *(target for target in reached if target not in claimed.delivered_to)]
    values: dict[str, object] = {"delivered_to": delivered, "claimed_until": None}
    if all_done and not claimed.done:
        values["done_at"] = utcnow()
    await session.execute(
        update(NotificationRecord).where(NotificationRecord.id == claimed.record_id).values(**values)
    )
    await session.commit()
