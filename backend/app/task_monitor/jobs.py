"""The parents' jobs page: every periodic job with its schedule, last run and next run; queues; workers.

A job's outcome (state, when it ended, what it did) is read from the result backend by the task id Beat
recorded (app/celery_app/job_runs.py); nothing else keeps a second copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import anyio.to_thread
from celery.result import AsyncResult
from celery.schedules import crontab, maybe_schedule
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.application import QUEUES, beat_schedule, celery_app
from app.celery_app.job_runs import JobRun, latest_runs, record_run
from app.celery_app.publish import new_task_id, publish
from app.db import utcnow
from app.library.sync_settings import EDITABLE_ENTRIES, stored_beat_entries
from app.task_monitor.service import BACKEND_ERRORS, running_by_queue, workers_seen

# What a job's result says about what it did is kept short on the page.
RESULT_CHARS = 500


class UnknownJob(LookupError):
    """No periodic job has that name (or it is switched off in Settings)."""


class BrokerUnavailable(RuntimeError):
    """The task could not be handed to the broker."""


@dataclass(frozen=True)
class LastRun:
    """A job's latest run as the result backend knows it."""

    task_id: str
    sent_at: datetime
    sent_by: str
    state: str | None
    finished_at: datetime | None
    result: Any

    @property
    def duration_s(self) -> float | None:
        """From the moment it was sent to the moment it ended (queue wait included)."""
        if self.finished_at is None:
            return None
        return max(0.0, (self.finished_at - self.sent_at).total_seconds())


@dataclass(frozen=True)
class JobView:
    """One periodic job."""

    name: str
    task: str
    schedule: dict[str, Any]
    last_run: LastRun | None
    next_run_at: datetime


async def job_table(session: AsyncSession) -> dict[str, dict[str, Any]]:
    """Beat's table as Beat runs it: the edited Plex sync schedules swapped in, switched-off ones out."""
    table = beat_schedule()
    stored = await stored_beat_entries(session)
    for name in EDITABLE_ENTRIES:
        if name in stored:
            table[name] = stored[name]
        else:
            table.pop(name, None)
    return table


def describe_schedule(value: Any) -> dict[str, Any]:
    """A schedule as fields the page words itself: every N seconds, or crontab's five fields."""
    schedule = maybe_schedule(value, app=celery_app)
    if isinstance(schedule, crontab):
        return {
            "kind": "crontab",
            "minute": str(schedule._orig_minute),
            "hour": str(schedule._orig_hour),
            "day_of_month": str(schedule._orig_day_of_month),
            "month_of_year": str(schedule._orig_month_of_year),
            "day_of_week": str(schedule._orig_day_of_week),
        }
    return {"kind": "every", "seconds": int(schedule.run_every.total_seconds())}


def next_run_at(value: Any, last_sent: datetime | None, now: datetime) -> datetime:
    """When Beat sends the job next (now, if it is due)."""
    schedule = maybe_schedule(value, app=celery_app)
    remaining: timedelta = schedule.remaining_estimate(last_sent or now)
    return now + max(remaining, timedelta(0))


def _last_run(run: JobRun) -> LastRun:
    state: str | None = None
    finished_at: datetime | None = None
    result: Any = None
    try:
        outcome = AsyncResult(run.task_id, app=celery_app)
        state = str(outcome.state)
        done = outcome.date_done
        finished_at = done if isinstance(done, datetime) else None
        if finished_at is not None and finished_at.tzinfo is None:
            finished_at = finished_at.replace(tzinfo=run.sent_at.tzinfo)
        if state in ("SUCCESS", "FAILURE"):
            result = (
                outcome.result if state == "SUCCESS" else f"{type(outcome.result).__name__}: {outcome.result}"
            )
    except BACKEND_ERRORS:
        state = None
    if not isinstance(result, str | int | float | bool | list | dict | None):
        result = repr(result)
    if isinstance(result, str):
        result = result[:RESULT_CHARS]
    return LastRun(run.task_id, run.sent_at, run.sent_by, state, finished_at, result)


async def jobs_overview(session: AsyncSession) -> list[JobView]:
    """Every periodic job, in Beat's table order."""
    table = await job_table(session)
    runs = await latest_runs(session)
    now = utcnow()
    last = {
        name: await anyio.to_thread.run_sync(_last_run, run) for name, run in runs.items() if name in table
    }
    return [
        JobView(
            name=name,
            task=entry["task"],
            schedule=describe_schedule(entry["schedule"]),
            last_run=last.get(name),
            next_run_at=next_run_at(entry["schedule"], runs[name].sent_at if name in runs else None, now),
        )
        for name, entry in table.items()
    ]


def queue_depths() -> dict[str, int | None]:
    """Messages waiting in each queue (None when the broker could not say). Blocking: call in a thread."""
    depths: dict[str, int | None] = {}
    try:
        with celery_app.connection_for_read() as connection:
            for name in QUEUES:
                # A channel per queue: on AMQP a passive declare of a missing queue closes its channel.
                with connection.channel() as channel:
                    try:
                        depths[name] = int(channel.queue_declare(queue=name, passive=True).message_count)
                    except Exception:  # the queue does not exist yet: nothing ever waited in it
                        depths[name] = 0
    except BACKEND_ERRORS:
        return {name: None for name in QUEUES}
    return depths


@dataclass(frozen=True)
class Machinery:
    """Per queue, the tasks waiting in the broker and those the workers run; the workers that answered."""

    queues: list[dict[str, Any]]
    workers: list[str]


async def machinery(session: AsyncSession) -> Machinery:
    """The broker's queue depths and the workers' answer, asked at the same time (each may take a second);
    the workers are those that answer and those whose heartbeat is recent (the embedded broker's too)."""
    found: dict[str, Any] = {}

    async def depths() -> None:
        found["depths"] = await anyio.to_thread.run_sync(queue_depths)

    async def workers() -> None:
        found["workers"] = await anyio.to_thread.run_sync(running_by_queue)

    async with anyio.create_task_group() as group:
        group.start_soon(depths)
        group.start_soon(workers)
    answered, running = found["workers"]
    names = sorted(set(answered) | set(await workers_seen(session)))
    queues = [
        {"name": name, "waiting": found["depths"].get(name), "running": running.get(name, 0)}
        for name in QUEUES
    ]
    return Machinery(queues, names)


async def run_now(session: AsyncSession, *, name: str, actor: str) -> str:
    """Send the job's task now (as Beat would, with the same arguments and expiry); its task id."""
    entry = (await job_table(session)).get(name)
    if entry is None:
        raise UnknownJob(f"there is no periodic job named {name!r}")
    task_id = new_task_id()
    options = entry.get("options", {})
    sent = await publish(
        entry["task"],
        *entry.get("args", ()),
        task_id=task_id,
        kwargs=entry.get("kwargs"),
        expires=options.get("expires"),
    )
    if not sent:
        raise BrokerUnavailable("the task broker did not take the job; try again in a moment")
    await record_run(session, job=name, task_id=task_id, sent_by=actor)
    return task_id
