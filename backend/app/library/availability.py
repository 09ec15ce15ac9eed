"""Move requests forward when their media reaches Plex, and back to PENDING when it leaves.

Every change goes through `media_requests.service.transition`, so the timeline says what Plex had or lacked.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.integrations.errors import IntegrationError
from app.integrations.tmdb import TmdbClient
from app.library.matching import (
    OPEN_STATUSES,
    SETTLED_STATUSES,
    Coverage,
    Episodes,
    MediaIds,
    coverage,
    describe_missing,
    missing_episodes,
    next_status,
    wanted_episodes,
)
from app.library.presence import Presence, presence_of, request_ids
from app.media_requests.models import MediaRequest
from app.media_requests.service import lock_request, transition
from app.media_requests.states import MediaType, RequestStatus

log = logging.getLogger(__name__)
ACTOR = "plex-sync"


@dataclass
class AvailabilityChanges:
    """Request ids the pass moved, by where they went."""

    available: list[int] = field(default_factory=list)
    partially_available: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        """For a sync run's details."""
        return {
            "available": self.available,
            "partially_available": self.partially_available,
            "reopened": self.reopened,
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


def _reason(target: RequestStatus, verdict: _Verdict) -> tuple[str, dict[str, Any] | None]:
    missing = {str(season): sorted(numbers) for season, numbers in sorted(verdict.missing.items())}
    if target is RequestStatus.AVAILABLE:
        return "In the Plex library", None
    if target is RequestStatus.PARTIALLY_AVAILABLE:
        return f"Partly in the Plex library; missing {describe_missing(verdict.missing)}", {
            "missing": missing
        }
    if verdict.found is Coverage.NONE:
        return "No longer in the Plex library: it can be requested again", None
    return (
        f"Episodes left the Plex library; missing {describe_missing(verdict.missing)}",
        {"missing": missing},
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
    PARTIALLY_AVAILABLE requests may go back to PENDING.
    """
    statuses = set(OPEN_STATUSES) | (set(SETTLED_STATUSES) if disappeared else set())
    query = select(MediaRequest).where(MediaRequest.status.in_(statuses)).order_by(MediaRequest.id)
    if request_ids_only is not None:
        query = query.where(MediaRequest.id.in_(request_ids_only))
    candidates = []
    for request in await session.scalars(query):
        ids = request_ids(request)
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
    reason, details = _reason(target, verdict)
    transition(session, locked, target, reason=reason, actor=actor, details=details)
    await session.commit()
    if target is RequestStatus.AVAILABLE:
        changes.available.append(request_id)
    elif target is RequestStatus.PARTIALLY_AVAILABLE:
        changes.partially_available.append(request_id)
    else:
        changes.reopened.append(request_id)
