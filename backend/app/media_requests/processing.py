"""The request worker's first step: take a PENDING request and look for a release.

Run by `process_request_task`; safe to run twice, late or after a crash, because it re-reads the
row under a lock and only acts on the states it expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.media_requests.service import lock_request, transition
from app.media_requests.states import RequestStatus
from app.settings.service import get_setting

STARTABLE = frozenset({RequestStatus.PENDING, RequestStatus.NOT_FOUND})
# A worker that died mid-search leaves the request SEARCHING; its re-delivered task resumes there.
RESUMABLE = frozenset({RequestStatus.SEARCHING})


@dataclass(frozen=True)
class StepResult:
    """What a step did, returned to Celery as the task's JSON result."""

    request_id: int
    status: str
    detail: str

    def as_dict(self) -> dict[str, object]:
        """The JSON-serialisable form."""
        return {"request_id": self.request_id, "status": self.status, "detail": self.detail}


async def process_request(session: AsyncSession, *, request_id: int, task_id: str | None) -> StepResult:
    """Search for a release for `request_id`; the outcome is written to the row and its timeline."""
    request = await lock_request(session, request_id)
    if request is None:
        return StepResult(request_id, "missing", "the request no longer exists")
    if request.status not in STARTABLE | RESUMABLE:
        await session.rollback()
        return StepResult(request_id, request.status.value, "nothing to do in this state")
    if task_id and request.celery_task_id != task_id:
        request.celery_task_id = task_id
    request.attempts += 1
    if request.status in STARTABLE:
        transition(session, request, RequestStatus.SEARCHING, reason="Searching the indexers")
    await session.commit()

    # Indexers are configured and searched by the request pipeline; until it lands, nothing can be
    # searched, and the request says so and waits for its scheduled re-search.
    request = await lock_request(session, request_id)
    assert request is not None
    if request.status is not RequestStatus.SEARCHING:
        await session.rollback()
        return StepResult(request_id, request.status.value, "changed while searching")
    interval = timedelta(seconds=await get_setting(session, "research_interval_seconds", 6 * 3600))
    request.next_search_at = utcnow() + interval
    reason = "No indexer is configured yet: an admin can add one in Settings"
    transition(session, request, RequestStatus.NOT_FOUND, reason=reason)
    request.error = reason
    await session.commit()
    return StepResult(request_id, RequestStatus.NOT_FOUND.value, reason)
