"""What waits on a Redis broker's queue (the tests' one reader of Celery's messages), and `Sent`, the one
stand-in for the publisher a use case is handed as `send`."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from typing import Any

import redis


@dataclass(frozen=True)
class Queued:
    """One task message waiting in a queue."""

    task: str
    id: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


def queued(broker: redis.Redis, queue: str = "requests") -> list[Queued]:
    """The messages waiting in `queue`, oldest first (kombu pushes on the left)."""
    return [_read(message) for message in reversed(broker.lrange(queue, 0, -1))]


def queued_anywhere(broker: redis.Redis) -> list[Queued]:
    """The messages waiting in every queue of the broker's database."""
    return [
        message
        for queue in broker.scan_iter()
        if broker.type(queue) == b"list"
        for message in queued(broker, queue.decode())
    ]


def _read(message: bytes) -> Queued:
    headers = json.loads(message)["headers"]
    args = ast.literal_eval(headers.get("argsrepr") or "()")
    kwargs = ast.literal_eval(headers.get("kwargsrepr") or "{}")
    return Queued(task=headers["task"], id=headers["id"], args=tuple(args), kwargs=kwargs)


@dataclass(frozen=True)
class SentTask:
    """One task a use case asked its `send` to publish."""

    task: str
    args: tuple[Any, ...]
    task_id: str | None


class Sent:
    """A `send` (app.celery_app.publish.publish's signature) that records each task and publishes nothing."""

    def __init__(self) -> None:
        self.tasks: list[SentTask] = []

    async def __call__(self, task: str, *args: Any, task_id: str | None = None, **_: Any) -> bool:
        self.tasks.append(SentTask(task, args, task_id))
        return True

    def request_ids(self) -> set[int]:
        """The requests the tasks were sent for (their first argument)."""
        return {sent.args[0] for sent in self.tasks if sent.args}
