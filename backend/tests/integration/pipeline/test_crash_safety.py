"""A worker killed in the middle of a step: the rerun finishes the job without a second torrent."""

from __future__ import annotations

import asyncio
import signal
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.celery_app import task_names
from app.celery_app.publish import publish
from app.downloads.models import Download
from app.media_requests import reconcile
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.workers.download_monitor_worker import _reconcile
from tests import factories
from tests.processes import running, worker_argv
from tests.support.pipeline import Pipeline, offer

pytestmark = pytest.mark.integration


async def test_a_worker_killed_between_two_grabs_leaves_one_torrent_per_season(
    db: AsyncSession,
    broker: redis.Redis,
    pipeline: Pipeline,
    seeders: Swarm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = seeders.seed("Dark.S01.1080p.WEB-DL.x264-ONE", {"Dark.S01E01.mkv": 300_000})
    offer(pipeline.scenario, first, first.name, tvdb=121, season=1, categories=[5000])
    second = seeders.seed("Dark.S02.1080p.WEB-DL.x264-TWO", {"Dark.S02E01.mkv": 300_000})
    slow = offer(pipeline.scenario, second, second.name, tvdb=121, season=2, categories=[5000])
    slow.download_delay_s = 30  # the worker will be inside this fetch when it dies
    request = await factories.media_request(
        db, media_type="tv", tmdb_id=70523, tvdb_id=121, title="Dark", year=2017, seasons=[1, 2],
        celery_task_id="lost-with-the-worker",
    )  # fmt: skip

    with running(worker_argv(), log=tmp_path / "killed.log") as worker:
        assert await publish(task_names.PROCESS_REQUEST, request.id, task_id="lost-with-the-worker")
        for _ in range(200):
            if await pipeline.qbit.get_torrent(first.info_hash) is not None:
                break
            await asyncio.sleep(0.1)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [first.info_hash]
    assert (await get_request(db, request.id)).status is RequestStatus.SEARCHING

    # Its message died with it; the reconciler finds the request stuck in SEARCHING and queues it again.
    slow.download_delay_s = 0
    with running(worker_argv(), log=tmp_path / "rerun.log"):
        # Half an hour later: SEARCHING for longer than a search can take.
        monkeypatch.setattr(reconcile, "SEARCHING_GRACE", timedelta(seconds=0))
        reconciled = await _reconcile()
        assert request.id in reconciled["queued"]
        for _ in range(300):
            db.expire_all()
            if (await get_request(db, request.id)).status is RequestStatus.DOWNLOADING:
                break
            await asyncio.sleep(0.1)

    assert (await get_request(db, request.id)).status is RequestStatus.DOWNLOADING
    hashes = sorted(t.info_hash for t in await pipeline.qbit.list_torrents())
    assert hashes == sorted([first.info_hash, second.info_hash])
    rows = list(
        await db.scalars(select(Download.info_hash, Download.season).where(Download.request_id == request.id))
    )
    assert len(rows) == 2
