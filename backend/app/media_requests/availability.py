"""What Plex has, turned into request moves: AVAILABLE, PARTIALLY_AVAILABLE, or REMOVED_FROM_PLEX.

The library domain mirrors Plex and answers "what does the mirror hold for these ids" (library/presence.py,
library/matching.py); this module alone decides what that means for a request and moves it. It runs after
every library sync (`after_sync`, handed to the sync) and right after an import's partial scan
(`confirm_available`), so the family sees "ready to watch" while still at the kiosk.

Media deleted from Plex after it was there was deleted by someone (watched, then cleared away): the request
ends REMOVED_FROM_PLEX and nothing is downloaded again until someone asks again, which is a new request. A
show that lost some of its episodes rests as PARTIALLY_AVAILABLE, searched for no more than before.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.integrations.errors import IntegrationError
from app.integrations.plex import PlexClient
from app.integrations.tmdb import TmdbClient
from app.library.lookup import fetch_into_mirror
from app.library.matching import (
    Coverage,
    Episodes,
    MediaIds,
    coverage,
    describe_missing,
    missing_episodes,
    wanted_episodes,
)
from app.library.models import SyncRun
from app.library.presence import Presence, presence_of
from app.library.service import AfterMirror, optional_tmdb, run_plex_sync
from app.media_requests.announcements import announce, event_for
from app.media_requests.followed_shows import end_round, round_in_flight
from app.media_requests.models import MediaRequest
from app.media_requests.old_copies import drop_old_copies
from app.media_requests.problems import being_replaced
from app.media_requests.service import lock_request, transition
from app.media_requests.states import MediaType, RequestStatus, can_transition
from app.media_requests.timeline_words import (
    AVAILABLE,
    EPISODES_REMOVED,
    PARTLY_AVAILABLE,
    REMOVED_FROM_PLEX,
    said,
)
from app.media_requests.upgrades import upgrade_in_flight
from app.notifications.templates import NotificationEvent as E
from app.settings.errors import NotConfigured
from app.settings.integrations.plex import plex_client

log = logging.getLogger(__name__)
ACTOR = "plex-sync"
S = RequestStatus

# Requests the sync may move forward when Plex has their media.
OPEN_STATUSES: frozenset[RequestStatus] = frozenset(
    {S.AWAITING_APPROVAL, S.PENDING, S.SEARCHING, S.DOWNLOADING, S.NOT_FOUND, S.AWAITING_RELEASE,
     S.COMPLETED, S.PARTIALLY_AVAILABLE}
)  # fmt: skip
# Requests the sync may move when their media leaves Plex.
SETTLED_STATUSES: frozenset[RequestStatus] = frozenset({S.AVAILABLE, S.PARTIALLY_AVAILABLE})
READY = frozenset({S.AVAILABLE, S.PARTIALLY_AVAILABLE})


class NotYetInPlex(RuntimeError):
    """Plex has not finished scanning the new files; ask again a little later."""


def media_ids(request: MediaRequest) -> MediaIds:
    """The ids a request names, as mirror ids ("movie" or "show")."""
    kind = "movie" if request.media_type is MediaType.MOVIE else "show"
    return MediaIds(kind, request.tmdb_id, request.imdb_id, request.tvdb_id)


def next_status(current: RequestStatus, found: Coverage, *, disappeared: bool) -> RequestStatus | None:
    """Where a request goes given what Plex holds, or None to leave it.

    Forward moves happen for open requests. A settled request moves only when something it relied on left
    Plex in this sync (`disappeared`), never merely because the mirror cannot match it: to REMOVED_FROM_PLEX
    when nothing of it is left, to PARTIALLY_AVAILABLE when a show kept some of its episodes.
    """
    target: RequestStatus | None = None
    if current in OPEN_STATUSES:
        if found is Coverage.ALL:
            target = S.AVAILABLE
        elif found is Coverage.SOME and current is S.COMPLETED:
            target = S.PARTIALLY_AVAILABLE
    if current in SETTLED_STATUSES and disappeared:
        if found is Coverage.NONE:
            target = S.REMOVED_FROM_PLEX
        elif found is Coverage.SOME and current is S.AVAILABLE:
            target = S.PARTIALLY_AVAILABLE
    if target is None or target == current or not can_transition(current, target):
        return None
    return target


@dataclass
class AvailabilityChanges:
    """Request ids the pass moved, by where they went."""

    available: list[int] = field(default_factory=list)
    partially_available: list[int] = field(default_factory=list)
    removed_from_plex: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        """For a sync run's details."""
        return {
            "available": self.available,
            "partially_available": self.partially_available,
            "removed_from_plex": self.removed_from_plex,
        }


