"""Celery's set-up in one package: the application and its routes (application.py), the task names
(task_names.py), the one way to send a task (publish.py), the Beat scheduler and its lease (beat.py),
the result backend (result_backend.py).

`celery -A app.celery_app worker|beat|inspect …` finds the application here. It is built on first use
rather than on import, so the lighter modules of this package (the task names above all) can be imported
from anywhere without loading the application and everything its Beat table reads.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name in {"app", "celery_app"}:
        from app.celery_app.application import celery_app

        return celery_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
