"""Celery tasks published from the API's event loop, in batches, on the real Redis broker."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import redis

from app.celery_app import celery_app, configure
from app.celery_publisher import BatchingPublisher, Message
from app.config import get_settings
from app.media_requests.dispatch import PROCESS_REQUEST_TASK

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


async def test_a_dead_broker_is_reported_to_every_caller_quickly_and_raises_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dead = celery_app.__class__("dead-broker-test", set_as_current=False)
    configure(dead, get_settings())
    # Celery reads this variable before its own setting; nothing listens on port 1.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    publisher = BatchingPublisher(dead)
    started = time.monotonic()
    sent = await asyncio.gather(
        *(publisher.publish(Message(PROCESS_REQUEST_TASK, (n,), f"t{n}")) for n in range(5))
    )
    assert sent == [False] * 5
    # The retry policy's short pauses (0.2 s here), not redis-py's reconnect backoff (2 s a batch).
    assert time.monotonic() - started < 2
