"""Celery signals that time every task a worker runs and count its outcome (see recording.py).

Connected when a worker loads its task modules (this package's __init__), so every worker counts; the API,
which only sends tasks, never loads it.
The signals fire in the process that runs the task (a prefork child), before and after it.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import Task
from celery.signals import task_postrun, task_prerun

from app.metrics.recording import task_finished
from app.workers.runtime import run

log = logging.getLogger(__name__)

_started: dict[str, float] = {}


@task_prerun.connect
def _task_started(task_id: str | None = None, task: Task | None = None, **_: Any) -> None:
    if task_id is not None:
        _started[task_id] = time.monotonic()


@task_postrun.connect
def _task_ended(
    task_id: str | None = None, task: Task | None = None, state: str | None = None, **_: Any
) -> None:
    started = _started.pop(task_id, None) if task_id is not None else None
    if task is None or started is None or task.request.is_eager:
        return  # eager runs (unit tests, the CLI) happen inside their caller: not worker work to count
    try:
        run(task_finished(task.name, (state or "unknown").lower(), time.monotonic() - started))
    except Exception:  # the task is done: its count must never turn it into a failure
        log.warning("could not count task %s", task.name, exc_info=True)