@dataclass(frozen=True)
class _Verdict:
    found: Coverage
    missing: Episodes


async def _season_sizes(tmdb: TmdbClient | None, tmdb_id: int) -> dict[int, int] | None:
    """TMDB's episode count per season; None when TMDB is not set up (Plex's own numbering is used)."""
    if tmdb is None:
        return None
    details = await tmdb.show_details(tmdb_id)
    return {season.season_number: season.episode_count for season in details.seasons}


async def _verdict(request: MediaRequest, presence: Presence, tmdb: TmdbClient | None) -> _Verdict:
    if request.media_type is MediaType.MOVIE:
        return _Verdict(Coverage.ALL if presence.found else Coverage.NONE, {})
    if not presence.episodes:
        return _Verdict(Coverage.NONE, {})
    wanted = wanted_episodes(
        seasons=request.requested_seasons,
        episodes=request.requested_episodes,
        season_sizes=await _season_sizes(tmdb, request.tmdb_id),
        present=presence.episodes,
    )
    return _Verdict(coverage(wanted, presence.episodes), missing_episodes(wanted, presence.episodes))


def _reason(target: RequestStatus, verdict: _Verdict, gone: bool) -> tuple[str, dict[str, Any] | None]:
    missing = {str(season): sorted(numbers) for season, numbers in sorted(verdict.missing.items())}
    if target is RequestStatus.AVAILABLE:
        return "In the Plex library", said(AVAILABLE)
    if target is RequestStatus.REMOVED_FROM_PLEX:
        return (
            "Removed from Plex: it will not be downloaded again unless someone asks for it again",
            said(REMOVED_FROM_PLEX),
        )
    if gone:
        return (
            f"Episodes were removed from Plex and will not be downloaded again; "
            f"missing {describe_missing(verdict.missing)}",
            said(EPISODES_REMOVED, missing=missing),
        )
    return (
        f"Partly in the Plex library; missing {describe_missing(verdict.missing)}",
        said(PARTLY_AVAILABLE, missing=missing),
    )


async def refresh_requests(
    session: AsyncSession,
    *,
    tmdb: TmdbClient | None,
    disappeared: Collection[MediaIds] = (),
    request_ids_only: Sequence[int] | None = None,
    actor: str = ACTOR,
) -> AvailabilityChanges:
    """Compare open requests (and, after removals, settled ones) with the mirror and move them (committed).

    `disappeared` names the films and shows that lost items in this sync: only their AVAILABLE or
    PARTIALLY_AVAILABLE requests may end REMOVED_FROM_PLEX (or, for a show, PARTIALLY_AVAILABLE).
    """
    statuses = set(OPEN_STATUSES) | (set(SETTLED_STATUSES) if disappeared else set())
    # A request fetching another (or a better) copy has its old one in Plex: it must not be called available
    # meanwhile.
    query = (
        select(MediaRequest)
        .where(
            MediaRequest.status.in_(statuses),
            MediaRequest.id.not_in(being_replaced()),
            ~upgrade_in_flight(),
            ~round_in_flight(),
        )
        .order_by(MediaRequest.id)
    )
    if request_ids_only is not None:
        query = query.where(MediaRequest.id.in_(request_ids_only))
    candidates = []
    for request in await session.scalars(query):
        ids = media_ids(request)
        gone = any(ids.shares_an_id(lost) for lost in disappeared)
        if request.status in OPEN_STATUSES or gone:
            candidates.append((request, ids, gone))
    presence = await presence_of(session, list({ids for _, ids, _ in candidates}))
    # Decide everything before the first commit: the loaded rows are not touched after it.
    decided: list[tuple[int, _Verdict, bool]] = []
    for request, ids, gone in candidates:
        try:
            verdict = await _verdict(request, presence[ids], tmdb)
        except IntegrationError as exc:
            log.warning("request %s left as it is: TMDB could not size its seasons (%s)", request.id, exc)
            continue
        if next_status(request.status, verdict.found, disappeared=gone) is not None:
            decided.append((request.id, verdict, gone))
    changes = AvailabilityChanges()
    for request_id, verdict, gone in decided:
        await _apply(session, request_id, verdict, gone, actor, changes)
    await session.commit()
    return changes


