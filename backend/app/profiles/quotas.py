"""Request quotas: at most N films, and N seasons, per rolling window of D days, per profile.

A request counts from the moment it is made until it leaves the window, unless it was denied or
cancelled. A show request counts one per season it names (a whole-show request made without a quota
counts as one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.models import MediaRequest
from app.media_requests.states import MediaType, RequestStatus
from app.profiles.messages import Kind
from app.profiles.models import Profile

NOT_COUNTED = (RequestStatus.DENIED, RequestStatus.CANCELLED)


@dataclass(frozen=True)
class Allowance:
    """Where a profile stands against one quota."""

    kind: Kind
    limit: int
    days: int
    used: int
    remaining: int
    next_at: datetime | None  # when one more becomes possible, if none is left


def allowance(
    kind: Kind, *, limit: int, days: int, spent: Sequence[tuple[datetime, int]], now: datetime
) -> Allowance:
    """The allowance left given what was `spent` (request time, how many it counts) before `now`."""
    window = timedelta(days=days)
    in_window = sorted((at, count) for at, count in spent if now - at < window)
    used = sum(count for _, count in in_window)
    remaining = max(0, limit - used)
    next_at = None
    if remaining == 0 and in_window:
        # One more fits once enough of the oldest requests have left the window.
        to_free, freed = used - limit + 1, 0
        for at, count in in_window:
            freed += count
            if freed >= to_free:
                next_at = at + window
                break
    return Allowance(kind=kind, limit=limit, days=days, used=used, remaining=remaining, next_at=next_at)


def seasons_counted(seasons: Sequence[int] | None, episodes: dict[str, list[int]] | None) -> int:
    """How many seasons a show request uses up."""
    if seasons:
        return len(seasons)
    if episodes:
        return len(episodes)
    return 1


async def _spent(
    session: AsyncSession, profile_id: int, media_type: MediaType, since: datetime
) -> list[tuple[datetime, int]]:
    rows = await session.execute(
        select(
            MediaRequest.created_at, MediaRequest.requested_seasons, MediaRequest.requested_episodes
        ).where(
            MediaRequest.requested_by == profile_id,
            MediaRequest.media_type == media_type,
            MediaRequest.created_at > since,
            MediaRequest.status.not_in(NOT_COUNTED),
        )
    )
    if media_type is MediaType.MOVIE:
        return [(created_at, 1) for created_at, _, _ in rows]
    return [(created_at, seasons_counted(seasons, episodes)) for created_at, seasons, episodes in rows]


async def movie_allowance(session: AsyncSession, profile: Profile, now: datetime) -> Allowance | None:
    """The profile's film allowance, or None when it has no film quota."""
    if not profile.movie_quota or not profile.movie_quota_days:
        return None
    days = profile.movie_quota_days
    spent = await _spent(session, profile.id, MediaType.MOVIE, now - timedelta(days=days))
    return allowance("movie", limit=profile.movie_quota, days=days, spent=spent, now=now)


async def season_allowance(session: AsyncSession, profile: Profile, now: datetime) -> Allowance | None:
    """The profile's season allowance, or None when it has no season quota."""
    if not profile.season_quota or not profile.season_quota_days:
        return None
    days = profile.season_quota_days
    spent = await _spent(session, profile.id, MediaType.TV, now - timedelta(days=days))
    return allowance("season", limit=profile.season_quota, days=days, spent=spent, now=now)
