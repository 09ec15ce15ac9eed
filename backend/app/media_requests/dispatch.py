"""Publishing request work to Celery. The row is committed first; a message is only a nudge."""

from __future__ import annotations

import logging
import uuid

from kombu.exceptions import OperationalError

from app.batching import PerLoop
from app.celery_app import celery_app
from app.celery_app.publish import BatchingPublisher, Message

log = logging.getLogger(__name__)

PROCESS_REQUEST_TASK = "app.workers.request_worker.process_request_task"
COMPLETE_REQUEST_TASK = "app.workers.request_worker.complete_request_task"
CONFIRM_AVAILABLE_TASK = "app.workers.request_worker.confirm_available_task"
REMOVE_TORRENTS_TASK = "app.workers.download_monitor_worker.remove_request_torrents_task"


_publishers = PerLoop(lambda: BatchingPublisher(celery_app))


def new_task_id() -> str:
    """A task id chosen before the row is saved, so the row and the message agree from the start."""
    return str(uuid.uuid4())


def publish_process_request(request_id: int, task_id: str) -> bool:
    """Queue processing of a request under `task_id`; False (logged) when the broker cannot take it."""
    return publish(PROCESS_REQUEST_TASK, request_id, task_id)


def publish(
    task_name: str, request_id: int, task_id: str | None = None, *, countdown: float | None = None
) -> bool:
    """Queue `task_name(request_id)`; False (logged) when the broker cannot take it."""
    try:
        celery_app.send_task(
            task_name, args=[request_id], task_id=task_id or new_task_id(), countdown=countdown
        )
    except (OperationalError, OSError, TimeoutError) as exc:
        log.warning("broker unreachable, request %s will be queued by the reconciler: %s", request_id, exc)
        return False
    return True


async def publish_async(
    task_name: str, request_id: int, task_id: str | None = None, *, countdown: float | None = None
) -> bool:
    """`publish` for the API's event loop: off the loop, batched with the calls around it."""
    message = Message(task_name, (request_id,), task_id or new_task_id(), countdown)
    return await _publishers.get().publish(message)


def revoke(task_id: str) -> None:
    """Ask workers to drop `task_id`; best effort, since the row's state guards the work anyway."""
    try:
        celery_app.control.revoke(task_id)
    except (OperationalError, OSError, TimeoutError, NotImplementedError) as exc:
        log.warning("could not revoke task %s: %s", task_id, exc)
