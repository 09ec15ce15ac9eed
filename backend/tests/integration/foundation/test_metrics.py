"""`GET /metrics`: what a Prometheus scrape reads, with a real worker, the real Redis and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import redis
from celery.result import AsyncResult
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.application import celery_app
from app.db import utcnow
from app.media_requests.states import RequestStatus
from app.notifications.delivery import deliver
from app.profiles.models import Role
from tests import factories
from tests.processes import celery_argv, free_port, running
from tests.support.auth import app_client

pytestmark = pytest.mark.integration

DUNE = {"media_type": "movie", "tmdb_id": 438631, "title": "Dune", "year": 2021}
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def _samples(text: str) -> Samples:
    """Every sample of a scrape, keyed by its name and sorted labels, as Prometheus would read it."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def _scrape(key: str) -> Samples:
    async with app_client() as http:
        answer = await http.get("/metrics", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return _samples(answer.text)


async def test_a_scrape_counts_requests_by_status_and_the_messages_waiting(
    db: AsyncSession, broker: redis.Redis
) -> None:
    key = await factories.api_key(db)
    await factories.media_request(db, tmdb_id=1, status=RequestStatus.AVAILABLE)
    await factories.media_request(db, tmdb_id=2, status=RequestStatus.AVAILABLE)
    await factories.media_request(db, tmdb_id=3, status=RequestStatus.FAILED)
    await db.commit()
    async with app_client(api_key=key) as http:
        assert (await http.post("/api/v1/requests", json=DUNE)).status_code == 201  # queued, no worker

    seen = await _scrape(key)
    assert seen[("plex_kiosk_requests", (("status", "AVAILABLE"),))] == 2
    assert seen[("plex_kiosk_requests", (("status", "FAILED"),))] == 1
    assert seen[("plex_kiosk_requests", (("status", "PENDING"),))] == 1
    assert seen[("plex_kiosk_requests", (("status", "DOWNLOADING"),))] == 0
    assert seen[("plex_kiosk_broker_up", ())] == 1
    assert seen[("plex_kiosk_queue_messages", (("queue", "requests"),))] == 1
    assert seen[("plex_kiosk_queue_messages", (("queue", "plex_sync"),))] == 0
    assert seen[("plex_kiosk_qbittorrent_up", ())] == 0  # not set up yet


async def test_the_tasks_a_worker_ran_are_counted_with_their_outcome_and_duration(
    client: httpx.AsyncClient, db: AsyncSession, broker: redis.Redis, tmp_path: Path
) -> None:
    created = (await client.post("/api/v1/requests", json=DUNE)).json()
    worker = celery_argv(
        "worker", "-Q", "requests", "--pool=prefork", "--concurrency=1", "--loglevel=info",
        "--without-mingle", "--without-gossip", "-n", f"metrics-{free_port()}@%h",
    )  # fmt: skip
    with running(worker, log=tmp_path / "worker.log"):
        AsyncResult(created["celery_task_id"], app=celery_app).get(timeout=60)
        # The count is written just after the result: give the worker's last write a moment.
        for _ in range(50):
            seen = await _scrape(await factories.api_key(db))
            runs = ("task", task_names.PROCESS_REQUEST), ("outcome", "success")
            if seen.get(("plex_kiosk_task_duration_seconds_count", tuple(sorted(runs)))):
                break
            await asyncio.sleep(0.1)
    series = tuple(sorted((("task", task_names.PROCESS_REQUEST), ("outcome", "success"))))
    assert seen[("plex_kiosk_task_duration_seconds_count", series)] == 1
    assert seen[("plex_kiosk_task_duration_seconds_bucket", tuple(sorted((*series, ("le", "+Inf")))))] == 1
    assert 0 < seen[("plex_kiosk_task_duration_seconds_sum", series)] < 60
    assert seen[("plex_kiosk_queue_messages", (("queue", "requests"),))] == 0
    assert seen[("plex_kiosk_requests", (("status", "NOT_FOUND"),))] == 1


async def test_failed_notifications_and_the_last_plex_syncs_are_shown(db: AsyncSession) -> None:
    key = await factories.api_key(db)
    started = utcnow() - timedelta(minutes=5)
    await factories.sync_run(
        db, kind="full", started_at=started, finished_at=started + timedelta(seconds=42), added=7, removed=1
    )
    # Nothing listens on port 1: the JSON service is unreachable, twice.
    unreachable = "json://127.0.0.1:1/hook?secret-token"
    results = await deliver([unreachable, unreachable], "Dune", "est disponible")
    assert [result.delivered for result in results] == [False, False]

    async with app_client() as http:
        text = (await http.get("/metrics", headers={"Authorization": f"Bearer {key}"})).text
    seen = _samples(text)
    assert seen[("plex_kiosk_notification_failures_total", (("service", "json"),))] == 2
    assert seen[("plex_kiosk_plex_sync_duration_seconds", (("kind", "full"),))] == 42
    assert seen[("plex_kiosk_plex_sync_items", (("change", "added"), ("kind", "full")))] == 7
    assert seen[("plex_kiosk_plex_sync_items", (("change", "removed"), ("kind", "full")))] == 1
    assert "secret-token" not in text


async def test_metrics_need_the_api_key_or_a_parent(db: AsyncSession) -> None:
    key = await factories.api_key(db)
    child = await factories.profile(db, "Léa", Role.MEMBER)
    parent = await factories.profile(db, "Papa", Role.ADMIN)
    async with app_client() as anonymous:
        assert (await anonymous.get("/metrics")).status_code == 401
        wrong = await anonymous.get("/metrics", headers={"Authorization": "Bearer not-the-key"})
        assert wrong.status_code == 401
    async with app_client(profile=child) as http:
        assert (await http.get("/metrics")).status_code == 403
    async with app_client(profile=parent) as http:
        assert (await http.get("/metrics")).status_code == 200
    async with app_client(api_key=key) as http:
        answer = await http.get("/metrics")
    assert answer.status_code == 200
    assert key not in answer.text


async def test_counts_add_up_on_the_embedded_sqlite_database(sqlite_db: AsyncSession) -> None:
    from app.metrics.recording import TASK_RUNS, add, bucket_of
    from app.metrics.snapshot import take

    labels = {"task": task_names.MONITOR_DOWNLOADS, "outcome": "success"}
    for seconds in (0.05, 0.07, 2.0):
        await add(sqlite_db, TASK_RUNS, labels, value=seconds, bucket=bucket_of(seconds))
    await sqlite_db.commit()

    counts = {(count.bucket, count.count) for count in (await take(sqlite_db, queues=())).counts}
    assert counts == {("0.1", 2), ("5.0", 1)}
