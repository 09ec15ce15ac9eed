"""No configured secret in any process's log: a real worker searches and grabs, Beat ticks, and their
output (JSON lines, as in production) holds none of the keys, tokens and passwords Settings gave them.

The worker talks to the Torznab simulator (API key in the query string, as Prowlarr takes it), the TMDB
simulator (v3 key in the query string), real qbittorrent-nox (password in the login form) and the Plex
simulator (token), with an apprise target whose token sits in its URL: every place a key used to leak.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.runner import ALL_QUEUES
from app.appliance.simulators.seeder import Swarm
from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario
from app.appliance.simulators.tmdb import create_app as create_tmdb_app
from app.appliance.simulators.torznab import TorznabScenario, prowlarr_url
from app.settings.service import put_setting
from tests import factories
from tests.processes import celery_argv, free_port, running, wait_until
from tests.support.auth import app_client
from tests.support.pipeline import Pipeline, PlexServer, offer

pytestmark = pytest.mark.integration

INDEXER_KEY = "idx" + secrets.token_hex(12)
TMDB_KEY = "tmdb" + secrets.token_hex(12)
BOT_TOKEN = f"{secrets.randbelow(10**9)}:" + secrets.token_urlsafe(24)
SECRET_KEY = secrets.token_urlsafe(48)


async def _until_downloading(api: httpx.AsyncClient, request_id: int) -> dict[str, Any]:
    for _ in range(240):
        detail: dict[str, Any] = (await api.get(f"/api/v1/requests/{request_id}")).json()
        if detail["status"] == "DOWNLOADING":
            return detail
        assert detail["status"] not in ("FAILED", "NOT_FOUND"), detail
        await asyncio.sleep(0.25)
    raise AssertionError(f"request {request_id} never reached DOWNLOADING: {detail['status']}")


async def test_worker_and_beat_logs_hold_no_configured_secret(
    db: AsyncSession,
    broker: redis.Redis,
    pipeline: Pipeline,
    indexer: tuple[TorznabScenario, str],
    plex: PlexServer,
    seeders: Swarm,
    tmp_path: Path,
) -> None:
    scenario, indexer_url = indexer
    scenario.indexers[0].api_key = INDEXER_KEY
    film = seeders.seed("Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.mkv": 400_000})
    offer(pipeline.scenario, film, film.name, tmdb=27205, seeders=120)
    qbit_password = (await _stored(db, "qbittorrent"))["password"]
    tmdb = TmdbScenario(api_key=TMDB_KEY)  # knows no film: the worker's warning quotes TMDB's answer
    with serve(create_tmdb_app(tmdb)) as tmdb_url:
        await put_setting(
            db,
            "indexers",
            [{"name": "Loopback", "base_url": prowlarr_url(indexer_url, "1"), "api_key": INDEXER_KEY}],
        )
        await put_setting(db, "tmdb", {"api_key": TMDB_KEY, "base_url": f"{tmdb_url}/3"})
        # Nobody listens there: apprise reports the failed delivery, URL and all.
        dead_hook = f"tgram://{BOT_TOKEN}/{free_port()}"
        await put_setting(
            db, "notifications", {"admin_urls": [dead_hook], "admin_events": ["requested", "failed"]}
        )
        await db.commit()
        configured = {
            "indexer API key": INDEXER_KEY,
            "TMDB API key": TMDB_KEY,
            "qBittorrent password": qbit_password,
            "Plex token": plex.scenario.token,
            "apprise URL token": BOT_TOKEN,
            "SECRET_KEY": SECRET_KEY,
        }
        env = {"LOG_FORMAT": "json", "SECRET_KEY": SECRET_KEY}
        worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
        beat = celery_argv("beat", "--loglevel=debug", "-s", str(tmp_path / "beat-schedule"))
        # As in production: a prefork pool, so the tasks run in child processes the worker forked.
        worker = celery_argv(
            "worker", "-Q", ALL_QUEUES, "--concurrency=2", "--loglevel=debug", "--without-mingle",
            "--without-gossip", "-n", f"secrets-{free_port()}@%h",
        )  # fmt: skip
        with (
            running(worker, env=env, log=worker_log),
            running(beat, env=env, log=beat_log),
        ):
            async with app_client(api_key=await factories.api_key(db)) as api:
                made = await api.post(
                    "/api/v1/requests",
                    json={"media_type": "movie", "tmdb_id": 27205, "title": "Inception", "year": 2010},
                )
                assert made.status_code == 201, made.text
                request_id = made.json()["id"]
                await _until_downloading(api, request_id)
            wait_until(lambda: "Scheduler" in beat_log.read_text(), timeout=30, what="Beat to start")

    worker_lines = worker_log.read_text()
    for what, secret in configured.items():
        assert secret not in worker_lines, f"the worker logged the {what}"
        assert secret not in beat_log.read_text(), f"Beat logged the {what}"
    # The lines that used to carry them are there, masked: the indexer's and TMDB's request lines.
    assert "apikey=***" in worker_lines and "api_key=***" in worker_lines
    # Every line is JSON; the search's lines say which task, queue and request they belong to.
    records = [json.loads(line) for line in worker_lines.splitlines() if line.startswith("{")]
    assert records and all("level" in r and "logger" in r for r in records)
    searching = [r for r in records if r.get("media_request_id") == request_id]
    assert searching, "no line of the search named its request"
    search = [r for r in searching if r["task_name"] == "app.workers.request_worker.process_request_task"]
    assert search, "no line of the search task named its request"
    assert {r["queue"] for r in search} == {"requests"}
    assert len({r["task_id"] for r in search}) == 1


async def _stored(db: AsyncSession, key: str) -> dict[str, Any]:
    from app.settings.service import get_setting

    value: dict[str, Any] = await get_setting(db, key)
    return value
