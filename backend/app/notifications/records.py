"""Each notification about a request goes to each target once, however often its task runs.

A task may run twice (a retry after a target failed, a message delivered again after a worker died);
the record of (request, kind, key) lists the targets already reached, and the row is locked while a
task delivers, so two runs at once cannot both send.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.notifications.models import NotificationRecord


async def claim(session: AsyncSession, *, request_id: int, kind: str, key: str) -> NotificationRecord:
    """The record of this notification, made if new, row-locked until the caller commits."""
    found = await _locked(session, request_id, kind, key)
    if found is not None:
        return found
    session.add(NotificationRecord(request_id=request_id, kind=kind, key=key, delivered_to=[]))
    try:
        await session.flush()
    except IntegrityError:  # another run made it between the read and the insert: wait for its lock
        await session.rollback()
    found = await _locked(session, request_id, kind, key)
    assert found is not None
    return found


async def _locked(session: AsyncSession, request_id: int, kind: str, key: str) -> NotificationRecord | None:
    return await session.scalar(
        select(NotificationRecord)
        .where(
            NotificationRecord.request_id == request_id,
            NotificationRecord.kind == kind,
            NotificationRecord.key == key,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def record_delivered(record: NotificationRecord, target_ids: list[str], *, all_done: bool) -> None:
    """Add `target_ids` to the targets reached; stamp the record done when nobody is left."""
    record.delivered_to = [*record.delivered_to, *(t for t in target_ids if t not in record.delivered_to)]
    if all_done and record.done_at is None:
        record.done_at = utcnow()
