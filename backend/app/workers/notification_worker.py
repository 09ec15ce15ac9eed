"""Queue `default`: tell the family and the parents what happened to a request (apprise)."""

from __future__ import annotations

from typing import Any

from app.celery_app import task_names
from app.celery_app.application import celery_app
from app.db import get_sessionmaker
from app.notifications.request_events import NotificationOutcome, send_request_notification
from app.workers.retry import RetriesTransient
from app.workers.runtime import run

# A notification service briefly away: try again after 1, 2, 4 … minutes, for about an hour.
RETRY_BASE_S = 60
RETRY_MAX_S = 1800
MAX_RETRIES = 5


class Undelivered(RuntimeError):
    """Some targets could not be reached, or another run was delivering it; a retry sends to the
    targets still missing only."""


async def _send(request_id: int, event: str, key: str) -> NotificationOutcome:
    async with get_sessionmaker()() as session:
        return await send_request_notification(session, request_id=request_id, event=event, key=key)


@celery_app.task(
    name=task_names.SEND_REQUEST_NOTIFICATION,
    bind=True,
    base=RetriesTransient,  # the database away: tried again within seconds, not lost
    transient_backoff=(60, 120, 240, 480, 960),
    acks_late=True,
    autoretry_for=(Undelivered,),
    retry_backoff=RETRY_BASE_S,
    retry_backoff_max=RETRY_MAX_S,
    retry_jitter=False,
    max_retries=MAX_RETRIES,
)
def send_request_notification_task(self: Any, request_id: int, event: str, key: str = "") -> dict[str, Any]:
    """Send `event` about a request to every target that has not had it yet."""
    outcome = run(_send(request_id, event, key))
    if outcome.busy:
        raise Undelivered("another run is delivering this notification")
    if outcome.failed:
        raise Undelivered("; ".join(outcome.failed))
    return outcome.as_dict()
