"""Queue `plex_sync`: mirror the Plex library (hourly incremental, nightly full) and forget old sync runs."""

from __future__ import annotations

from typing import Any

from celery import Task

from app.catalog import recent_posters
from app.celery_app import task_names
from app.celery_app.application import celery_app
from app.db import get_sessionmaker
from app.library.models import SyncRun
from app.library.service import delete_old_sync_runs, optional_tmdb
from app.media_requests.availability import sync_plex
from app.workers.retry import MAX_RETRIES, backoff_seconds
from app.workers.runtime import run


def _summary(sync_run: SyncRun) -> dict[str, Any]:
    details = sync_run.details or {}
    return {
        "sync_run_id": sync_run.id,
        "kind": sync_run.kind,
        "status": sync_run.status,
        "added": sync_run.added,
        "updated": sync_run.updated,
        "removed": sync_run.removed,
        "seconds": details.get("seconds"),
        "error": sync_run.error,
        "retryable": bool(details.get("retryable")),
    }


async def _sync(full_sync: bool, task_id: str | None) -> dict[str, Any]:
    async with get_sessionmaker()() as session:
        summary = _summary(await sync_plex(session, full=full_sync, task_id=task_id))
        summary["posters_kept"] = await recent_posters.after_sync(session, await optional_tmdb(session))
        return summary


async def _cleanup() -> int:
    async with get_sessionmaker()() as session:
        return await delete_old_sync_runs(session)


@celery_app.task(
    name=task_names.SYNC_PLEX_LIBRARY,
    bind=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
)
def sync_plex_library_task(self: Task, full_sync: bool = False) -> dict[str, Any]:
    """Mirror the Plex library: everything (full) or what changed since the last sync (incremental).

    A full sync that met a Plex outage is tried again after 5, 10 and 20 minutes; an incremental one simply
    waits for the next hour.
    """
    summary = run(_sync(full_sync, self.request.id))
    if full_sync and summary["retryable"] and self.request.retries < MAX_RETRIES:
        raise self.retry(countdown=backoff_seconds(self.request.retries))
    return summary


@celery_app.task(name=task_names.CLEANUP_OLD_SYNC_DATA)
def cleanup_old_sync_data() -> dict[str, int]:
    """Forget sync runs older than 30 days."""
    return {"deleted": run(_cleanup())}
