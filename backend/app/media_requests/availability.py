"""After an import: ask Plex for the request's title, so it becomes AVAILABLE within a minute.

The hourly library sync would find it too; asking Plex right after the scan is what lets the family
see "ready to watch" while they are still at the kiosk. The lookup and the matching are the library
sync's own (`mark_available_if_in_plex`), so the mirror and the "in Plex" flags update at once.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.library.service import mark_available_if_in_plex
from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus
from app.notifications.request_events import notify_request_event

READY = frozenset({RequestStatus.AVAILABLE, RequestStatus.PARTIALLY_AVAILABLE})


class NotYetInPlex(RuntimeError):
    """Plex has not finished scanning the new files; ask again a little later."""


async def confirm_available(session: AsyncSession, *, request_id: int) -> str:
    """COMPLETED → AVAILABLE (or PARTIALLY_AVAILABLE) once Plex lists the item; NotYetInPlex otherwise."""
    request = await session.get(MediaRequest, request_id, populate_existing=True)
    if request is None or request.status is not RequestStatus.COMPLETED:
        return "nothing to do in this state"
    await mark_available_if_in_plex(session, request_id)
    request = await session.get(MediaRequest, request_id, populate_existing=True)
    assert request is not None
    if request.status not in READY:
        raise NotYetInPlex(f"{request.title} is not in Plex yet")
    await notify_request_event(session, request, "available")
    return request.status.value
