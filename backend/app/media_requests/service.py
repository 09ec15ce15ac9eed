"""Reading a request, and the changes a person asks for: approve, deny, cancel; `transition` for every move.

Creation is in creation.py; what the workers do in processing.py, completion.py, pipeline.py (what the
download monitor saw) and availability.py (what Plex has). Only this package changes a request's status.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio.to_thread
from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish, revoke
from app.db import utcnow
from app.media_requests.announcements import announce
from app.media_requests.models import IS_ACTIVE, MediaRequest, RequestEvent
from app.media_requests.schemas import RequestCreate
from app.media_requests.states import (
    CANCELLABLE_STATUSES,
    MediaType,
    RequestStatus,
    can_transition,
    check_transition,
)
from app.media_requests.timeline_words import APPROVED, CANCELLED, DENIED, FAILED, said
from app.notifications.templates import NotificationEvent

FINAL_FOR_COMPLETION = frozenset({RequestStatus.COMPLETED, RequestStatus.AVAILABLE})


class RequestNotFound(LookupError):
    """No request with that id."""


def media_key(data: RequestCreate) -> str:
    """What counts as 'the same media': the film, or the show with the same seasons and episodes."""
    if data.media_type is MediaType.MOVIE:
        # A copy in a chosen quality (4K) is its own request, beside the default one.
        chosen = f":q={data.quality_profile.casefold()}" if data.quality_profile else ""
        return f"movie:{data.tmdb_id}{chosen}"[:200]
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


def note(
    session: AsyncSession,
    request: MediaRequest,
    reason: str,
    *,
    actor: str = "system",
    details: dict[str, Any] | None = None,
) -> RequestEvent:
    """A timeline entry that changes no state: someone looked, searched or unblocked (not committed)."""
    event = RequestEvent(
        request_id=request.id,
        from_status=request.status,
        to_status=request.status,
        reason=reason,
        actor=actor,
        details=details,
    )
    session.add(event)
    return event


async def find_active(session: AsyncSession, key: str) -> MediaRequest | None:
    """The active request for `key`, if any."""
    return await session.scalar(select(MediaRequest).where(MediaRequest.media_key == key, IS_ACTIVE))


async def forget_task(session: AsyncSession, *, request_id: int, task_id: str) -> None:
    """Clear a task id whose message never reached the broker, so the reconciler picks the request up."""
    await session.execute(
        update(MediaRequest)
        .where(MediaRequest.id == request_id, MediaRequest.celery_task_id == task_id)
        .values(celery_task_id=None)
    )
    await session.commit()


async def queue_processing(session: AsyncSession, request: MediaRequest) -> None:
    """Publish the task the row names; a broker that is away leaves it to the reconciler."""
    task_id = request.celery_task_id
    assert task_id is not None
    if not await publish(task_names.PROCESS_REQUEST, request.id, task_id=task_id):
        await forget_task(session, request_id=request.id, task_id=task_id)
        request.celery_task_id = None


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


async def approve_request(session: AsyncSession, *, request_id: int, actor: str) -> MediaRequest:
    """AWAITING_APPROVAL → PENDING (committed), then its processing is queued."""
    request = await _awaiting(session, request_id)
    transition(
        session,
        request,
        RequestStatus.PENDING,
        reason=f"Approved by {actor}",
        actor=actor,
        details=said(APPROVED),
    )
    request.celery_task_id = new_task_id()
    await session.commit()
    await queue_processing(session, request)
    await announce(request.id, NotificationEvent.APPROVED)
    return request


async def deny_request(session: AsyncSession, *, request_id: int, actor: str, reason: str) -> MediaRequest:
    """AWAITING_APPROVAL → DENIED (committed), with the parent's words the family will read ("" for none:
    the kiosk and the notifications then say only that a parent said no, in their own language)."""
    request = await _awaiting(session, request_id)
    transition(
        session,
        request,
        RequestStatus.DENIED,
        reason=f"Denied: {reason}" if reason else "Denied by a parent",
        actor=actor,
        details=said(DENIED, reason=reason) if reason else said(DENIED),
    )
    request.error = reason or None
    await session.commit()
    await announce(request.id, NotificationEvent.DENIED)
    return request


class NotCancellable(ValueError):
    """The request is past the point where cancelling means anything."""


async def cancel_request(session: AsyncSession, *, request_id: int, actor: str, reason: str) -> MediaRequest:
    """Cancel an unfinished request (committed), revoke its task and queue the removal of its torrents.

    The torrents and their data go at once; if the broker is away, the monitor's next pass removes them.
    """
    request = await lock_request(session, request_id)
    if request is None:
        raise RequestNotFound(f"request {request_id} does not exist")
    if request.status is RequestStatus.CANCELLED:
        return request
    if request.status not in CANCELLABLE_STATUSES:
        raise NotCancellable(f"a request that is {request.status.value} cannot be cancelled")
    transition(session, request, RequestStatus.CANCELLED, reason=reason, actor=actor, details=said(CANCELLED))
    await session.commit()
    if request.celery_task_id:
        await anyio.to_thread.run_sync(revoke, request.celery_task_id)
    await publish(task_names.REMOVE_REQUEST_TORRENTS, request.id)
    return request


async def cancel_by_task(session: AsyncSession, *, task_id: str, actor: str) -> int | None:
    """Cancel the request whose task is `task_id`, if it can still be cancelled; its id, else None.

    A request's task revoked alone would be queued again by the reconciler.
    """
    request_id = await session.scalar(select(MediaRequest.id).where(MediaRequest.celery_task_id == task_id))
    if request_id is None:
        return None
    try:
        await cancel_request(session, request_id=request_id, actor=actor, reason="Its task was cancelled")
    except NotCancellable:
        return None
    return request_id


async def fail_request(
    session: AsyncSession,
    *,
    request_id: int,
    reason: str,
    why: str,
    facts: dict[str, str] | None = None,
) -> bool:
    """Mark an unfinished request FAILED with a reason a person can read (committed); False if not allowed.

    `why` is the reason's code and `facts` its parameters, for the kiosk's and the notifications' words
    (the English `reason` is for scripts and the logs)."""
    request = await lock_request(session, request_id)
    if request is None or not can_transition(request.status, RequestStatus.FAILED):
        await session.rollback()
        return False
    details = said(FAILED, why=why, **(facts or {}))
    transition(session, request, RequestStatus.FAILED, reason=reason, details=details)
    request.error = reason
    await session.commit()
    await announce(request_id, NotificationEvent.FAILED)
    return True
