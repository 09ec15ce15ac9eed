"""A real worker process on the real Redis; a dead broker; the reconciler that repairs lost messages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import redis
from celery.result import AsyncResult
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.application import celery_app
from app.db import utcnow
from app.media_requests.models import MediaRequest
from app.workers.download_monitor_worker import _reconcile
from tests import factories
from tests.processes import answers, celery_argv, free_port, running, wait_until
from tests.support.broker_queue import queued

pytestmark = pytest.mark.integration

DUNE = {"media_type": "movie", "tmdb_id": 438631, "title": "Dune", "year": 2021}


async def test_a_real_worker_processes_the_request_and_reports_its_result(
    client: httpx.AsyncClient, broker: redis.Redis, tmp_path: Path
) -> None:
    created = (await client.post("/api/v1/requests", json=DUNE)).json()
    argv = celery_argv(
        "worker",
        "-Q",
        "requests",
        "--pool=solo",
        "--loglevel=info",
        "--without-mingle",
        "--without-gossip",
        "-n",
        f"test-{free_port()}@%h",
    )
    with running(argv, log=tmp_path / "worker.log"):
        result = AsyncResult(created["celery_task_id"], app=celery_app).get(timeout=60)
    assert result == {
        "request_id": created["id"],
        "status": "NOT_FOUND",
        "detail": "No indexer is configured yet: an admin can add one in Settings.",
    }
    detail = (await client.get(f"/api/v1/requests/{created['id']}")).json()
    assert detail["status"] == "NOT_FOUND"
    assert detail["task_state"] == "SUCCESS"
    assert [e["to_status"] for e in detail["timeline"]] == ["PENDING", "SEARCHING", "NOT_FOUND"]
    assert detail["next_search_at"] is not None


async def test_a_request_made_while_the_broker_is_down_is_kept_and_queued_later(
    migrated_database: str, broker: redis.Redis, db: AsyncSession, tmp_path: Path
) -> None:
    port = free_port()
    api = [*celery_argv()[:1], "-m", "uvicorn", "app.main:app", "--port", str(port)]
    dead_broker = {"CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}
    with running(api, env=dead_broker, log=tmp_path / "api.log"):
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: answers(f"{base}/api/v1/health"), timeout=30, what="the API to start")
        script = {"X-Api-Key": await factories.api_key(db)}
        async with httpx.AsyncClient(base_url=base, timeout=30, headers=script) as http:
            response = await http.post("/api/v1/requests", json=DUNE)
            ready = await http.get("/api/v1/ready")
    assert response.status_code == 201
    assert response.json()["status"] == "PENDING"
    assert response.json()["celery_task_id"] is None
    assert ready.status_code == 503
    assert ready.json()["checks"]["broker"]["ok"] is False
    assert queued(broker) == []

    reconciled = await _reconcile()
    assert reconciled == {"queued": [response.json()["id"]], "expired": []}
    request = await db.get(MediaRequest, response.json()["id"])
    assert request is not None and request.celery_task_id
    assert [m.id for m in queued(broker)] == [request.celery_task_id]


async def test_a_lost_message_is_queued_again_after_the_grace_period(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    created = (await client.post("/api/v1/requests", json=DUNE)).json()
    broker.delete("requests")  # the broker lost the message
    assert await _reconcile() == {"queued": [], "expired": []}  # too early to call it lost

    await factories.request_left_as(db, created["id"], updated_at=utcnow() - timedelta(minutes=11))
    assert await _reconcile() == {"queued": [created["id"]], "expired": []}
    assert [m.task for m in queued(broker)] == ["app.workers.request_worker.process_request_task"]


async def test_a_due_re_search_is_queued(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    created = (await client.post("/api/v1/requests", json=DUNE)).json()
    broker.delete("requests")
    await factories.request_left_as(
        db, created["id"], status="NOT_FOUND", next_search_at=utcnow() - timedelta(minutes=1)
    )
    assert await _reconcile() == {"queued": [created["id"]], "expired": []}


async def test_an_import_whose_message_was_lost_is_queued_again(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    created = (await client.post("/api/v1/requests", json=DUNE)).json()
    broker.delete("requests")
    # The monitor moved it to IMPORTING but its message never reached the broker (task id forgotten).
    await factories.request_left_as(db, created["id"], status="IMPORTING", celery_task_id=None)

    assert await _reconcile() == {"queued": [created["id"]], "expired": []}
    assert [m.task for m in queued(broker)] == ["app.workers.request_worker.complete_request_task"]


async def test_a_search_past_its_window_ends_failed_so_it_can_be_asked_again(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    created = (await client.post("/api/v1/requests", json=DUNE)).json()
    await factories.request_left_as(
        db,
        created["id"],
        status="NOT_FOUND",
        created_at=utcnow() - timedelta(days=15),
        next_search_at=utcnow(),
    )

    assert await _reconcile() == {"queued": [], "expired": [created["id"]]}
    detail = (await client.get(f"/api/v1/requests/{created['id']}")).json()
    assert detail["status"] == "FAILED"
    assert detail["error"] == "No suitable release was found in time"
    again = await client.post("/api/v1/requests", json=DUNE)
    assert again.status_code == 201


async def test_a_request_whose_worker_died_mid_search_is_resumed(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    from app.media_requests.processing import process_request

    created = (await client.post("/api/v1/requests", json=DUNE)).json()
    broker.delete("requests")
    stale = utcnow() - timedelta(minutes=31)
    await factories.request_left_as(db, created["id"], status="SEARCHING", updated_at=stale)
    assert await _reconcile() == {"queued": [created["id"]], "expired": []}

    result = await process_request(db, request_id=created["id"], task_id="redelivered")
    assert result.status == "NOT_FOUND"
    timeline = (await client.get(f"/api/v1/requests/{created['id']}")).json()["timeline"]
    assert [e["to_status"] for e in timeline] == ["PENDING", "NOT_FOUND"]  # resumed, not restarted
