"""Celery tasks published from the API's event loop, in batches, on the real Redis broker."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
import redis

from app.celery_app.application import celery_app, configure
from app.celery_app.publish import BatchingPublisher, Message
from app.celery_app.task_names import PROCESS_REQUEST as PROCESS_REQUEST_TASK
from app.config import get_settings

pytestmark = pytest.mark.integration


async def test_calls_arriving_together_all_reach_the_queue_with_their_own_task_ids(
    broker: redis.Redis,
) -> None:
    publisher = BatchingPublisher(celery_app)
    messages = [Message(PROCESS_REQUEST_TASK, (n,), f"task-{n}") for n in range(25)]
    sent = await asyncio.gather(*(publisher.publish(message) for message in messages))
    assert sent == [True] * 25
    queued = [json.loads(raw) for raw in broker.lrange("requests", 0, -1)]
    assert sorted(message["headers"]["id"] for message in queued) == sorted(f"task-{n}" for n in range(25))
    assert {message["headers"]["task"] for message in queued} == {PROCESS_REQUEST_TASK}
    # What Flower and the worker's log show as the task's arguments.
    assert sorted(message["headers"]["argsrepr"] for message in queued) == sorted(f"[{n}]" for n in range(25))


async def test_a_batched_message_is_the_one_send_task_would_send(broker: redis.Redis) -> None:
    await BatchingPublisher(celery_app).publish(Message(PROCESS_REQUEST_TASK, (7,), "batched", countdown=30))
    await asyncio.to_thread(
        celery_app.send_task, PROCESS_REQUEST_TASK, args=[7], task_id="single", countdown=30
    )
    batched, single = (_comparable(json.loads(raw)) for raw in reversed(broker.lrange("requests", 0, -1)))
    assert batched == single
    assert batched["properties"]["delivery_info"]["routing_key"] == "requests"


def _comparable(message: dict[str, Any]) -> dict[str, Any]:
    """`message` without what differs between two sends: ids, the ETA's instant, the sending thread."""
    for key in ("id", "root_id"):
        message["headers"].pop(key)
    assert message["headers"].pop("eta") is not None  # both were sent with countdown=30
    for key in ("correlation_id", "delivery_tag", "reply_to"):  # reply_to: the sending thread
        message["properties"].pop(key)
    # send_task leaves "not asked" as None; the worker reads it as False, the value given here.
    message["headers"]["ignore_result"] = bool(message["headers"]["ignore_result"])
    # send_task copies the task's own time limits into the message when the task is registered in the
    # sending process (here, once an earlier test imported the worker modules; never in the API). The worker
    # applies the same limits from its configuration when the message has none.
    message["headers"].pop("timelimit")
    assert message["headers"]["argsrepr"] == "[7]"
    return message


async def test_a_dead_broker_is_reported_to_every_caller_quickly_and_raises_nothing() -> None:
    dead = celery_app.__class__("dead-broker-test", set_as_current=False)
    # Nothing listens on port 1. (The configured read and write URLs win over CELERY_BROKER_URL.)
    configure(dead, get_settings().model_copy(update={"celery_broker_url": "redis://127.0.0.1:1/0"}))
    publisher = BatchingPublisher(dead)
    started = time.monotonic()
    sent = await asyncio.gather(
        *(publisher.publish(Message(PROCESS_REQUEST_TASK, (n,), f"t{n}")) for n in range(5))
    )
    assert sent == [False] * 5
    # The retry policy's short pauses (0.2 s here), not redis-py's reconnect backoff (2 s a batch).
    assert time.monotonic() - started < 2
