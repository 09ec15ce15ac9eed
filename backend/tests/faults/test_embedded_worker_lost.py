"""The embedded appliance (SQLite, Celery's SQLAlchemy transport over SQLite): a worker killed whole in the
middle of a search is found dead by its lapsed lease and the search resumes, as on PostgreSQL and Redis.

On this transport a message delivered to a dead worker is never delivered again (it has no visibility
timeout), so the lease is the only way back.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from celery import Celery
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.appliance.simulators.torznab import TorznabScenario, prowlarr_url
from app.celery_app import task_names
from app.celery_app.application import configure
from app.config import Settings
from app.downloads.models import Download
from app.integrations.qbittorrent import QbittorrentClient, QbittorrentConfig
from app.media_requests.lease_models import StepLease
from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus
from app.settings.service import put_setting
from tests import factories
from tests.faults.conftest import RESUME_BOUND_S, fault_env
from tests.processes import kill_group, running, worker_argv
from tests.support.pipeline import offer
from tests.support.qbittorrent_nox import QbittorrentNox

pytestmark = pytest.mark.integration


@pytest.fixture
async def embedded(
    sqlite_db: AsyncSession, tmp_path: Path, qbt_daemon: QbittorrentNox, indexer: tuple[TorznabScenario, str]
) -> AsyncIterator[dict[str, str]]:
    """A worker's environment on embedded URLs, its SQLite database set up for the loopback pipeline."""
    scenario, base_url = indexer
    scenario.indexers[0].items.clear()
    category = f"kiosk-{uuid.uuid4().hex[:8]}"
    await put_setting(
        sqlite_db,
        "qbittorrent",
        {"url": qbt_daemon.url, "username": qbt_daemon.username, "password": qbt_daemon.password,
         "category": category},
    )  # fmt: skip
    await put_setting(
        sqlite_db,
        "indexers",
        [{"name": "LoopbackTracker", "base_url": prowlarr_url(base_url, "1"), "api_key": "simkey"}],
    )
    await sqlite_db.commit()
    data = tmp_path / "data"
    data.mkdir()
    yield {
        "DATA_DIR": str(data),
        "DATABASE_URL": sqlite_db.get_bind().engine.url.render_as_string(hide_password=False),
        "CELERY_BROKER_URL": f"sqla+sqlite:///{data / 'broker.sqlite3'}",
        "CELERY_RESULT_BACKEND": f"db+sqlite:///{data / 'task-results.sqlite3'}",
        **fault_env(),
    }
    scenario.indexers[0].delay_s = 0
    qbit = QbittorrentClient(
        QbittorrentConfig(
            url=qbt_daemon.url, username=qbt_daemon.username, password=qbt_daemon.password, category=category
        )
    )
    for torrent in await qbit.list_torrents():  # the run's qBittorrent is shared: leave it as found
        await qbit.delete(torrent.info_hash, delete_files=True)
    await qbit.close()


async def _status(db: AsyncSession, request_id: int) -> RequestStatus:
    db.expire_all()
    status = await db.scalar(select(MediaRequest.status).where(MediaRequest.id == request_id))
    assert status is not None
    return status


async def _until(db: AsyncSession, request_id: int, wanted: RequestStatus, within: float) -> None:
    deadline = time.monotonic() + within
    while await _status(db, request_id) is not wanted:
        assert time.monotonic() < deadline, f"not {wanted.value} within {within:.0f} s"
        await asyncio.sleep(0.1)


async def test_a_worker_killed_mid_search_on_sqlite_is_resumed(
    sqlite_db: AsyncSession,
    embedded: dict[str, str],
    indexer: tuple[TorznabScenario, str],
    seeders: Swarm,
    tmp_path: Path,
) -> None:
    scenario, _ = indexer
    film = seeders.seed("Inception.2010.1080p.BluRay.x264-SQL", {"Inception.2010.mkv": 300_000})
    offer(scenario, film, film.name, tmdb=27205, seeders=120)
    scenario.indexers[0].delay_s = 30  # the worker is inside the search when it dies
    request = await factories.media_request(
        sqlite_db, tmdb_id=27205, title="Inception", year=2010, celery_task_id="sent-below"
    )
    # The test sends the message itself, through a Celery app set up as the appliance's on embedded URLs.
    sender = Celery("embedded-test")
    configure(sender, Settings.model_validate(embedded))

    with running(worker_argv(), env=embedded, log=tmp_path / "workers.log", own_group=True) as first:
        sender.send_task(
            task_names.PROCESS_REQUEST, args=[request.id], task_id="sent-below", queue="requests"
        )
        await _until(sqlite_db, request.id, RequestStatus.SEARCHING, within=30)
        await asyncio.sleep(0.5)
        kill_group(first)
    lease = await sqlite_db.scalar(select(StepLease).where(StepLease.request_id == request.id))
    assert lease is not None and lease.task_id == "sent-below"

    scenario.indexers[0].delay_s = 0
    with running(worker_argv(), env=embedded, log=tmp_path / "workers.log", own_group=True):
        await _until(sqlite_db, request.id, RequestStatus.DOWNLOADING, within=RESUME_BOUND_S)

    rows = list(await sqlite_db.scalars(select(Download.info_hash).where(Download.request_id == request.id)))
    assert rows == [film.info_hash]
    sqlite_db.expire_all()
    assert await sqlite_db.scalar(select(StepLease).where(StepLease.request_id == request.id)) is None
    resumed = await sqlite_db.scalar(select(MediaRequest.celery_task_id).where(MediaRequest.id == request.id))
    assert resumed not in (None, "sent-below")
    sender.close()
