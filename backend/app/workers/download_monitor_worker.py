"""Queue `downloads`: watch our torrents and re-queue requests whose task was lost."""

from __future__ import annotations

from typing import Any

from app.celery_app import celery_app
from app.db import get_sessionmaker
from app.media_requests.dispatch import new_task_id, publish_process_request
from app.media_requests.reconcile import find_stuck
from app.media_requests.service import set_task
from app.workers.runtime import run


async def _reconcile() -> dict[str, Any]:
    queued: list[int] = []
    async with get_sessionmaker()() as session:
        for stuck in await find_stuck(session):
            task_id = new_task_id()
            if not publish_process_request(stuck.request_id, task_id):
                break  # the broker is still away: the next run will try again
            await set_task(session, request_id=stuck.request_id, task_id=task_id)
            queued.append(stuck.request_id)
    return {"queued": queued}


@celery_app.task(acks_late=True)
def reconcile_requests_task() -> dict[str, Any]:
    """Enqueue requests that have no live task (lost broker message, or a re-search that is due)."""
    return run(_reconcile())
