"""Everything that reads or changes a media request; the API and the workers both call in here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, ColumnElement, exists, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.db import utcnow
from app.library.models import LibraryItem
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.schemas import RequestCreate
from app.media_requests.states import (
    ACTIVE_STATUSES,
    CANCELLABLE_STATUSES,
    MediaType,
    RequestStatus,
    can_transition,
    check_transition,
)
from app.notifications.request_events import notify_request_event
from app.profiles.models import Profile

FINAL_FOR_COMPLETION = frozenset({RequestStatus.COMPLETED, RequestStatus.AVAILABLE})


class RequestNotFound(LookupError):
    """No request with that id."""


class UnknownProfile(ValueError):
    """`requested_by` names no profile."""


def media_key(data: RequestCreate) -> str:
    """What counts as 'the same media': the film, or the show with the same seasons and episodes."""
    if data.media_type is MediaType.MOVIE:
        return f"movie:{data.tmdb_id}"
    seasons = ",".join(str(s) for s in data.seasons) if data.seasons else "all"
    key = f"tv:{data.tmdb_id}:s{seasons}"
    if data.episodes:
        key += ":e" + ";".join(f"{s}={','.join(map(str, eps))}" for s, eps in data.episodes.items())
    return key[:200]


def transition(
    session: AsyncSession,
    request: MediaRequest,
    target: RequestStatus,
    *,
    reason: str,
    actor: str = "system",
    details: dict[str, Any] | None = None,
) -> RequestEvent:
    """Move `request` to `target` if the table allows it, and write the timeline event (not committed)."""
    check_transition(request.status, target)
    event = RequestEvent(
        request_id=request.id,
        from_status=request.status,
        to_status=target,
        reason=reason,
        actor=actor,
        details=details,
    )
    request.status = target
    request.updated_at = utcnow()
    if target in FINAL_FOR_COMPLETION and request.completed_at is None:
        request.completed_at = request.updated_at
    session.add(event)
    return event


async def find_active(session: AsyncSession, key: str) -> MediaRequest | None:
    """The active request for `key`, if any."""
    return await session.scalar(
        select(MediaRequest).where(MediaRequest.media_key == key, MediaRequest.status.in_(ACTIVE_STATUSES))
    )


@dataclass(frozen=True)
class _Precheck:
    active_id: int | None
    in_plex: bool
    profile_auto_approve: bool | None  # None: no such profile (or none given)


async def _precheck(session: AsyncSession, data: RequestCreate, key: str) -> _Precheck:
    """Everything creation must know, in one round trip: an active duplicate, Plex, the profile."""
    active = (
        select(MediaRequest.id)
        .where(MediaRequest.media_key == key, MediaRequest.status.in_(ACTIVE_STATUSES))
        .limit(1)
        .scalar_subquery()
    )
    in_plex: ColumnElement[bool] = literal(False)
    if data.media_type is MediaType.MOVIE:
        match = LibraryItem.tmdb_id == data.tmdb_id
        if data.imdb_id:
            match = match | (LibraryItem.imdb_id == data.imdb_id)
        in_plex = exists().where(LibraryItem.item_type == "movie", match)
    auto_approve = (
        select(Profile.auto_approve).where(Profile.id == data.requested_by).scalar_subquery()
        if data.requested_by
        else literal(None, Boolean)
    )
    row = (await session.execute(select(active, in_plex, auto_approve))).one()
    return _Precheck(active_id=row[0], in_plex=bool(row[1]), profile_auto_approve=row[2])


async def create_request(
    session: AsyncSession,
    *,
    data: RequestCreate,
    task_id: str,
    actor: str = "kiosk",
    hold_reason: str | None = None,
    pre_approved: bool = False,
) -> tuple[MediaRequest, bool]:
    """Save a new request (committed) or return the active one for the same media; True when created.

    `task_id` is the id the caller will publish the processing task under once this commit is done,
    so the happy path costs one check, two inserts and a commit. An unknown profile raises UnknownProfile.
    A `hold_reason` makes it wait for approval; `pre_approved` (an admin decided) skips the profile's
    auto-approve setting, which otherwise decides.
    """
    key = media_key(data)
    check = await _precheck(session, data, key)
    if check.active_id is not None:
        return await get_request(session, check.active_id), False
    if data.requested_by and check.profile_auto_approve is None:
        raise UnknownProfile(f"profile {data.requested_by} does not exist")

    if check.in_plex:
        status, reason, stored_task_id = RequestStatus.AVAILABLE, "Already in the Plex library", None
    elif hold_reason is not None:
        status, reason, stored_task_id = RequestStatus.AWAITING_APPROVAL, hold_reason, None
    elif check.profile_auto_approve is False and not pre_approved:
        status, reason, stored_task_id = (
            RequestStatus.AWAITING_APPROVAL,
            "Waiting for a parent to approve",
            None,
        )
    else:
        status, reason, stored_task_id = RequestStatus.PENDING, "Requested", task_id

    now = utcnow()
    values = {
        "media_type": data.media_type,
        "tmdb_id": data.tmdb_id,
        "imdb_id": data.imdb_id,
        "tvdb_id": data.tvdb_id,
        "title": data.title,
        "year": data.year,
        "requested_seasons": data.seasons,
        "requested_episodes": data.episodes,
        "media_key": key,
        "status": status,
        "requested_by": data.requested_by,
        "celery_task_id": stored_task_id,
        "error": None,
        "attempts": 0,
        "next_search_at": None,
        "created_at": now,
        "updated_at": now,
        "completed_at": now if status is RequestStatus.AVAILABLE else None,
    }
    try:
        # Core statements, not the ORM unit of work: this is the API's hottest write.
        request_id = await session.scalar(insert(MediaRequest).values(values).returning(MediaRequest.id))
        await session.execute(
            insert(RequestEvent).values(
                request_id=request_id,
                from_status=None,
                to_status=status,
                reason=reason,
                actor=actor,
                created_at=now,
            )
        )
        await session.commit()
    except IntegrityError:
        # Another kiosk committed the same media a moment ago: the partial unique index refused ours.
        await session.rollback()
        existing = await find_active(session, key)
        if existing is None:
            raise
        return existing, False
    return MediaRequest(id=request_id, **values), True


async def forget_task(session: AsyncSession, *, request_id: int, task_id: str) -> None:
    """Clear a task id whose message never reached the broker, so the reconciler picks the request up."""
    await session.execute(
        update(MediaRequest)
        .where(MediaRequest.id == request_id, MediaRequest.celery_task_id == task_id)
        .values(celery_task_id=None)
    )
    await session.commit()


async def set_task(session: AsyncSession, *, request_id: int, task_id: str) -> None:
    """Record the task now queued for a request."""
    await session.execute(
        update(MediaRequest).where(MediaRequest.id == request_id).values(celery_task_id=task_id)
    )
    await session.commit()


async def get_request(session: AsyncSession, request_id: int, *, with_events: bool = False) -> MediaRequest:
    """The request `request_id`, or RequestNotFound."""
    options = [selectinload(MediaRequest.events)] if with_events else []
    request = await session.get(MediaRequest, request_id, options=options, populate_existing=with_events)
    if request is None:
        raise RequestNotFound(f"request {request_id} does not exist")
    return request


async def lock_request(session: AsyncSession, request_id: int) -> MediaRequest | None:
    """Load the request for an update, row-locked on PostgreSQL (SQLite serialises writers anyway)."""
    return await session.scalar(
        select(MediaRequest)
        .where(MediaRequest.id == request_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def list_requests(
    session: AsyncSession,
    *,
    statuses: Sequence[RequestStatus] = (),
    requested_by: int | None = None,
    page: int = 1,
    page_size: int = 20,
) -> tuple[list[MediaRequest], int]:
    """A page of requests, newest first, with the total count for the filter."""
    conditions: list[ColumnElement[bool]] = []
    if statuses:
        conditions.append(MediaRequest.status.in_(statuses))
    if requested_by is not None:
        conditions.append(MediaRequest.requested_by == requested_by)
    total = await session.scalar(select(func.count()).select_from(MediaRequest).where(*conditions)) or 0
    rows = await session.scalars(
        select(MediaRequest)
        .where(*conditions)
        .order_by(MediaRequest.created_at.desc(), MediaRequest.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return list(rows), total


class NotAwaitingApproval(ValueError):
    """Only a request waiting for approval can be approved or denied."""


async def _awaiting(session: AsyncSession, request_id: int) -> MediaRequest:
    request = await lock_request(session, request_id)
    if request is None:
        raise RequestNotFound(f"request {request_id} does not exist")
    if request.status is not RequestStatus.AWAITING_APPROVAL:
        message = f"a request that is {request.status.value} is not waiting for approval"
        await session.rollback()
        raise NotAwaitingApproval(message)
    return request


async def approve_request(
    session: AsyncSession, *, request_id: int, actor: str, task_id: str
) -> MediaRequest:
    """AWAITING_APPROVAL → PENDING (committed) under `task_id`, which the caller then publishes."""
    request = await _awaiting(session, request_id)
    transition(session, request, RequestStatus.PENDING, reason=f"Approved by {actor}", actor=actor)
    request.celery_task_id = task_id
    await session.commit()
    return request


async def deny_request(session: AsyncSession, *, request_id: int, actor: str, reason: str) -> MediaRequest:
    """AWAITING_APPROVAL → DENIED (committed), with the reason the family will read."""
    request = await _awaiting(session, request_id)
    transition(
        session,
        request,
        RequestStatus.DENIED,
        reason=f"Denied: {reason}",
        actor=actor,
        details={"reason": reason},
    )
    request.error = reason
    await session.commit()
    return request


class NotCancellable(ValueError):
    """The request is past the point where cancelling means anything."""


async def cancel_request(session: AsyncSession, *, request_id: int, actor: str, reason: str) -> MediaRequest:
    """Cancel an unfinished request (committed); the caller revokes its task afterwards."""
    request = await lock_request(session, request_id)
    if request is None:
        raise RequestNotFound(f"request {request_id} does not exist")
    if request.status is RequestStatus.CANCELLED:
        return request
    if request.status not in CANCELLABLE_STATUSES:
        raise NotCancellable(f"a request that is {request.status.value} cannot be cancelled")
    transition(session, request, RequestStatus.CANCELLED, reason=reason, actor=actor)
    await session.commit()
    return request


async def fail_request(session: AsyncSession, *, request_id: int, reason: str) -> bool:
    """Mark an unfinished request FAILED with a reason a person can read (committed); False if not allowed."""
    request = await lock_request(session, request_id)
    if request is None or not can_transition(request.status, RequestStatus.FAILED):
        await session.rollback()
        return False
    transition(session, request, RequestStatus.FAILED, reason=reason)
    request.error = reason
    await session.commit()
    await notify_request_event(session, request, "failed")
    return True
