"""Queue `requests`: search, select and hand a release to qBittorrent; later, import the download."""

from __future__ import annotations

from typing import Any

from app.celery_app import task_names
from app.celery_app.application import celery_app
from app.db import get_sessionmaker
from app.locks.service import acquire_lease, release_lease
from app.media_requests.availability import NotYetInPlex, confirm_available
from app.media_requests.completion import complete_request
from app.media_requests.followed_shows import follow_shows
from app.media_requests.processing import process_request
from app.media_requests.upgrades import look_for_better_copies
from app.settings.errors import NotConfigured
from app.workers.liveness import step_lease
from app.workers.retry import RequestStep, RetriesTransient
from app.workers.runtime import run

# Plex usually lists a scanned film within seconds; a big season can take a few minutes.
CONFIRM_EVERY_S = 20
CONFIRM_ATTEMPTS = 15
UPGRADE_LEASE = "upgrade-copies"
# Longer than a pass of BATCH searches takes; a dead worker's lease lapses before the next day's run.
UPGRADE_LEASE_S = 3600
FOLLOW_LEASE = "follow-shows"


def _busy(request_id: int) -> dict[str, Any]:
    # A stale copy of a message (delivered again after its step was queued anew): the live one goes on.
    return {"request_id": request_id, "status": "unchanged", "detail": "another worker is on this step"}


async def _process(request_id: int, task_id: str | None) -> dict[str, Any]:
    async with (
        get_sessionmaker()() as session,
        step_lease(
            session, request_id=request_id, task_id=task_id, task_name=task_names.PROCESS_REQUEST
        ) as held,
    ):
        if not held:
            return _busy(request_id)
        return (await process_request(session, request_id=request_id, task_id=task_id)).as_dict()


async def _complete(request_id: int, task_id: str | None) -> dict[str, Any]:
    async with (
        get_sessionmaker()() as session,
        step_lease(
            session, request_id=request_id, task_id=task_id, task_name=task_names.COMPLETE_REQUEST
        ) as held,
    ):
        if not held:
            return _busy(request_id)
        return (await complete_request(session, request_id=request_id, task_id=task_id)).as_dict()


async def _upgrade(owner: str) -> dict[str, Any]:
    async with get_sessionmaker()() as session:
        # One pass at a time: a pass run by hand from the jobs page must not meet Beat's.
        if not await acquire_lease(session, name=UPGRADE_LEASE, owner=owner, ttl_seconds=UPGRADE_LEASE_S):
            return {"skipped": "another pass is running"}
        try:
            return (await look_for_better_copies(session)).as_dict()
        finally:
            await release_lease(session, name=UPGRADE_LEASE, owner=owner)


async def _follow(owner: str) -> dict[str, Any]:
    async with get_sessionmaker()() as session:
        # One pass at a time, as for better copies: two would start the same show's search twice.
        if not await acquire_lease(session, name=FOLLOW_LEASE, owner=owner, ttl_seconds=UPGRADE_LEASE_S):
            return {"skipped": "another pass is running"}
        try:
            return (await follow_shows(session)).as_dict()
        finally:
            await release_lease(session, name=FOLLOW_LEASE, owner=owner)


async def _confirm(request_id: int) -> str:
    async with get_sessionmaker()() as session:
        return await confirm_available(session, request_id=request_id)


@celery_app.task(name=task_names.PROCESS_REQUEST, bind=True, base=RequestStep)
def process_request_task(self: RequestStep, request_id: int) -> dict[str, Any]:
    """Search the indexers for a request and start its download."""
    return run(_process(request_id, self.request.id))


@celery_app.task(name=task_names.COMPLETE_REQUEST, bind=True, base=RequestStep)
def complete_request_task(self: RequestStep, request_id: int) -> dict[str, Any]:
    """Import a finished download into the Plex library, ask Plex to scan it, then to confirm it."""
    return run(_complete(request_id, self.request.id))


@celery_app.task(
    name=task_names.CONFIRM_AVAILABLE,
    bind=True,
    base=RetriesTransient,
    acks_late=True,
    autoretry_for=(NotYetInPlex,),
    transient_backoff=(CONFIRM_EVERY_S,),
    max_retries=CONFIRM_ATTEMPTS,
    default_retry_delay=CONFIRM_EVERY_S,
)
def confirm_available_task(self: Any, request_id: int) -> dict[str, Any]:
    """Mark an imported request AVAILABLE as soon as Plex lists it (asked every 20 s for 5 minutes).

    Should Plex take longer, the request stays COMPLETED until the hourly library sync finds it.
    """
    try:
        return {"request_id": request_id, "status": run(_confirm(request_id))}
    except NotConfigured as exc:
        return {"request_id": request_id, "status": "COMPLETED", "detail": str(exc)}


@celery_app.task(name=task_names.UPGRADE_COPIES, bind=True)
def upgrade_copies_task(self: Any) -> dict[str, Any]:
    """Daily: look for better copies of films below their quality profile's cutoff (a bounded batch)."""
    return run(_upgrade(self.request.id or "upgrade-copies"))


@celery_app.task(name=task_names.FOLLOW_SHOWS, bind=True)
def follow_shows_task(self: Any) -> dict[str, Any]:
    """Daily: search the new episodes of followed shows that have aired (a bounded batch)."""
    return run(_follow(self.request.id or "follow-shows"))
