"""The parents' jobs page (issue 17 item 6): every Beat entry with its schedule, last run and next run,
'run now', the queues' depths; on PostgreSQL, the real Redis broker and result backend, and a real Beat
scheduler object sending an entry."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.application import beat_schedule, celery_app
from app.celery_app.beat import LockedScheduler
from app.celery_app.job_runs import JobRun
from app.celery_app.task_names import MONITOR_DOWNLOADS
from app.db import utcnow
from app.profiles.models import Role
from tests import factories
from tests.support.auth import app_client
from tests.support.broker_queue import queued

pytestmark = pytest.mark.integration


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def test_every_beat_entry_is_listed_with_its_schedule_and_next_run(
    client: httpx.AsyncClient, broker: redis.Redis
) -> None:
    before = utcnow()
    page = (await client.get("/api/v1/jobs")).json()

    jobs = {job["name"]: job for job in page["jobs"]}
    assert set(jobs) == set(beat_schedule())
    monitor = jobs["monitor-downloads"]
    assert monitor["schedule"] == {"kind": "every", "seconds": 300} and monitor["last_run"] is None
    assert before < _at(monitor["next_run_at"]) <= before + timedelta(seconds=301)
    full = jobs["plex-sync-daily-full"]
    assert (full["schedule"]["kind"], full["schedule"]["minute"], full["schedule"]["hour"]) == (
        "crontab",
        "0",
        "3",
    )
    # 03:00 in Paris, within the next day.
    assert before < _at(full["next_run_at"]) <= before + timedelta(days=1)
    assert [queue["name"] for queue in page["queues"]] == [
        "requests", "downloads", "plex_sync", "cleanup", "default", "priority"
    ]  # fmt: skip
    assert all(queue["waiting"] == 0 for queue in page["queues"])


async def test_run_now_sends_the_job_and_the_page_shows_its_outcome_from_the_result_backend(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    response = await client.post("/api/v1/jobs/monitor-downloads/run")

    assert response.status_code == 202
    task_id = response.json()["task_id"]
    assert [(m.task, m.id) for m in queued(broker, "downloads")] == [(MONITOR_DOWNLOADS, task_id)]
    page = (await client.get("/api/v1/jobs")).json()
    waiting = {queue["name"]: queue["waiting"] for queue in page["queues"]}
    assert waiting["downloads"] == 1 and waiting["requests"] == 0
    last = {job["name"]: job for job in page["jobs"]}["monitor-downloads"]["last_run"]
    assert (last["task_id"], last["sent_by"], last["state"]) == (task_id, "a script (API key)", "PENDING")

    # What a worker leaves in the result backend when the pass is done.
    await asyncio.to_thread(celery_app.backend.store_result, task_id, {"watched": 3, "removed": 1}, "SUCCESS")
    last = {job["name"]: job for job in (await client.get("/api/v1/jobs")).json()["jobs"]}[
        "monitor-downloads"
    ]["last_run"]
    assert last["state"] == "SUCCESS" and last["result"] == {"watched": 3, "removed": 1}
    assert last["duration_s"] is not None and last["duration_s"] >= 0


async def test_unknown_jobs_and_children_are_refused(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    assert (await client.post("/api/v1/jobs/make-coffee/run")).status_code == 404
    child = await factories.profile(db, "Léa", Role.CHILD)
    async with app_client(profile=child) as as_child:
        assert (await as_child.get("/api/v1/jobs")).status_code == 403
        assert (await as_child.post("/api/v1/jobs/monitor-downloads/run")).status_code == 403
    assert [(m.task, m.id) for m in queued(broker, "downloads")] == []


async def test_what_beat_sends_is_recorded_as_the_jobs_latest_run(
    db: AsyncSession, broker: redis.Redis, tmp_path: Path
) -> None:
    scheduler = LockedScheduler(app=celery_app, lazy=True, schedule_filename=str(tmp_path / "beat-schedule"))
    await asyncio.to_thread(scheduler.setup_schedule)
    try:
        await asyncio.to_thread(scheduler.apply_entry, scheduler.schedule["monitor-downloads"])
    finally:
        await asyncio.to_thread(scheduler.close)

    [(task, task_id)] = [(m.task, m.id) for m in queued(broker, "downloads")]
    runs = list(await db.scalars(select(JobRun)))
    assert [(run.job, run.task_id, run.sent_by) for run in runs] == [("monitor-downloads", task_id, "beat")]
    assert task == MONITOR_DOWNLOADS
