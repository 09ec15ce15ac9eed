"""/api/v1/jobs: the periodic jobs (schedule, last and next run, run now), the queues, the workers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from app.api.access import AdminOnly
from app.api.deps import SessionDep
from app.config import get_settings
from app.input_types import Text
from app.task_monitor import jobs

router = APIRouter(prefix="/jobs", tags=["tasks"])


class LastRunOut(BaseModel):
    """A job's latest run."""

    task_id: str
    sent_at: datetime
    sent_by: str = Field(description="beat, or the parent who pressed 'run now'")
    state: str | None = Field(description="PENDING, STARTED, SUCCESS, FAILURE…; none when unreadable")
    finished_at: datetime | None
    duration_s: float | None
    result: Any = Field(description="what the job said it did (its task's result)")


class JobOut(BaseModel):
    """One periodic job."""

    name: str
    task: str
    schedule: dict[str, Any] = Field(description='{"kind": "every", "seconds"} or crontab\'s five fields')
    last_run: LastRunOut | None
    next_run_at: datetime


class QueueOut(BaseModel):
    """One queue: tasks waiting in the broker, tasks the workers run."""

    name: str
    waiting: int | None
    running: int


class JobsPage(BaseModel):
    """Everything the jobs page shows."""

    jobs: list[JobOut]
    queues: list[QueueOut]
    workers: list[str]
    flower_url: str | None


class RunNowOut(BaseModel):
    """The task a 'run now' sent."""

    job: str
    task_id: str


@router.get("", response_model=JobsPage)
async def list_jobs(session: SessionDep, viewer: AdminOnly) -> JobsPage:
    """Every periodic job with its schedule, last run (outcome, duration, what it did) and next run."""
    views = await jobs.jobs_overview(session)
    seen = await jobs.machinery(session)
    return JobsPage(
        jobs=[
            JobOut(
                name=view.name,
                task=view.task,
                schedule=view.schedule,
                last_run=None
                if view.last_run is None
                else LastRunOut(
                    task_id=view.last_run.task_id,
                    sent_at=view.last_run.sent_at,
                    sent_by=view.last_run.sent_by,
                    state=view.last_run.state,
                    finished_at=view.last_run.finished_at,
                    duration_s=view.last_run.duration_s,
                    result=view.last_run.result,
                ),
                next_run_at=view.next_run_at,
            )
            for view in views
        ],
        queues=[QueueOut(**queue) for queue in seen.queues],
        workers=seen.workers,
        flower_url=get_settings().flower_url,
    )


@router.post(
    "/{name}/run",
    response_model=RunNowOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"description": "No such job"}, 503: {"description": "The broker did not answer"}},
)
async def run_job(name: Text, session: SessionDep, viewer: AdminOnly) -> RunNowOut:
    """Send the job's task now, as Beat would; the page shows it as the job's latest run."""
    try:
        task_id = await jobs.run_now(session, name=name, actor=viewer.actor)
    except jobs.UnknownJob as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except jobs.BrokerUnavailable as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, str(exc), headers={"Retry-After": "30"}
        ) from exc
    return RunNowOut(job=name, task_id=task_id)
