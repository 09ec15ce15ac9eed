"""Every broker and result backend the design notes use, with a real API and a real worker for each pair.

Brokers: Redis, RabbitMQ (`amqp://`), kombu's SQLAlchemy transport (on SQLite, as embedded mode runs it).
Result backends: Redis, `db+postgresql://` and `db+sqlite://`. For each pair a request is POSTed to the API,
a worker takes it through its first step, and the request's page shows the step and the task's state read
back from that result backend.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import redis
from kombu import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.conftest import POSTGRES_SERVER_URL, RUN_ID, TEST_BROKER_URL, TEST_RESULT_BACKEND
from tests.processes import answers, celery_argv, free_port, running, wait_until
from tests.services import reachable, require

pytestmark = pytest.mark.integration

AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
RESULTS_DATABASE = f"plexkiosk_test_{RUN_ID}_results"
DUNE = {"media_type": "movie", "tmdb_id": 438631, "title": "Dune", "year": 2021}

BROKERS = ("redis", "amqp", "sqla+sqlite")
BACKENDS = ("redis", "db+postgresql", "db+sqlite")


def _admin_dsn() -> str:
    return POSTGRES_SERVER_URL.replace("postgresql+asyncpg", "postgresql") + "/postgres"


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(_admin_dsn())
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="module")
def results_database(postgres_available: None) -> Iterator[str]:
    """A database of its own for Celery's result tables, so they never meet the application's schema."""
    asyncio.run(_admin(f'CREATE DATABASE "{RESULTS_DATABASE}"'))
    # The URL as an operator would copy it from the design notes: no driver named.
    yield f"db+{POSTGRES_SERVER_URL.replace('+asyncpg', '')}/{RESULTS_DATABASE}"
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{RESULTS_DATABASE}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def rabbitmq_available() -> None:
    """The machine's RabbitMQ, or a failure (CI) / loud skip."""
    require("RabbitMQ", reachable(AMQP_URL), "start rabbitmq-server, or point TEST_AMQP_URL at one")


def _broker_url(kind: str, tmp_path: Path) -> str:
    return {
        "redis": TEST_BROKER_URL,
        "amqp": AMQP_URL,
        "sqla+sqlite": f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}",
    }[kind]


def _backend_url(kind: str, tmp_path: Path, results_database: str) -> str:
    return {
        "redis": TEST_RESULT_BACKEND,
        "db+postgresql": results_database,
        "db+sqlite": f"db+sqlite:///{tmp_path / 'results.sqlite3'}",
    }[kind]


def _empty_requests_queue(url: str) -> None:
    # RabbitMQ keeps its queues between runs; a message left by an earlier run would be taken first.
    with Connection(url, connect_timeout=5) as connection:
        channel = connection.channel()
        with contextlib.suppress(Exception):  # no such queue yet: nothing to empty
            channel.queue_purge("requests")


def _detail(base: str, request_id: int, headers: dict[str, str]) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.get(f"{base}/requests/{request_id}", headers=headers, timeout=10).json()
    return answer


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("broker_kind", BROKERS)
async def test_a_request_reaches_its_first_step_on_every_broker_and_result_backend(
    broker_kind: str,
    backend: str,
    db: AsyncSession,
    broker: redis.Redis,
    results_database: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    if broker_kind == "amqp":
        request.getfixturevalue("rabbitmq_available")
        _empty_requests_queue(AMQP_URL)
    env = {
        "CELERY_BROKER_URL": _broker_url(broker_kind, tmp_path),
        "CELERY_RESULT_BACKEND": _backend_url(backend, tmp_path, results_database),
        "DATA_DIR": str(tmp_path / "data"),
        "FRONTEND_DIST": str(tmp_path / "no-frontend"),
    }
    port = free_port()
    api = [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port)]
    worker = celery_argv(
        "worker", "-Q", "requests", "--pool=solo", "--loglevel=info", "--without-mingle", "--without-gossip",
        "-n", f"pair-{port}@%h",
    )  # fmt: skip
    script = {"X-Api-Key": await factories.api_key(db)}
    base = f"http://127.0.0.1:{port}/api/v1"
    logs = tmp_path / "api.log", tmp_path / "worker.log"
    with (
        running(api, env=env, log=logs[0]) as api_process,
        running(worker, env=env, log=logs[1]) as worker_process,
    ):

        def up() -> bool:
            assert api_process.poll() is None, logs[0].read_text()
            return answers(f"{base}/health")

        wait_until(up, timeout=60, what="the API to start")

        def worker_ready() -> bool:
            assert worker_process.poll() is None, logs[1].read_text()
            return "ready." in logs[1].read_text()

        # The worker declares its queue before the first message is sent: on a fresh SQLite broker, two
        # processes creating the same queue row at once is a race kombu's transport loses.
        wait_until(worker_ready, timeout=60, what="the worker to be ready")
        async with httpx.AsyncClient(headers=script, timeout=30) as http:
            created = await http.post(f"{base}/requests", json=DUNE)
        assert created.status_code == 201, created.text
        assert created.json()["celery_task_id"], "the task was not sent to the broker"
        request_id = created.json()["id"]

        def first_step_done() -> bool:
            assert worker_process.poll() is None, logs[1].read_text()
            detail = _detail(base, request_id, script)
            return detail["status"] == "NOT_FOUND" and detail["task_state"] == "SUCCESS"

        try:
            wait_until(first_step_done, timeout=90, what="the worker's first step", interval=0.5)
        except AssertionError as failure:
            raise AssertionError(f"{failure}\n{logs[1].read_text()[-3000:]}") from None
        detail = _detail(base, request_id, script)
    assert [event["to_status"] for event in detail["timeline"]] == ["PENDING", "SEARCHING", "NOT_FOUND"]
