"""The sync task run by a real Celery worker process, through the real Redis broker."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery.result import AsyncResult
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.application import celery_app
from app.celery_app.task_names import SYNC_PLEX_LIBRARY as SYNC_TASK
from app.db import utcnow
from app.library.models import LibraryItem, SyncRun
from tests import factories
from tests.processes import celery_argv, free_port, running
from tests.support.plex_sim import PlexSim

pytestmark = pytest.mark.integration


async def test_a_worker_on_the_plex_sync_queue_mirrors_the_library_and_forgets_old_runs(
    db: AsyncSession, broker: redis.Redis, plex_configured: PlexSim, tmp_path: Path
) -> None:
    long_ago = utcnow() - timedelta(days=40)
    await factories.sync_run(db, started_at=long_ago)
    argv = celery_argv("worker", "-Q", "plex_sync", "--pool=solo", "--loglevel=info", "--without-mingle",
                       "--without-gossip", "-n", f"plex-sync-{free_port()}@%h")  # fmt: skip
    with running(argv, log=tmp_path / "worker.log"):
        full = celery_app.send_task(SYNC_TASK, kwargs={"full_sync": True})
        summary = AsyncResult(full.id, app=celery_app).get(timeout=90)
        incremental = celery_app.send_task(SYNC_TASK, kwargs={"full_sync": False})
        second = AsyncResult(incremental.id, app=celery_app).get(timeout=60)
        cleanup = celery_app.send_task("app.workers.plex_sync_worker.cleanup_old_sync_data")
        cleaned = AsyncResult(cleanup.id, app=celery_app).get(timeout=60)

    assert (summary["kind"], summary["status"], summary["added"], summary["removed"]) == (
        "full",
        "success",
        174,
        0,
    )
    assert (second["kind"], second["status"], second["added"]) == ("incremental", "success", 0)
    assert cleaned == {"deleted": 1}
    assert await db.scalar(select(func.count()).select_from(LibraryItem)) == 174
    runs = list(await db.scalars(select(SyncRun).order_by(SyncRun.id)))
    assert [(run.kind, run.status) for run in runs] == [("full", "success"), ("incremental", "success")]
    assert runs[0].details is not None and runs[0].details["task_id"] == full.id
