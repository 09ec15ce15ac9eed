"""A worker on the embedded broker (SQLAlchemy transport over SQLite, which has no broadcast, so `celery
inspect` never hears it) is still seen by the jobs page and the task API, through its heartbeat, and stops
being seen a few heartbeats after it stops (issue 17 item 6)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.task_monitor.jobs import machinery
from app.task_monitor.service import workers_seen
from tests.processes import running, worker_argv

pytestmark = pytest.mark.integration
HEARTBEAT_S = 0.5


async def _until(
    condition: Callable[[list[str]], bool], session: AsyncSession, *, within_s: float
) -> list[str]:
    seen: list[str] = []
    for _ in range(int(within_s / 0.25)):
        seen = await workers_seen(session)
        if condition(seen):
            return seen
        await asyncio.sleep(0.25)
    raise AssertionError(f"workers seen: {seen}")


async def test_an_embedded_worker_is_seen_while_it_beats_and_not_after(
    sqlite_db: AsyncSession, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    env = {
        "DATA_DIR": str(data),
        "DATABASE_URL": sqlite_db.get_bind().engine.url.render_as_string(hide_password=False),
        "CELERY_BROKER_URL": f"sqla+sqlite:///{data / 'broker.sqlite3'}",
        "CELERY_RESULT_BACKEND": f"db+sqlite:///{data / 'task-results.sqlite3'}",
        "WORKER_HEARTBEAT_S": str(HEARTBEAT_S),
    }
    node = f"all@{socket.gethostname()}"
    with running(worker_argv("all@%h"), env=env, log=tmp_path / "worker.log"):
        seen = await _until(lambda names: node in names, sqlite_db, within_s=60)
        assert seen == [node]
        assert (await machinery(sqlite_db)).workers == [node]

    await _until(lambda names: node not in names, sqlite_db, within_s=10 * HEARTBEAT_S + 5)
