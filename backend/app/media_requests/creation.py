"""The one way to create a request: `create_request` writes it; `submit_request` is the whole of a POST.

`create_request` is what the API, the CLI and the tests call. A request for media already being worked on
returns that request instead (the partial unique index settles a race between two processes), a film
already in the Plex mirror is answered AVAILABLE at once, so is a show following everything whose asked
part the mirror has (followed: the daily pass fetches what airs next), and a profile that is not
auto-approved waits for a parent. The checks are one UNION query and, on PostgreSQL, the row and its first
timeline event go in one statement (insertion.py): two round trips for a request (decision 0005 keeps both
for their figures; a show following everything adds the mirror's few queries for its episodes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CompoundSelect, String, literal, null, select, union_all
from sqlalchemy import cast as cast_sql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.publish import new_task_id
from app.db import InList, autocommit_session, get_engine, get_sessionmaker, utcnow
from app.library.models import LibraryItem
from app.media_requests.announcements import announce_move
from app.media_requests.followed_shows import NEVER, AlreadyHad, already_had
from app.media_requests.insertion import insert_requests
from app.media_requests.models import IS_ACTIVE, MediaRequest
from app.media_requests.quality_choice import checked_quality_choice
from app.media_requests.schemas import RequestCreate
from app.media_requests.service import find_active, media_key, queue_processing
from app.media_requests.states import MediaType, RequestStatus
from app.media_requests.timeline_words import ALREADY_IN_PLEX, REQUESTED, said
from app.profiles import policy
from app.profiles.models import Profile


class UnknownProfile(ValueError):
    """`requested_by` names no profile."""


@dataclass(frozen=True)
class NewRequest:
    """One request to create."""

    data: RequestCreate
    task_id: str
    actor: str = "kiosk"
    # Why it waits for a parent (the profile's rules, policy.judge); None to follow its auto-approve setting.
    hold: policy.Hold | None = None
    pre_approved: bool = False


# The request, and True when this call created it (False: the active request for the same media).
Created = tuple[MediaRequest, bool]


@dataclass
class _Known:
    """What creation must know, read in one round trip."""

    active: dict[str, int] = field(default_factory=dict)  # media key -> active request id
    in_plex: set[int | str] = field(default_factory=set)  # tmdb and imdb ids of films in the Plex mirror
    auto_approve: dict[int, bool] = field(default_factory=dict)  # profile id -> auto-approve


# Typed NULLs: PostgreSQL cannot guess a UNION column's type from untyped ones.
_NO_FLAG = cast_sql(null(), Boolean)
_NO_TEXT = cast_sql(null(), String)

# One UNION of three indexed lookups, each row tagged with what it answers. Built once, with the lists
# bound at execution: building it per call cost more CPU (0.55 ms) than running it.
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


async def _known(session: AsyncSession, data: RequestCreate) -> _Known:
    film = data.media_type is MediaType.MOVIE
    lists = {
        "keys": [media_key(data)],
        "film_tmdb_ids": [data.tmdb_id] if film else [],
        "film_imdb_ids": [data.imdb_id] if film and data.imdb_id else [],
        "profile_ids": [data.requested_by] if data.requested_by else [],
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


def _first_state(
    new: NewRequest, known: _Known, had: AlreadyHad | None
) -> tuple[RequestStatus, str, dict[str, Any], str | None]:
    """The status a new request starts in, the timeline's reason and details (its code, for the kiosk's
    words), and the task id to store."""
    data = new.data
    # A copy in another quality (4K) is asked for on purpose, whatever copy Plex has.
    if (
        data.media_type is MediaType.MOVIE
        and not data.quality_profile
        and (data.tmdb_id in known.in_plex or data.imdb_id in known.in_plex)
    ):
        return RequestStatus.AVAILABLE, "Already in the Plex library", said(ALREADY_IN_PLEX), None
    if had is not None:
        follows = "" if had.ended else "; each new episode will come as it airs"
        in_plex = said(ALREADY_IN_PLEX, followed=not had.ended)
        return RequestStatus.AVAILABLE, f"Already in the Plex library{follows}", in_plex, None
    if new.hold is not None:
        return RequestStatus.AWAITING_APPROVAL, new.hold.reason, new.hold.details(), None
    if data.requested_by and known.auto_approve.get(data.requested_by) is False and not new.pre_approved:
        hold = policy.PARENT_APPROVES
        return RequestStatus.AWAITING_APPROVAL, hold.reason, hold.details(), None
    return RequestStatus.PENDING, "Requested", said(REQUESTED), new.task_id


def _row(
    data: RequestCreate,
    key: str,
    status: RequestStatus,
    task_id: str | None,
    now: datetime,
    had: AlreadyHad | None = None,
) -> dict[str, Any]:
    return {
        "media_type": data.media_type,
        "tmdb_id": data.tmdb_id,
        "imdb_id": data.imdb_id,
        "tvdb_id": data.tvdb_id,
        "title": data.title,
        "year": data.year,
        "requested_seasons": data.seasons,
        "requested_episodes": data.episodes,
        "quality_profile": data.quality_profile,
        "follow": data.follow,
        # A show Plex has all of is followed from the start; the next daily pass reads when it airs next.
        "followed": had is not None and not had.ended,
        "episodes_seen": had.episodes_seen if had is not None else None,
        "episodes_wanted": None,
        "media_key": key,
        "status": status,
        "requested_by": data.requested_by,
        "celery_task_id": task_id,
        "error": None,
        "attempts": 0,
        "next_search_at": NEVER if had is not None and had.ended else None,
        "created_at": now,
        "updated_at": now,
        "completed_at": now if status is RequestStatus.AVAILABLE else None,
    }


def _follows_a_show_for_later(data: RequestCreate) -> bool:
    """A show asked with everything that airs, in the usual quality: what Plex has is not fetched again."""
    return data.media_type is MediaType.TV and data.follow == "everything" and not data.quality_profile


async def create_request(session: AsyncSession, new: NewRequest) -> Created:
    """Save `new` (committed) or return the active request for the same media; True when created.

    `new.task_id` is the id its processing task will be published under once this commit is done.
    An unknown profile raises UnknownProfile. A `hold` makes it wait for approval; `pre_approved`
    (a parent decided) skips the profile's auto-approve setting, which otherwise decides.
    """
    key = media_key(new.data)
    known = await _known(session, new.data)
    if key in known.active:
        existing = await session.get(MediaRequest, known.active[key])
        assert existing is not None  # requests are deleted only once long settled
        return existing, False
    if new.data.requested_by and new.data.requested_by not in known.auto_approve:
        raise UnknownProfile(f"profile {new.data.requested_by} does not exist")
    had = await already_had(session, new.data) if _follows_a_show_for_later(new.data) else None
    status, reason, details, task_id = _first_state(new, known, had)
    row = _row(new.data, key, status, task_id, utcnow(), had)
    event = {
        "from_status": None,
        "to_status": status,
        "reason": reason,
        "actor": new.actor,
        "details": details,
    }
    try:
        [request_id] = await insert_requests(session, [row], [event])
        await session.commit()
    except IntegrityError:
        # Another process committed the same media between the check and the insert.
        await session.rollback()
        existing = await find_active(session, key)
        if existing is None:
            raise
        return existing, False
    return MediaRequest(id=request_id, **row), True


def write_session() -> AsyncSession:
    """The session a POST writes in: autocommit on PostgreSQL, a transaction on SQLite."""
    # On PostgreSQL the row and its event go in one statement, so the write needs no transaction around
    # it: BEGIN and COMMIT would double its round trips (decision 0005).
    if get_engine().dialect.name == "postgresql":
        return autocommit_session()
    return get_sessionmaker()()


async def submit_request(
    data: RequestCreate, *, actor: str, judged: Profile | None, timezone: str
) -> Created:
    """A POST /requests: the profile's limits (`judged`; None for a parent), the write, then its task.

    policy.RequestRefused when the profile's quota or rating limit says no, or it may not choose the
    quality profile (quality_choice.py; UnknownQualityProfile for a name no profile has). The request's
    processing is published after the commit; a broker that is away leaves it to the reconciler.
    """
    hold: policy.Hold | None = None
    async with write_session() as session:
        data = await checked_quality_choice(session, data, judged)
        if judged is not None:
            if policy.has_limits(judged):
                # The same media already asked for is that request, whatever the profile's limits say.
                existing = await find_active(session, media_key(data))
                if existing is not None:
                    return existing, False
            verdict = await policy.judge(
                session, judged, data, facts=policy.TmdbTitleFacts(session), now=utcnow(), tz=timezone
            )
            if verdict.seasons != data.seasons:
                data = data.model_copy(update={"seasons": verdict.seasons})
            hold = verdict.hold
        task_id = new_task_id()
        request, created = await create_request(
            session, NewRequest(data, task_id, actor, hold, pre_approved=True)
        )
        if created:
            # One message a POST (a third of its CPU went to publishing two, decision 0006): a request
            # that is searched at once has its "requested" told by that search's first look
            # (processing.py), one that waits for a parent has nothing to search yet.
            if request.celery_task_id == task_id:
                await queue_processing(session, request)
            else:
                await announce_move(request.id, None, request.status)
    return request, created
