"""Queue `requests`: search, select and hand a release to qBittorrent; later, import the download."""

from __future__ import annotations

from typing import Any

from celery import Task

from app.celery_app import celery_app
from app.db import get_sessionmaker
from app.media_requests.processing import process_request
from app.media_requests.service import fail_request
from app.workers.retry import MAX_RETRIES, backoff_seconds, describe, is_transient
from app.workers.runtime import run


async def _process(request_id: int, task_id: str | None) -> dict[str, Any]:
    async with get_sessionmaker()() as session:
        result = await process_request(session, request_id=request_id, task_id=task_id)
    return result.as_dict()


async def _fail(request_id: int, reason: str) -> None:
    async with get_sessionmaker()() as session:
        await fail_request(session, request_id=request_id, reason=reason)


@celery_app.task(bind=True, max_retries=MAX_RETRIES, acks_late=True, reject_on_worker_lost=True)
def process_request_task(self: Task, request_id: int) -> dict[str, Any]:
    """Search the indexers for a request and start its download."""
    try:
        return run(_process(request_id, self.request.id))
    except Exception as exc:
        if not is_transient(exc):
            raise
        if self.request.retries >= MAX_RETRIES:
            run(_fail(request_id, describe(exc)))
            raise
        delay = backoff_seconds(self.request.retries, getattr(exc, "retry_after", None))
        raise self.retry(exc=exc, countdown=delay) from exc
