"""Which changes of a request someone hears about, and the one way they are sent: a task, after the commit.

The message is rendered and delivered by the notification task (workers/notification_worker.py), never
in the HTTP request or the step that moved the request: a slow or dead notification service must not
hold up either. The task sends each notification to each target once, so publishing it twice is harmless.
"""

from __future__ import annotations

from app.celery_app import task_names
from app.celery_app.publish import publish
from app.media_requests.states import MediaType, RequestStatus
from app.notifications.templates import NotificationEvent

S = RequestStatus
E = NotificationEvent

# What a move to each status announces (the move from PARTIALLY_AVAILABLE to AVAILABLE is handled apart).
_ON_ARRIVAL: dict[RequestStatus, NotificationEvent] = {
    S.DENIED: E.DENIED,
    S.NOT_FOUND: E.NOT_FOUND,
    S.DOWNLOADING: E.DOWNLOADING,
    S.AVAILABLE: E.AVAILABLE,
    S.PARTIALLY_AVAILABLE: E.AVAILABLE,
    S.FAILED: E.FAILED,
}


def event_for(
    previous: RequestStatus | None, target: RequestStatus, media_type: MediaType = MediaType.MOVIE
) -> NotificationEvent | None:
    """The notification a move from `previous` (None: the request was just made) to `target` calls for."""
    if previous is None:
        return E.REQUESTED if target in (S.AWAITING_APPROVAL, S.PENDING) else None
    if previous is S.AWAITING_APPROVAL and target is S.PENDING:
        return E.APPROVED
    if previous is S.PARTIALLY_AVAILABLE and target is S.AVAILABLE and media_type is MediaType.TV:
        return E.NEW_EPISODES
    if previous is S.AVAILABLE:  # episodes left Plex: nothing new to watch
        return None
    return _ON_ARRIVAL.get(target)


async def announce(request_id: int, event: NotificationEvent | None, *, key: str = "") -> bool:
    """Queue the notification `event` about `request_id` (call it after the commit); False when the
    broker is away (a notification is not worth a retry of the step that moved the request).

    `key` tells apart notifications of a kind that may recur (new episodes): each (request, kind, key)
    reaches each target once.
    """
    if event is None:
        return False
    return await publish(task_names.SEND_REQUEST_NOTIFICATION, request_id, event.value, key)


async def announce_move(
    request_id: int,
    previous: RequestStatus | None,
    target: RequestStatus,
    media_type: MediaType = MediaType.MOVIE,
    *,
    key: str = "",
) -> bool:
    """`announce` what the move from `previous` to `target` calls for, if anything."""
    return await announce(request_id, event_for(previous, target, media_type), key=key)
