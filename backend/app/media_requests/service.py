"""Everything that reads or changes a media request; the API and the workers both call in here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    CompoundSelect,
    String,
    func,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy import cast as cast_sql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.db import InList, utcnow
from app.library.models import LibraryItem
from app.media_requests.insertion import insert_requests
from app.media_requests.models import IS_ACTIVE, MediaRequest, RequestEvent
from app.media_requests.schemas import RequestCreate
from app.media_requests.states import (
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
    return await session.scalar(select(MediaRequest).where(MediaRequest.media_key == key, IS_ACTIVE))


@dataclass(frozen=True)
class NewRequest:
    """One request to create, as `create_request` takes it."""

    data: RequestCreate
    task_id: str
    actor: str = "kiosk"
    hold_reason: str | None = None
    pre_approved: bool = False


Created = tuple[MediaRequest, bool]


async def create_request(
    session: AsyncSession,
    *,
    data: RequestCreate,
    task_id: str,
    actor: str = "kiosk",
    hold_reason: str | None = None,
    pre_approved: bool = False,
) -> Created:
    """Save a new request (committed) or return the active one for the same media; True when created.

    `task_id` is the id the caller will publish the processing task under once this commit is done.
    An unknown profile raises UnknownProfile. A `hold_reason` makes it wait for approval;
    `pre_approved` (an admin decided) skips the profile's auto-approve setting, which otherwise decides.
    """
    new = NewRequest(data, task_id, actor, hold_reason, pre_approved)
    outcome = (await create_requests(session, [new]))[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


async def create_requests(session: AsyncSession, batch: Sequence[NewRequest]) -> list[Created | Exception]:
    """`create_request` for several requests in one transaction; one outcome per request, in order.

    Requests for media already asked for, in the database or earlier in `batch`, return that request.
    If another process committed the same media meanwhile (the partial unique index refuses the batch),
    each request is retried on its own.
    """
    try:
        return await _create_all(session, batch)
    except IntegrityError:
        await session.rollback()
        if len(batch) > 1:
            return [(await create_requests(session, [new]))[0] for new in batch]
        existing = await find_active(session, media_key(batch[0].data))
        if existing is None:
            raise
        return [(existing, False)]


@dataclass
class _Known:
    """What creation must know about a batch, read in one round trip."""

    active: dict[str, int] = field(default_factory=dict)  # media key -> active request id
    in_plex: set[int | str] = field(default_factory=set)  # tmdb and imdb ids of films in the Plex mirror
    auto_approve: dict[int, bool] = field(default_factory=dict)  # profile id -> auto-approve


# Typed NULLs: PostgreSQL cannot guess a UNION column's type from untyped ones.
_NO_FLAG = cast_sql(null(), Boolean)
_NO_TEXT = cast_sql(null(), String)

# One UNION of three indexed lookups, each row tagged with what it answers. Built once, with the lists
# bound at execution: building it per batch cost more CPU (0.55 ms) than running it.
_KNOWN: CompoundSelect[str, str | None, int | None, bool] = union_all(
    select(literal("active"), MediaRequest.media_key, MediaRequest.id, _NO_FLAG).where(
        InList(MediaRequest.media_key, "keys"), IS_ACTIVE
    ),
    select(literal("plex"), LibraryItem.imdb_id, LibraryItem.tmdb_id, _NO_FLAG).where(
        LibraryItem.item_type == "movie",
        InList(LibraryItem.tmdb_id, "film_tmdb_ids") | InList(LibraryItem.imdb_id, "film_imdb_ids"),
    ),
    select(literal("profile"), _NO_TEXT, Profile.id, Profile.auto_approve).where(
        InList(Profile.id, "profile_ids")
    ),
)


async def _known(session: AsyncSession, batch: Sequence[NewRequest]) -> _Known:
    films = [new.data for new in batch if new.data.media_type is MediaType.MOVIE]
    lists = {
        "keys": sorted({media_key(new.data) for new in batch}),
        "film_tmdb_ids": sorted({film.tmdb_id for film in films}),
        "film_imdb_ids": sorted({film.imdb_id for film in films if film.imdb_id}),
        "profile_ids": sorted({new.data.requested_by for new in batch if new.data.requested_by}),
    }
    known = _Known()
    for kind, text_value, int_value, flag in await session.execute(_KNOWN, lists):
        if kind == "plex":
            known.in_plex.update(value for value in (text_value, int_value) if value is not None)
        elif kind == "active" and text_value is not None and int_value is not None:
            known.active[text_value] = int_value
        elif kind == "profile" and int_value is not None:
            known.auto_approve[int_value] = bool(flag)
    return known


def _first_state(new: NewRequest, known: _Known) -> tuple[RequestStatus, str, str | None]:
    """The status a new request starts in, the timeline's reason, and the task id to store."""
    data = new.data
    if data.media_type is MediaType.MOVIE and (
        data.tmdb_id in known.in_plex or data.imdb_id in known.in_plex
    ):
        return RequestStatus.AVAILABLE, "Already in the Plex library", None
    if new.hold_reason is not None:
        return RequestStatus.AWAITING_APPROVAL, new.hold_reason, None
    if data.requested_by and known.auto_approve.get(data.requested_by) is False and not new.pre_approved:
        return RequestStatus.AWAITING_APPROVAL, "Waiting for a parent to approve", None
    return RequestStatus.PENDING, "Requested", new.task_id


def _row(
    data: RequestCreate, key: str, state: tuple[RequestStatus, str, str | None], now: datetime
) -> dict[str, Any]:
    status, _reason, task_id = state
    return {
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
        "celery_task_id": task_id,
        "error": None,
        "attempts": 0,
        "next_search_at": None,
        "created_at": now,
        "updated_at": now,
        "completed_at": now if status is RequestStatus.AVAILABLE else None,
    }


async def _create_all(session: AsyncSession, batch: Sequence[NewRequest]) -> list[Created | Exception]:
    known = await _known(session, batch)
    now = utcnow()
    # Each request's outcome, known once the rows are in: (its media key, created by it) or a refusal.
    outcomes: list[tuple[str, bool] | Exception] = []
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for new in batch:
        key = media_key(new.data)
        if key in known.active or any(outcome == (key, True) for outcome in outcomes):
            outcomes.append((key, False))
        elif new.data.requested_by and new.data.requested_by not in known.auto_approve:
            outcomes.append(UnknownProfile(f"profile {new.data.requested_by} does not exist"))
        else:
            state = _first_state(new, known)
            outcomes.append((key, True))
            rows.append(_row(new.data, key, state, now))
            events.append(
                {"from_status": None, "to_status": state[0], "reason": state[1], "actor": new.actor}
            )

    by_key: dict[str, MediaRequest] = {}
    if rows:
        ids = await insert_requests(session, rows, events)
        await session.commit()
        by_key = {
            row["media_key"]: MediaRequest(id=request_id, **row)
            for request_id, row in zip(ids, rows, strict=True)
        }
    wanted = [known.active[o[0]] for o in outcomes if isinstance(o, tuple) and o[0] in known.active]
    if wanted:
        by_key.update(
            (r.media_key, r)
            for r in await session.scalars(select(MediaRequest).where(MediaRequest.id.in_(wanted)))
        )

    return [o if isinstance(o, Exception) else (by_key[o[0]], o[1]) for o in outcomes]


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
