"""Re-queue requests whose Celery message was lost, so a broker hiccup delays work but never loses it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.config import get_settings
from app.db import utcnow
from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus
from app.media_requests.step_leases import has_lease
from app.settings.pipeline import pipeline_settings

# A queued task that has not started within QUEUED_TASK_GRACE_S (10 minutes) is presumed lost: the normal
# queue wait is seconds, a busy worker may take a few minutes. SEARCHING and IMPORTING requests with no
# running step wait for a queued or retried task; WAITING_STEP_GRACE_S (30 minutes) is longer than the
# 20-minute retry backoff. A running step holds a lease instead (decision 0008): if its worker dies, the
# recovery in recovery.py queues it again within a minute, so these graces only cover lost messages.
BATCH = 200


@dataclass(frozen=True)
class Stuck:
    """A request to enqueue again, and why."""

    request_id: int
    reason: str
    task: str = task_names.PROCESS_REQUEST


async def find_stuck(session: AsyncSession, *, now_delta: timedelta = timedelta(0)) -> list[Stuck]:
    """Requests that need a new processing task: never queued, lost in the broker, or due for a re-search."""
    now = utcnow() + now_delta
    queued_since = now - timedelta(seconds=get_settings().queued_grace_s)
    waiting_since = now - timedelta(seconds=get_settings().waiting_step_grace_s)
    window = (await pipeline_settings(session)).research_window
    pending = await session.scalars(
        select(MediaRequest.id)
        .where(
            or_(
                (MediaRequest.status == RequestStatus.PENDING)
                & (MediaRequest.celery_task_id.is_(None) | (MediaRequest.updated_at < queued_since)),
                (MediaRequest.status == RequestStatus.SEARCHING)
                & (MediaRequest.celery_task_id.is_(None) | (MediaRequest.updated_at < waiting_since)),
            ),
            ~has_lease(),
        )
        .order_by(MediaRequest.id)
        .limit(BATCH)
    )
    stuck = [Stuck(request_id, "queued again: its task never ran") for request_id in pending]
    due = await session.scalars(
        select(MediaRequest.id)
        .where(
            MediaRequest.status == RequestStatus.NOT_FOUND,
            MediaRequest.next_search_at <= now,
            ~_window_over(now - window),
        )
        .order_by(MediaRequest.id)
        .limit(BATCH)
    )
    stuck.extend(Stuck(request_id, "searching again on schedule") for request_id in due)
    # A film waiting for its release: out now, or time to read its dates again.
    released = await session.scalars(
        select(MediaRequest.id)
        .where(MediaRequest.status == RequestStatus.AWAITING_RELEASE, MediaRequest.next_search_at <= now)
        .order_by(MediaRequest.id)
        .limit(BATCH)
    )
    stuck.extend(Stuck(request_id, "release date reached or to check again") for request_id in released)
    importing = await session.scalars(
        select(MediaRequest.id)
        .where(
            MediaRequest.status == RequestStatus.IMPORTING,
            MediaRequest.celery_task_id.is_(None) | (MediaRequest.updated_at < waiting_since),
            ~has_lease(),
        )
        .order_by(MediaRequest.id)
        .limit(BATCH)
    )
    stuck.extend(
        Stuck(request_id, "import queued again", task_names.COMPLETE_REQUEST) for request_id in importing
    )
    # Imported, but Plex never listed it (down when asked to scan, or it missed the scan): its import step,
    # run on a COMPLETED request, asks Plex to scan the folders again and to confirm. Each time this queues
    # the task, the request's updated_at moves, so it is asked again only after the grace.
    unseen = await session.scalars(
        select(MediaRequest.id)
        .where(MediaRequest.status == RequestStatus.COMPLETED, MediaRequest.updated_at < waiting_since)
        .order_by(MediaRequest.id)
        .limit(BATCH)
    )
    stuck.extend(
        Stuck(request_id, "asking Plex to scan again", task_names.COMPLETE_REQUEST) for request_id in unseen
    )
    return stuck


async def find_expired_searches(session: AsyncSession, *, now_delta: timedelta = timedelta(0)) -> list[int]:
    """NOT_FOUND requests past the re-search window: they end FAILED, so they stop blocking a new request."""
    window = (await pipeline_settings(session)).research_window
    rows = await session.scalars(
        select(MediaRequest.id)
        .where(
            MediaRequest.status == RequestStatus.NOT_FOUND,
            _window_over(utcnow() + now_delta - window),
            # A followed show's new episodes not found yet: the show is in Plex, the Plex sync settles it
            # again and tomorrow's pass looks again; failing it would end the following.
            MediaRequest.episodes_wanted.is_(None),
        )
        .order_by(MediaRequest.id)
        .limit(BATCH)
    )
    return list(rows)


def _window_over(window_start: datetime) -> ColumnElement[bool]:
    """True for a request whose re-search window began before `window_start`: it counts from the request,
    or for a film not out when asked, from its release date (whichever is later)."""
    return (MediaRequest.created_at < window_start) & (
        MediaRequest.release_date.is_(None) | (MediaRequest.release_date < _local_day(window_start))
    )


def _local_day(moment: datetime) -> date:
    """The household's calendar day at `moment` (release dates are days in its time zone)."""
    return moment.astimezone(ZoneInfo(get_settings().timezone)).date()