async def _apply(
    session: AsyncSession,
    request_id: int,
    verdict: _Verdict,
    gone: bool,
    actor: str,
    changes: AvailabilityChanges,
) -> None:
    """Re-read the request under a row lock and move it, if its status still calls for it."""
    locked = await lock_request(session, request_id)
    if locked is None:
        return
    target = next_status(locked.status, verdict.found, disappeared=gone)
    if target is None:
        await session.commit()
        return
    reason, details = _reason(target, verdict, gone)
    previous, media_type, fetching_new = locked.status, locked.media_type, bool(locked.episodes_wanted)
    event = transition(session, locked, target, reason=reason, actor=actor, details=details)
    notification = event_for(previous, target, media_type)
    if fetching_new:
        # A followed show's new episodes are in: told as new episodes (nothing when none came).
        arrival = await end_round(session, locked)
        event, notification = (arrival, E.NEW_EPISODES) if arrival is not None else (event, None)
    await session.commit()
    if previous is RequestStatus.COMPLETED:
        # Plex lists it after the import's scan: an old copy the import replaced can go now.
        await drop_old_copies(session, request_id)
    # New episodes may arrive many times: each arrival (its timeline event) is told once.
    await announce(request_id, notification, key=str(event.id) if notification is E.NEW_EPISODES else "")
    if target is RequestStatus.AVAILABLE:
        changes.available.append(request_id)
    elif target is RequestStatus.PARTIALLY_AVAILABLE:
        changes.partially_available.append(request_id)
    else:
        changes.removed_from_plex.append(request_id)


def after_sync(session: AsyncSession) -> AfterMirror:
    """What a library sync calls once the mirror is written: move the requests it concerns."""

    async def move(disappeared: Collection[MediaIds], tmdb: TmdbClient | None) -> dict[str, Any]:
        return (await refresh_requests(session, tmdb=tmdb, disappeared=disappeared)).as_dict()

    return move


async def sync_plex(session: AsyncSession, *, full: bool, task_id: str | None = None) -> SyncRun:
    """A full or incremental library sync, then the request moves it calls for (the Plex-sync task)."""
    return await run_plex_sync(session, full=full, task_id=task_id, on_mirrored=after_sync(session))


async def mark_available_if_in_plex(
    session: AsyncSession, request_id: int, *, plex: PlexClient | None = None
) -> bool:
    """Ask Plex for a request's film or show, mirror it, and move the request (committed).

    True when Plex has everything asked for and the request is now AVAILABLE; a show with episodes still
    missing becomes PARTIALLY_AVAILABLE (from COMPLETED) and gives False, as does a title Plex has not
    indexed yet (the hourly sync will catch it). `plex` defaults to the stored connection.
    """
    request = await session.get(MediaRequest, request_id, populate_existing=True)
    if request is None or request.status not in OPEN_STATUSES:
        return request is not None and request.status is S.AVAILABLE
    if plex is None:
        try:
            plex = await plex_client(session)
        except NotConfigured:
            plex = None
    if plex is not None:
        await fetch_into_mirror(session, plex, media_ids(request))
    tmdb = await optional_tmdb(session)
    changes = await refresh_requests(session, tmdb=tmdb, request_ids_only=[request_id], actor="plex-scan")
    return request_id in changes.available


async def confirm_available(session: AsyncSession, *, request_id: int) -> str:
    """COMPLETED → AVAILABLE (or PARTIALLY_AVAILABLE) once Plex lists the item; NotYetInPlex otherwise."""
    request = await session.get(MediaRequest, request_id, populate_existing=True)
    if request is None or request.status is not S.COMPLETED:
        return "nothing to do in this state"
    await mark_available_if_in_plex(session, request_id)
    request = await session.get(MediaRequest, request_id, populate_existing=True)
    assert request is not None
    if request.status not in READY:
        raise NotYetInPlex(f"{request.title} is not in Plex yet")
    return request.status.value
