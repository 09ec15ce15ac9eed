"""After an import: look the request up in Plex by its ids, so it becomes AVAILABLE within a minute.

The hourly library sync would find it too; asking Plex right after the scan is what lets the family
see "ready to watch" while they are still at the kiosk.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.integrations.plex import PlexClient
from app.integrations.plex_parse import PlexGuids, PlexItem
from app.library.plex_access import plex_client
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.service import lock_request, transition
from app.media_requests.states import MediaType, RequestStatus
from app.notifications.request_events import notify_request_event


class NotYetInPlex(RuntimeError):
    """Plex has not finished scanning the new files; ask again a little later."""


async def confirm_available(session: AsyncSession, *, request_id: int) -> str:
    """COMPLETED → AVAILABLE (or PARTIALLY_AVAILABLE) once Plex lists the item; NotYetInPlex otherwise."""
    request = await session.get(MediaRequest, request_id, populate_existing=True)
    if request is None or request.status is not RequestStatus.COMPLETED:
        return "nothing to do in this state"
    plex = await plex_client(session)
    guids = PlexGuids(tmdb=request.tmdb_id, imdb=request.imdb_id, tvdb=request.tvdb_id)
    item = await _find(plex, guids, "movie" if request.media_type is MediaType.MOVIE else "show")
    if item is None:
        raise NotYetInPlex(f"{request.title} is not in Plex yet")
    status = RequestStatus.AVAILABLE
    if request.media_type is MediaType.TV:
        expected, missing = await _imported_episodes(session, request_id)
        present = await _episodes_in_plex(plex, item)
        if not expected <= present:
            raise NotYetInPlex(f"Plex lists {len(expected & present)} of {len(expected)} new episodes so far")
        if missing:
            status = RequestStatus.PARTIALLY_AVAILABLE
    locked = await lock_request(session, request_id)
    if locked is None or locked.status is not RequestStatus.COMPLETED:
        await session.rollback()
        return "changed meanwhile"
    transition(session, locked, status, reason=f"Ready to watch in Plex: {item.title}")
    await session.commit()
    await notify_request_event(session, locked, "available")
    return status.value


async def _find(plex: PlexClient, guids: PlexGuids, kind: str) -> PlexItem | None:
    for section in await plex.sections():
        if section.type == kind and (item := await plex.find_by_guid(section.key, guids)) is not None:
            return item
    return None


async def _episodes_in_plex(plex: PlexClient, show: PlexItem) -> set[tuple[int, int]]:
    present: set[tuple[int, int]] = set()
    for season in await plex.children(show.rating_key):
        for episode in await plex.children(season.rating_key):
            if episode.season_number is not None and episode.episode_number is not None:
                present.add((episode.season_number, episode.episode_number))
    return present


async def _imported_episodes(session: AsyncSession, request_id: int) -> tuple[set[tuple[int, int]], bool]:
    """The episodes the last import put in the library, and whether requested ones were missing."""
    details = await session.scalar(
        select(RequestEvent.details)
        .where(RequestEvent.request_id == request_id, RequestEvent.to_status == RequestStatus.COMPLETED)
        .order_by(RequestEvent.id.desc())
        .limit(1)
    )
    details = details or {}
    episodes = {(int(season), int(episode)) for season, episode in details.get("episodes", [])}
    return episodes, bool(details.get("missing_episodes"))
