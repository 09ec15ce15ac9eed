"""Each worker has its own node name (its queues and its host), so the task API counts every worker.

Celery's default name, celery@host, is the same for every worker of a host: /api/v1/tasks/stats and
`celery inspect` saw one worker where four ran (issue 21).
"""

from __future__ import annotations

import asyncio
import socket
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from app.appliance.runner import appliance_commands, worker_node_name
from app.config import get_settings
from tests.processes import running

pytestmark = pytest.mark.integration

PLEX_KIOSK = str(Path(sys.executable).with_name("plex-kiosk"))


def test_a_worker_is_named_after_its_queues_and_host() -> None:
    assert worker_node_name("requests") == "requests@%h"
    assert worker_node_name("downloads, plex_sync") == "downloads+plex_sync@%h"
    worker = appliance_commands(get_settings(), concurrency=1)["worker"]
    assert worker[worker.index("-n") + 1] == "all@%h"


async def test_two_workers_started_by_the_command_are_two_in_the_task_stats(
    client: httpx.AsyncClient, broker: redis.Redis, tmp_path: Path
) -> None:
    host = socket.gethostname()
    with (
        running([PLEX_KIOSK, "worker", "-Q", "requests", "-c", "1"], log=tmp_path / "requests.log"),
        running([PLEX_KIOSK, "worker", "-Q", "downloads", "-c", "1"], log=tmp_path / "downloads.log"),
    ):
        seen: dict[str, Any] = {}
        deadline = time.monotonic() + 60  # two workers start within seconds; this only bounds a failure
        while time.monotonic() < deadline:
            stats = await client.get("/api/v1/tasks/stats")
            assert stats.status_code == 200
            seen = stats.json()
            if seen["nb_workers"] >= 2:
                break
            await asyncio.sleep(0.5)
        assert seen["workers"] == [f"downloads@{host}", f"requests@{host}"]
        assert seen["nb_workers"] == 2
