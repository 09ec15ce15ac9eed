"""Logging in Celery's processes (workers and Beat): the appliance's one set-up instead of Celery's own,
and each task's lines tagged with its id, name, queue and the media request it works on.

Connected when the application module is imported, which every worker and Beat does first.
"""

from __future__ import annotations

import inspect
from typing import Any

from celery import Task
from celery.signals import setup_logging, task_postrun, task_prerun

from app.config import configure_from_settings
from app.logging_setup import clear_log_context, set_log_context


@setup_logging.connect
def _use_the_appliance_logging(loglevel: int | str | None = None, **_: Any) -> None:
    # A receiver of this signal means Celery adds no handler of its own (celery/app/log.py).
    configure_from_settings(level=loglevel or None)


def media_request_of(task: Task, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
    """The `request_id` argument of a task that has one (a request's steps, its torrents' removal)."""
    try:
        bound = inspect.signature(task.run).bind_partial(*args, **kwargs)
    except (TypeError, ValueError):
        return None
    value = bound.arguments.get("request_id")
    return value if isinstance(value, int) else None


@task_prerun.connect
def _tag_task_lines(
    task_id: str | None = None,
    task: Task | None = None,
    args: tuple[Any, ...] | None = None,
    kwargs: dict[str, Any] | None = None,
    **_: Any,
) -> None:
    if task is None:
        return
    delivery = getattr(task.request, "delivery_info", None) or {}
    set_log_context(
        task_id=task_id,
        task_name=task.name,
        queue=delivery.get("routing_key") or delivery.get("exchange") or None,
        media_request_id=media_request_of(task, tuple(args or ()), dict(kwargs or {})),
    )


@task_postrun.connect
def _untag(**_: Any) -> None:
    clear_log_context()
