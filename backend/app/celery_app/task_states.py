"""Task states of our own, written to the result backend beside Celery's.

A worker that dies mid-task leaves its task STARTED in the result backend for ever; once its step is
queued again (decision 0008) the dead task is marked WORKER_LOST, naming the task that retries it.
"""

from __future__ import annotations

import logging

from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)

WORKER_LOST = "WORKER_LOST"
WORKER_LOST_DETAIL = "worker lost, retrying"
_BACKEND_ERRORS = (OperationalError, OSError, TimeoutError)


def mark_worker_lost(task_id: str, *, retried_as: str | None) -> None:
    """Record that `task_id`'s worker died and `retried_as` took over (blocking; best effort)."""
    from app.celery_app.application import celery_app

    try:
        celery_app.backend.store_result(
            task_id, {"detail": WORKER_LOST_DETAIL, "retried_as": retried_as}, WORKER_LOST
        )
    except _BACKEND_ERRORS as exc:
        log.warning("could not mark task %s as lost: %s", task_id, exc)
