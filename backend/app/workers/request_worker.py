"""Queue `requests`: search, select and hand a release to qBittorrent; later, import the download."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from celery import Task

from app.celery_app import celery_app
from app.db import get_sessionmaker
from app.media_requests.availability import NotYetInPlex, confirm_available
from app.media_requests.completion import ImportProblem, complete_request
from app.media_requests.processing import StepResult, process_request
from app.media_requests.service import fail_request
from app.settings.connections import NotConfigured
from app.workers.retry import MAX_RETRIES, backoff_seconds, describe, is_transient
from app.workers.runtime import run

# Plex usually lists a scanned film within seconds; a big season can take a few minutes.
CONFIRM_EVERY_S = 20
CONFIRM_ATTEMPTS = 15

Step = Callable[..., Awaitable[StepResult]]


async def _step(step: Step, request_id: int, task_id: str | None) -> dict[str, Any]:
    async with get_sessionmaker()() as session:
        result = await step(session, request_id=request_id, task_id=task_id)
    return result.as_dict()


async def _fail(request_id: int, reason: str) -> None:
    async with get_sessionmaker()() as session:
        await fail_request(session, request_id=request_id, reason=reason)


def _run_step(task: Task, step: Step, request_id: int) -> dict[str, Any]:
    """Run a step; transient failures retry after 5, 10, 20 min, then the request FAILS with the reason."""
    try:
        return run(_step(step, request_id, task.request.id))
    except Exception as exc:
        transient = is_transient(exc) or isinstance(exc, ImportProblem)
        if not transient or task.request.retries >= MAX_RETRIES:
            run(_fail(request_id, describe(exc) if transient else f"{type(exc).__name__}: {exc}"))
            raise
        delay = backoff_seconds(task.request.retries, getattr(exc, "retry_after", None))
        raise task.retry(exc=exc, countdown=delay) from exc


@celery_app.task(bind=True, max_retries=MAX_RETRIES, acks_late=True, reject_on_worker_lost=True)
def process_request_task(self: Task, request_id: int) -> dict[str, Any]:
    """Search the indexers for a request and start its download."""
    return _run_step(self, process_request, request_id)


@celery_app.task(bind=True, max_retries=MAX_RETRIES, acks_late=True, reject_on_worker_lost=True)
def complete_request_task(self: Task, request_id: int) -> dict[str, Any]:
    """Import a finished download into the Plex library and ask Plex to scan it."""
    result = _run_step(self, complete_request, request_id)
    if result["status"] == "COMPLETED":
        confirm_available_task.apply_async(args=[request_id], countdown=5)
    return result


async def _confirm(request_id: int) -> str:
    async with get_sessionmaker()() as session:
        return await confirm_available(session, request_id=request_id)


@celery_app.task(bind=True, max_retries=CONFIRM_ATTEMPTS, acks_late=True)
def confirm_available_task(self: Task, request_id: int) -> dict[str, Any]:
    """Mark an imported request AVAILABLE as soon as Plex lists it (asked every 20 s for 5 minutes)."""
    try:
        outcome = run(_confirm(request_id))
    except NotConfigured as exc:
        return {"request_id": request_id, "status": "COMPLETED", "detail": str(exc)}
    except Exception as exc:
        if self.request.retries >= CONFIRM_ATTEMPTS:
            # The hourly library sync will still find it; the request stays COMPLETED until then.
            return {"request_id": request_id, "status": "COMPLETED", "detail": str(exc)}
        if isinstance(exc, NotYetInPlex) or is_transient(exc):
            raise self.retry(exc=exc, countdown=CONFIRM_EVERY_S) from exc
        raise
    return {"request_id": request_id, "status": outcome}
