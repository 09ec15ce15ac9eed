"""A request held up by a service that does not answer says so on its timeline, as a code and its
parameters the kiosk words in French or English: qBittorrent down, or every indexer down (named), with
the time of the next try. A real worker runs the search; the services are really unreachable."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.appliance.simulators.torznab import TorznabScenario
from app.celery_app import task_names
from app.celery_app.publish import publish
from app.media_requests.waiting import WAITING_CODES
from app.settings.service import get_setting, put_setting
from app.workers.retry import BACKOFF_SECONDS
from tests import factories
from tests.processes import free_port, running, wait_until, worker_argv
from tests.support.auth import app_client
from tests.support.pipeline import Pipeline, offer

pytestmark = pytest.mark.integration


async def _waiting_note(api: httpx.AsyncClient, request_id: int) -> dict[str, Any]:
    for _ in range(240):
        detail: dict[str, Any] = (await api.get(f"/api/v1/requests/{request_id}")).json()
        # A waiting note, not the status events (which carry their own codes, such as "searching").
        notes = [e for e in detail["timeline"] if (e.get("details") or {}).get("code") in WAITING_CODES]
        if notes:
            assert detail["status"] == "SEARCHING", detail["status"]
            return notes[-1]
        await asyncio.sleep(0.25)
    raise AssertionError(f"request {request_id} never said why it waits: {detail['timeline']}")


async def test_qbittorrent_or_the_indexers_down_say_so_with_the_next_try(
    db: AsyncSession,
    broker: redis.Redis,
    pipeline: Pipeline,
    indexer: tuple[TorznabScenario, str],
    seeders: Swarm,
    tmp_path: Path,
) -> None:
    film = seeders.seed("Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.mkv": 200_000})
    offer(pipeline.scenario, film, film.name, tmdb=27205, seeders=50)
    nobody = f"http://127.0.0.1:{free_port()}"  # a port nothing listens on
    qbit = dict(await get_setting(db, "qbittorrent"))
    await put_setting(db, "qbittorrent", {**qbit, "url": nobody})
    inception = await factories.media_request(db, title="Inception", tmdb_id=27205, year=2010)
    matrix = await factories.media_request(db, title="The Matrix", tmdb_id=603, year=1999)
    await db.commit()
    log = tmp_path / "worker.log"
    async with app_client(api_key=await factories.api_key(db)) as api:
        with running(worker_argv(), log=log):
            wait_until(lambda: "ready" in log.read_text(), timeout=60, what="the worker to start")
            sent = datetime.now(UTC)
            assert await publish(task_names.PROCESS_REQUEST, inception.id)
            qbit_down = await _waiting_note(api, inception.id)

            # qBittorrent is back, every indexer is gone.
            await put_setting(db, "qbittorrent", qbit)
            await put_setting(
                db, "indexers", [{"name": "YggTorrent", "base_url": f"{nobody}/api", "api_key": "k"}]
            )
            await db.commit()
            assert await publish(task_names.PROCESS_REQUEST, matrix.id)
            indexers_down = await _waiting_note(api, matrix.id)

    assert qbit_down["details"]["code"] == "qbittorrent_unreachable"
    retry_at = datetime.fromisoformat(qbit_down["details"]["retry_at"])
    first_wait = timedelta(seconds=BACKOFF_SECONDS[0])
    assert sent + first_wait - timedelta(seconds=5) < retry_at < datetime.now(UTC) + first_wait
    assert qbit_down["reason"].startswith("qBittorrent is not answering; trying again at ")
    assert indexers_down["details"]["code"] == "indexers_unreachable"
    assert indexers_down["details"]["indexers"] == ["YggTorrent"]
    assert "retry_at" in indexers_down["details"]
