"""The parents' list of all the family's requests: quick filters, how many each holds, who asked.

A quick filter is a set of statuses named for what a parent wants to see at a glance; the list route
(GET /api/v1/requests?view=…) narrows by it, and says how many requests each filter holds, so the
screen can show "Un parent doit répondre (2)" without a call per chip.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.states import RequestStatus
from app.profiles.models import Profile

S = RequestStatus


class RequestView(StrEnum):
    """The quick filters of the family's list."""

    IN_PROGRESS = "in_progress"
    READY = "ready"
    NEEDS_PARENT = "needs_parent"
    PROBLEMS = "problems"


VIEW_STATUSES: dict[RequestView, frozenset[RequestStatus]] = {
    # Being worked on, or a film waiting for its release date: will move on its own.
    RequestView.IN_PROGRESS: frozenset(
        {S.PENDING, S.AWAITING_RELEASE, S.SEARCHING, S.DOWNLOADING, S.IMPORTING, S.COMPLETED}
    ),
    # Something to watch in Plex.
    RequestView.READY: frozenset({S.AVAILABLE, S.PARTIALLY_AVAILABLE}),
    # Waiting for a parent's yes or no.
    RequestView.NEEDS_PARENT: frozenset({S.AWAITING_APPROVAL}),
    # Stuck: nothing was found yet, or it failed; a parent may want to step in.
    RequestView.PROBLEMS: frozenset({S.NOT_FOUND, S.FAILED}),
}


def statuses_for(view: RequestView | None, statuses: Iterable[RequestStatus]) -> list[RequestStatus] | None:
    """The statuses to list (empty: all), the view's narrowed by any statuses also asked for; None when
    the two exclude each other, so nothing can match."""
    asked = list(statuses)
    if view is None:
        return asked
    allowed = VIEW_STATUSES[view]
    if not asked:
        return sorted(allowed)
    narrowed = [status for status in asked if status in allowed]
    return narrowed or None


async def view_counts(session: AsyncSession, *, requested_by: int | None = None) -> dict[RequestView, int]:
    """How many requests each quick filter holds (one profile's, or everyone's)."""
    query = select(MediaRequest.status, func.count()).group_by(MediaRequest.status)
    if requested_by is not None:
        query = query.where(MediaRequest.requested_by == requested_by)
    by_status = {status: count for status, count in (await session.execute(query)).all()}
    return {
        view: sum(by_status.get(status, 0) for status in statuses) for view, statuses in VIEW_STATUSES.items()
    }


async def requester_names(session: AsyncSession, profile_ids: Collection[int | None]) -> dict[int, str]:
    """The names of the profiles that made these requests."""
    wanted = {profile_id for profile_id in profile_ids if profile_id is not None}
    if not wanted:
        return {}
    rows = await session.execute(select(Profile.id, Profile.name).where(Profile.id.in_(wanted)))
    return {profile_id: name for profile_id, name in rows.all()}


async def failures(session: AsyncSession, request_ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """Why each of these FAILED requests failed, as the worker coded it on its latest FAILED move (code,
    why and their facts), for the list's words in the family's language."""
    if not request_ids:
        return {}
    rows = await session.execute(
        select(RequestEvent.request_id, RequestEvent.details)
        .where(RequestEvent.request_id.in_(request_ids), RequestEvent.to_status == RequestStatus.FAILED)
        .order_by(RequestEvent.id)
    )
    # Oldest first: a request failed twice (retried in between) keeps its latest reason.
    return {request_id: details for request_id, details in rows if details}
