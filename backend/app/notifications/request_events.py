"""Tell the people concerned that something happened to a request: the requester and the admins.

`notify_request_event` is what the pipeline calls at each step that matters; it never raises, so a
notification service being down never stops a request. Failures are logged with the service name and
the reason, never the target's URL (it holds tokens).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.models import MediaRequest
from app.media_requests.states import MediaType, RequestStatus
from app.notifications.delivery import notify
from app.notifications.templates import NotificationEvent, language_of
from app.profiles.models import Profile
from app.settings.integrations.notifications import notification_settings, profile_urls

log = logging.getLogger(__name__)


def message_context(request: MediaRequest, requester: Profile | None) -> dict[str, Any]:
    """What the templates may say about `request`."""
    return {
        "title": request.title,
        "year": request.year,
        "media_type": "show" if request.media_type == MediaType.TV else "movie",
        "seasons": list(request.requested_seasons or ()) or None,
        "requested_by": requester.name if requester is not None else None,
        "needs_approval": request.status == RequestStatus.AWAITING_APPROVAL,
        "reason": request.error,
    }


async def notify_request_event(session: AsyncSession, request: MediaRequest, event: str) -> None:
    """Send `event` (requested, approved, downloading, available, failed) about `request` to the
    requester's targets and the admins' targets, as the notification settings choose; never raises."""
    # Read without a lazy load: after a failed transaction the row's attributes may be expired.
    request_id = request.__dict__.get("id", "?")
    try:
        await _notify(session, request, NotificationEvent(event))
    except Exception as exc:  # notifications must never break the pipeline; the type is enough to act on
        log.warning("notification %r for request %s not sent (%s)", event, request_id, type(exc).__name__)


async def _notify(session: AsyncSession, request: MediaRequest, event: NotificationEvent) -> None:
    request_id = request.id
    settings = await notification_settings(session)
    requester = await session.get(Profile, request.requested_by) if request.requested_by else None
    context = {k: v for k, v in message_context(request, requester).items() if v is not None}
    sends = []
    personal: list[str] = []
    if requester is not None and event in settings.profile_events:
        personal = await profile_urls(session, requester.id)
        sends.append(notify(event, context, personal, language_of(requester.language)))
    if event in settings.admin_events:
        # Someone who is both requester and admin on one target hears it once, in their own language.
        admins = [url for url in settings.admin_urls if url not in personal]
        sends.append(notify(event, context, admins, settings.language))
    outcomes = await asyncio.gather(*sends)
    for result in (result for results in outcomes for result in results):
        if not result.delivered:
            log.warning(
                "notification %s for request %s not delivered to a %s target: %s",
                event.value,
                request_id,
                result.scheme,
                result.reason,
            )
