"""Rows for tests: one factory per model a test writes itself, defaults overridden by keyword.

Each factory adds its row to the session and commits (the app's own sessions, an API process or a worker,
see only committed rows), then returns it.
Rows that the code under test writes (releases, downloads, settings through `put_setting`, cached TMDB
answers, leases, PIN failures) have no factory: a test gets them by running that code.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from itertools import count
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.library.models import LibraryItem, SyncRun
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.schemas import RequestCreate
from app.media_requests.service import media_key
from app.media_requests.states import MediaType, RequestStatus
from app.profiles import api_keys
from app.profiles.models import Profile, Role, SecretKind
from app.profiles.pins import hash_secret

ADMIN_PIN = "2468"

_rating_keys = count(900_001)  # above the Plex simulator's keys and the ones tests choose


@cache
def pin_hash(pin: str) -> str:
    """The argon2 hash of `pin`, computed once per run (argon2 is slow on purpose)."""
    return hash_secret(pin)


async def profile(
    db: AsyncSession, name: str, role: Role = Role.MEMBER, *, pin: str | None = None, **fields: Any
) -> Profile:
    """A family member; admins get ADMIN_PIN unless given a PIN, children wait for approval."""
    if role is Role.ADMIN and pin is None:
        pin = ADMIN_PIN
    fields.setdefault("auto_approve", role is not Role.CHILD)
    row = Profile(
        name=name,
        role=role,
        pin_hash=pin_hash(pin) if pin else None,
        secret_kind=SecretKind.PIN if pin else None,
        session_epoch=0,
        **fields,
    )
    db.add(row)
    await db.commit()
    return row


async def api_key(db: AsyncSession) -> str:
    """A script's API key (the previous one revoked); only its hash is stored, so the key is returned."""
    key, _ = await api_keys.rotate(db)
    await db.commit()
    return key


async def media_request(
    db: AsyncSession,
    *,
    media_type: MediaType | str = MediaType.MOVIE,
    tmdb_id: int = 603,
    title: str = "The Matrix",
    year: int | None = None,
    imdb_id: str | None = None,
    tvdb_id: int | None = None,
    seasons: list[int] | None = None,
    episodes: dict[str, list[int]] | None = None,
    status: RequestStatus = RequestStatus.PENDING,
    requested_by: Profile | int | None = None,
    actor: str = "kiosk",
    **fields: Any,
) -> MediaRequest:
    """A request in `status`, with its first timeline event as creation writes it.

    The media is named as in a POST (checked and keyed as the API does); `fields` are other columns
    (celery_task_id, error, created_at…). A COMPLETED or AVAILABLE request has its completed_at.
    The row comes back detached, as creation returns it: the test's next read of the request loads what
    the code under test (a worker, the API) wrote since, not this copy.
    """
    what = RequestCreate(
        media_type=MediaType(media_type),
        tmdb_id=tmdb_id,
        title=title,
        year=year,
        imdb_id=imdb_id,
        tvdb_id=tvdb_id,
        seasons=seasons,
        episodes=episodes,
    )
    fields.setdefault("created_at", utcnow())
    fields.setdefault("updated_at", fields["created_at"])
    if status in (RequestStatus.COMPLETED, RequestStatus.AVAILABLE):
        fields.setdefault("completed_at", fields["updated_at"])
    row = MediaRequest(
        media_type=what.media_type,
        tmdb_id=what.tmdb_id,
        title=what.title,
        year=what.year,
        imdb_id=what.imdb_id,
        tvdb_id=what.tvdb_id,
        requested_seasons=what.seasons,
        requested_episodes=what.episodes,
        media_key=media_key(what),
        status=status,
        requested_by=requested_by.id if isinstance(requested_by, Profile) else requested_by,
        **fields,
    )
    db.add(row)
    await db.flush()
    await request_event(db, row, to_status=status, reason="Requested", actor=actor, created_at=row.created_at)
    db.expunge(row)
    return row


async def request_event(
    db: AsyncSession,
    request: MediaRequest,
    *,
    to_status: RequestStatus,
    from_status: RequestStatus | None = None,
    reason: str = "Requested",
    actor: str = "system",
    **fields: Any,
) -> RequestEvent:
    """A line of `request`'s timeline (the request's row is left as it is)."""
    row = RequestEvent(
        request_id=request.id,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        actor=actor,
        **fields,
    )
    db.add(row)
    await db.commit()
    return row


async def request_left_as(db: AsyncSession, request: MediaRequest | int, **values: Any) -> None:
    """Put a request where time, a lost message or a crash would have left it: its columns, no event."""
    request_id = request.id if isinstance(request, MediaRequest) else request
    await db.execute(update(MediaRequest).where(MediaRequest.id == request_id).values(**values))
    await db.commit()


async def library_item(
    db: AsyncSession,
    rating_key: str | None = None,
    title: str = "The Matrix",
    *,
    item_type: str = "movie",
    section_key: str | None = None,
    added_at: datetime | None = None,
    **fields: Any,
) -> LibraryItem:
    """A film, show, season or episode in the Plex mirror; films in section 1, the rest in section 2."""
    row = LibraryItem(
        rating_key=rating_key or str(next(_rating_keys)),
        section_key=section_key or ("1" if item_type == "movie" else "2"),
        item_type=item_type,
        title=title,
        added_at=added_at,
        **fields,
    )
    db.add(row)
    await db.commit()
    return row


async def sync_run(
    db: AsyncSession,
    *,
    kind: str = "full",
    status: str = "success",
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
    **fields: Any,
) -> SyncRun:
    """A pass of the Plex sync; one that is not running finished when it started unless told otherwise."""
    started_at = started_at or utcnow()
    if finished_at is None and status != "running":
        finished_at = started_at
    row = SyncRun(kind=kind, status=status, started_at=started_at, finished_at=finished_at, **fields)
    db.add(row)
    await db.commit()
    return row
