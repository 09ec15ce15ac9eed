"""/api/v1/tasks: Celery task status, worker statistics, active tasks, cancellation (seed 002)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Query

from app.api.access import AdminOnly
from app.api.deps import SessionDep
from app.celery_app.task_states import WORKER_LOST, WORKER_LOST_DETAIL
from app.input_types import Text
from app.media_requests import service as request_service
from app.media_requests.step_leases import lease_expired
from app.outages import BrokerUnavailable
from app.task_monitor import service

router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.get("/status/{task_id}")
async def get_task_status(task_id: Text, session: SessionDep, viewer: AdminOnly) -> dict[str, Any]:
    """State, result or error of a task; WORKER_LOST for a step whose worker died (decision 0008)."""
    try:
        payload = await anyio.to_thread.run_sync(service.task_status, task_id)
    except service.BACKEND_ERRORS as exc:
        raise BrokerUnavailable from exc  # the one outage answer: 503, Retry-After
    if payload["status"] == "STARTED" and await lease_expired(session, task_id=task_id):
        # Dead before it could say so: no live worker has queued its step again yet.
        payload.update(status=WORKER_LOST, detail=WORKER_LOST_DETAIL, retried_as=None)
    return payload


@router.get("/stats")
async def get_task_stats(session: SessionDep, viewer: AdminOnly) -> dict[str, Any]:
    """Workers alive and their task counts; a worker whose heartbeat is recent counts even where the broker
    cannot ask it (the embedded one)."""
    try:
        stats = await anyio.to_thread.run_sync(service.worker_stats)
    except service.BACKEND_ERRORS as exc:
        raise BrokerUnavailable from exc  # the one outage answer: 503, Retry-After
    stats["workers"] = sorted(set(stats["workers"]) | set(await service.workers_seen(session)))
    stats["nb_workers"] = len(stats["workers"])
    return stats


@router.get("/list/active")
async def list_active_tasks(
    viewer: AdminOnly, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> dict[str, Any]:
    """Tasks running or waiting on the workers."""
    try:
        tasks = await anyio.to_thread.run_sync(service.active_tasks, limit)
    except service.BACKEND_ERRORS as exc:
        raise BrokerUnavailable from exc  # the one outage answer: 503, Retry-After
    return {"total": len(tasks), "tasks": tasks}


@router.delete("/cancel/{task_id}")
async def cancel_task(task_id: Text, session: SessionDep, viewer: AdminOnly) -> dict[str, Any]:
    """Revoke a task; a request's task cancels the request too (else the reconciler would re-queue it)."""
    cancelled_request = await request_service.cancel_by_task(session, task_id=task_id, actor=viewer.actor)
    try:
        await anyio.to_thread.run_sync(service.revoke_task, task_id)
    except service.BACKEND_ERRORS as exc:
        raise BrokerUnavailable from exc  # the one outage answer: 503, Retry-After
    return {"status": "cancelled", "task_id": task_id, "request_id": cancelled_request}
