"""Read task states and worker statistics from Celery (blocking: call in a thread), and the workers seen."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from celery.result import AsyncResult
from kombu.exceptions import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.application import celery_app
from app.celery_app.task_states import WORKER_LOST
from app.locks.service import live_leases

log = logging.getLogger(__name__)

INSPECT_TIMEOUT_S = 1.0
# A worker is "seen" while its presence lease lives: app/workers/liveness.py renews it every heartbeat. The
# embedded broker (SQLAlchemy transport) has no broadcast, so `inspect` never hears a worker there.
PRESENCE_PREFIX = "worker:"
BACKEND_ERRORS = (OperationalError, OSError, TimeoutError)


def task_state(task_id: str | None) -> str | None:
    """The task's state (PENDING, STARTED, RETRY, SUCCESS, FAILURE, REVOKED), or None when unknown."""
    if not task_id:
        return None
    try:
        return str(AsyncResult(task_id, app=celery_app).state)
    except BACKEND_ERRORS as exc:
        log.warning("result backend unreachable: %s", exc)
        return None


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return repr(value)


def task_status(task_id: str) -> dict[str, Any]:
    """State, name, result or error of one task, as seed 002's status endpoint shows it."""
    result = AsyncResult(task_id, app=celery_app)
    state = str(result.state)
    payload: dict[str, Any] = {
        "task_id": task_id,
        "status": state,
        "task_name": getattr(result, "name", None),
    }
    if state == "SUCCESS":
        payload["result"] = _jsonable(result.result)
        payload["completed_at"] = _iso(result.date_done)
    elif state in ("FAILURE", "RETRY"):
        payload["error"] = f"{type(result.result).__name__}: {result.result}"
    elif state == "STARTED" and isinstance(result.info, dict):
        payload["worker"] = result.info.get("hostname")
    elif state == WORKER_LOST and isinstance(result.info, dict):
        # Its worker died mid-step; `retried_as` is the task that took the step over (decision 0008).
        payload["detail"] = result.info.get("detail")
        payload["retried_as"] = result.info.get("retried_as")
    return payload


def _inspect_all() -> dict[str, dict[str, Any]]:
    inspector = celery_app.control.inspect(timeout=INSPECT_TIMEOUT_S)
    return {
        "stats": inspector.stats() or {},
        "active": inspector.active() or {},
        "scheduled": inspector.scheduled() or {},
        "reserved": inspector.reserved() or {},
    }


def worker_stats() -> dict[str, Any]:
    """Workers alive and how many tasks each is running, holding or has scheduled."""
    seen = _inspect_all()
    workers = sorted(seen["stats"])

    def count(kind: str) -> int:
        return sum(len(tasks) for tasks in seen[kind].values())

    active, scheduled, reserved = count("active"), count("scheduled"), count("reserved")
    return {
        "workers": workers,
        "nb_workers": len(workers),
        "tasks_active": active,
        "tasks_scheduled": scheduled,
        "tasks_reserved": reserved,
        "total_pending": active + scheduled + reserved,
        "worker_stats": {
            name: {"total": info.get("total", {}), "pool": info.get("pool", {})}
            for name, info in seen["stats"].items()
        },
    }


def active_tasks(limit: int) -> list[dict[str, Any]]:
    """Tasks running, reserved or scheduled on the workers, newest first, at most `limit`."""
    seen = _inspect_all()
    tasks: list[dict[str, Any]] = []
    for worker, running in seen["active"].items():
        for task in running:
            started = task.get("time_start")
            tasks.append(
                {
                    "task_id": task["id"],
                    "task_name": task.get("name"),
                    "status": "STARTED",
                    "worker": worker,
                    "started_at": datetime.fromtimestamp(started).astimezone().isoformat()
                    if started
                    else None,
                }
            )
    for worker, held in seen["reserved"].items():
        tasks.extend(
            {"task_id": t["id"], "task_name": t.get("name"), "status": "PENDING", "worker": worker}
            for t in held
        )
    for worker, planned in seen["scheduled"].items():
        for entry in planned:
            request = entry.get("request", {})
            tasks.append(
                {
                    "task_id": request.get("id"),
                    "task_name": request.get("name"),
                    "status": "PENDING",
                    "worker": worker,
                    "eta": entry.get("eta"),
                }
            )
    return tasks[:limit]


def running_by_queue() -> tuple[list[str], dict[str, int]]:
    """The workers that answer and how many tasks they run per queue, from one broadcast (an idle worker
    answers with no task, so it is counted too); nothing when no worker answers."""
    running: dict[str, int] = {}
    try:
        active = celery_app.control.inspect(timeout=INSPECT_TIMEOUT_S).active() or {}
    except BACKEND_ERRORS as exc:
        log.info("workers could not be asked what they run: %s", exc)
        return [], running
    for tasks in active.values():
        for task in tasks:
            queue = (task.get("delivery_info") or {}).get("routing_key") or "default"
            running[queue] = running.get(queue, 0) + 1
    return sorted(active), running


async def workers_seen(session: AsyncSession) -> list[str]:
    """The workers whose heartbeat is recent, by node name (every broker, the embedded one included)."""
    return await live_leases(session, prefix=PRESENCE_PREFIX)


def revoke_task(task_id: str) -> None:
    """Revoke a task; a running one is sent SIGTERM (its work is guarded by its row's state)."""
    celery_app.control.revoke(task_id, terminate=True, signal="SIGTERM")
