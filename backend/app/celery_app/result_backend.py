"""Celery's Redis result backend, without the subscription it makes on every task sent.

Stock Celery subscribes the *sending* process to each task's result channel as it publishes, so that a
later `.get()` is quick. The API sends a task per request and never waits on one (it reads states by
key), so those subscriptions only cost CPU on every request and pile up for the life of the process.
`AsyncResult.get()` still works: it subscribes when called and re-reads the stored state.
"""

from __future__ import annotations

from typing import Any

from celery.backends.redis import RedisBackend

from app.celery_app.sync_driver import with_sync_driver


class StateOnlyRedisBackend(RedisBackend):
    """RedisBackend that does not subscribe to a task's result when the task is sent."""

    def on_task_call(self, producer: Any, task_id: str) -> None:
        """Skip the eager subscription (see the module docstring)."""


def result_backend_url(url: str) -> str:
    """The result backend setting for `url`: this backend for Redis URLs, a synchronous driver for `db+…`."""
    if url.startswith(("redis://", "rediss://")):
        return f"{__name__}:{StateOnlyRedisBackend.__name__}+{url}"
    return with_sync_driver(url)
