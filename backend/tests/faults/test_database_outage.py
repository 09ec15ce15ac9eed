"""PostgreSQL refusing connections (15 s while a worker searches, as issue 21's fault campaign asks): the API
says 503 with Retry-After on every route that needs the database (never 500), and heals by itself; a search
that ran during the outage is tried again soon and its request moves on once the database is back.

The outage is a real one: the test database stops accepting connections (ALLOW_CONNECTIONS false) and
every open connection to it is terminated, as a restart or a failover would.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
import redis
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish
from app.db import get_sessionmaker
from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus
from app.profiles.models import Role
from tests import factories
from tests.conftest import POSTGRES_SERVER_URL, TEST_DATABASE_NAME, TEST_DATABASE_URL
from tests.processes import running, wait_until, worker_argv
from tests.support.auth import app_client
from tests.support.pipeline import Pipeline, offer

pytestmark = pytest.mark.integration

# After the database is back, a request waits at most one database backoff (30 s) and its own work.
MOVES_ON_WITHIN_S = 60
OUTAGE_S = 15.0


async def _admin(sql: str) -> None:
    dsn = POSTGRES_SERVER_URL.replace("postgresql+asyncpg", "postgresql") + "/postgres"
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@asynccontextmanager
async def database_refusing() -> AsyncIterator[None]:
    """The test database refuses new connections and loses its open ones until the block ends."""
    await _admin(f'ALTER DATABASE "{TEST_DATABASE_NAME}" ALLOW_CONNECTIONS false')
    await _admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608 - our own database name
        f"WHERE datname = '{TEST_DATABASE_NAME}' AND pid <> pg_backend_pid()"
    )
    try:
        yield
    finally:
        await _admin(f'ALTER DATABASE "{TEST_DATABASE_NAME}" ALLOW_CONNECTIONS true')


async def _status(request_id: int) -> RequestStatus | None:
    try:
        async with get_sessionmaker(TEST_DATABASE_URL)() as session:
            return await session.scalar(select(MediaRequest.status).where(MediaRequest.id == request_id))
    except DBAPIError:
        return None  # this process's own pooled connection died with the outage; the next one is fresh


async def _eventually(check: Callable[[], Awaitable[bool]], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.25)
    raise AssertionError(f"not within {seconds} s")


async def test_the_api_answers_503_with_retry_after_then_heals(db: AsyncSession, broker: redis.Redis) -> None:
    admin = await factories.profile(db, "Papa", Role.ADMIN)
    request = await factories.media_request(db, title="Inception", tmdb_id=27205, year=2010)
    await db.commit()
    routes: list[tuple[str, str, dict[str, object] | None]] = [
        ("GET", "/api/v1/requests", None),
        ("GET", f"/api/v1/requests/{request.id}", None),
        (
            "POST",
            "/api/v1/requests",
            {"media_type": "movie", "tmdb_id": 550, "title": "Fight Club", "year": 1999},
        ),
        ("GET", "/api/v1/profiles", None),
        ("GET", "/api/v1/settings/plex", None),
    ]
    key = await factories.api_key(db)
    async with app_client(profile=admin) as api, app_client(api_key=key) as script:
        assert (await api.get("/api/v1/requests")).status_code == 200
        async with database_refusing():
            answers = [await api.request(method, path, json=body) for method, path, body in routes]
            english = await script.get("/api/v1/requests")
        healed = [await api.request(method, path, json=body) for method, path, body in routes]

    assert [a.status_code for a in answers] == [503] * len(routes), [a.text for a in answers]
    assert all(int(a.headers["Retry-After"]) > 0 for a in answers)
    # In the profile's language (the household's French), and in English for a script.
    assert answers[0].json()["detail"].startswith("La base de données ne répond pas")
    assert english.status_code == 503
    assert english.json()["detail"].startswith("The database is not answering")
    assert "postgres" not in answers[0].text.lower()  # nothing of the driver's words or the address
    assert [h.status_code for h in healed] == [200, 200, 201, 200, 200], [h.text for h in healed]


async def test_a_search_during_the_outage_is_tried_again_and_its_request_moves_on(
    db: AsyncSession, broker: redis.Redis, pipeline: Pipeline, seeders: Swarm, tmp_path: Path
) -> None:
    film = seeders.seed("Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.mkv": 300_000})
    offer(pipeline.scenario, film, film.name, tmdb=27205, seeders=80)
    request = await factories.media_request(db, title="Inception", tmdb_id=27205, year=2010)
    # Cancelled a moment before the outage: its torrents' removal must not be lost with it.
    cancelled = await factories.media_request(db, title="Heat", tmdb_id=949, status=RequestStatus.CANCELLED)
    await db.commit()
    log = tmp_path / "worker.log"
    removal = new_task_id()
    with running(worker_argv(), env={"LOG_FORMAT": "json"}, log=log):
        wait_until(lambda: "ready" in log.read_text(), timeout=60, what="the worker to start")
        async with database_refusing():
            refused_at = time.monotonic()
            assert await publish(task_names.PROCESS_REQUEST, request.id)
            assert await publish(task_names.REMOVE_REQUEST_TORRENTS, cancelled.id, task_id=removal)
            wait_until(
                lambda: "database unavailable, trying again" in log.read_text(),
                timeout=60,
                what="the search to meet the outage",
            )
            # The outage lasts 15 s in all: the search meets it more than once.
            await asyncio.sleep(max(3.0, OUTAGE_S - (time.monotonic() - refused_at)))
        back = time.monotonic()

        async def downloading() -> bool:
            return await _status(request.id) is RequestStatus.DOWNLOADING

        await _eventually(downloading, MOVES_ON_WITHIN_S)
        waited = time.monotonic() - back
        wait_until(
            lambda: f"remove_request_torrents_task[{removal}] succeeded" in log.read_text(),
            timeout=MOVES_ON_WITHIN_S,
            what="the removal to run once the database is back",
        )

    retried = [
        json.loads(line)
        for line in log.read_text().splitlines()
        if line.startswith("{") and "database unavailable" in line
    ]
    assert {r["media_request_id"] for r in retried} == {request.id, cancelled.id}
    assert waited < MOVES_ON_WITHIN_S
    async with app_client(api_key=await factories.api_key(db)) as api:
        detail = (await api.get(f"/api/v1/requests/{request.id}")).json()
    assert detail["status"] == "DOWNLOADING"
    assert "FAILED" not in [event["to_status"] for event in detail["timeline"]]
