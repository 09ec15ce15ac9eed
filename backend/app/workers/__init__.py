"""The Celery front door: one module per queue; each task is a few lines over a domain service."""

from app.workers import task_metrics as _task_metrics  # noqa: F401 - every task a worker runs is counted
