"""Steps whose worker died: clean the partial files they left, queue them again at once (decision 0008).

Every worker runs `recover_lost_steps` at start and on each heartbeat, so a step held by a dead worker
is queued again within the lease's length (a minute by default) if any worker is alive, or as soon as
one starts. The request keeps its status; its timeline says the worker was lost and the step retried.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import anyio.to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish
from app.celery_app.task_states import WORKER_LOST_DETAIL, mark_worker_lost
from app.imports import remove_stale_partials
from app.media_requests.lease_models import StepLease
from app.media_requests.models import RequestEvent
from app.media_requests.service import forget_task, lock_request
from app.media_requests.states import RequestStatus
from app.media_requests.step_leases import LeaseHolder, drop_lost_lease, lost_leases

log = logging.getLogger(__name__)

# The statuses a step may have left its request in when its worker died, and from which it resumes.
RESUMES_FROM: dict[str, frozenset[RequestStatus]] = {
    task_names.PROCESS_REQUEST: frozenset({RequestStatus.PENDING, RequestStatus.SEARCHING}),
    task_names.COMPLETE_REQUEST: frozenset({RequestStatus.DOWNLOADING, RequestStatus.IMPORTING}),
}

Send = Callable[..., Awaitable[bool]]


def _clean(folders: list[str]) -> int:
    # The writer's flock is gone with its process: only partial files nobody writes any more are removed.
    return sum(remove_stale_partials(Path(folder)) for folder in folders)


async def clean_partials(folders: list[str]) -> int:
    """Remove the partial files no live writer holds in `folders` (blocking work in a thread); how many."""
    if not folders:
        return 0
    return await anyio.to_thread.run_sync(_clean, folders)


async def recover_lost_steps(
    session: AsyncSession, *, holder: LeaseHolder, at_start: bool = False, send: Send = publish
) -> list[int]:
    """Queue again the steps whose worker is gone (with `at_start`, also this node's earlier lives); the
    ids of the requests queued again."""
    queued: list[int] = []
    for lease in await lost_leases(session, holder=holder, previous_lives=at_start):
        if await _recover(session, lease, send):
            queued.append(lease.request_id)
    return queued


async def _recover(session: AsyncSession, lease: StepLease, send: Send) -> bool:
    request_id, lost_task, task_name = lease.request_id, lease.task_id, lease.task_name
    worker, folders = lease.worker, list(lease.folders)
    if removed := await clean_partials(folders):
        log.info("removed %d partial file(s) left by lost task %s", removed, lost_task)
    request = await lock_request(session, request_id)
    if not await drop_lost_lease(session, lease) or request is None:
        await session.rollback()  # renewed meanwhile, or another worker got there first
        return False
    resumable = RESUMES_FROM.get(task_name, frozenset())
    if request.status not in resumable or request.celery_task_id != lost_task:
        await session.commit()  # cancelled meanwhile, or already queued again: nothing left to resume
        return False
    task_id = new_task_id()
    request.celery_task_id = task_id
    session.add(
        RequestEvent(
            request_id=request_id,
            from_status=request.status,
            to_status=request.status,
            reason="The worker running this step stopped; trying again",
            details={"code": "worker_lost", "lost_task": lost_task, "worker": worker},
        )
    )
    await session.commit()
    log.warning("%s: request %d's task %s on %s, queued again as %s", WORKER_LOST_DETAIL, request_id,
                lost_task, worker, task_id)  # fmt: skip
    if not await send(task_name, request_id, task_id=task_id):
        await forget_task(session, request_id=request_id, task_id=task_id)
    await anyio.to_thread.run_sync(lambda: mark_worker_lost(lost_task, retried_as=task_id))
    return True
