"""A torrent deleted in qBittorrent is noticed at the request page's next refresh, not at the 5-minute pass
(issue 17 item 4): the page says so and the monitor is asked to look now; its pass then searches again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.task_names import MONITOR_DOWNLOADS, PROCESS_REQUEST
from app.db import utcnow
from app.downloads import live
from app.downloads.models import Download
from app.media_requests import pipeline as request_pipeline
from app.media_requests.pipeline import watch_downloads
from app.media_requests.processing import process_request
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from tests import factories
from tests.integration.pipeline.test_monitor import Published, unseeded
from tests.support.broker_queue import queued
from tests.support.pipeline import Pipeline, offer

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No nudge sent by an earlier test; every refresh reads qBittorrent (the screens' cache is 3 s)."""
    monkeypatch.setattr(request_pipeline, "_nudged_at", -1e9)
    monkeypatch.setattr(live, "CACHE_SECONDS", 0.0)


async def test_a_torrent_deleted_in_qbittorrent_shows_on_the_next_refresh_and_the_monitor_looks_at_once(
    db: AsyncSession, pipeline: Pipeline, client: httpx.AsyncClient, broker: redis.Redis, tmp_path: Path
) -> None:
    nobody = unseeded(tmp_path, "Inception.2010.1080p.BluRay.x264-GONE")
    offer(pipeline.scenario, nobody, nobody.name, seeders=80, tmdb=27205)
    request = await factories.media_request(
        db, tmdb_id=27205, title="Inception", year=2010, celery_task_id="t"
    )
    assert (await process_request(db, request_id=request.id, task_id="t")).status == "DOWNLOADING"
    # Handed over a few minutes ago; then someone deletes it in qBittorrent's own screen.
    await db.execute(
        update(Download)
        .where(Download.request_id == request.id)
        .values(created_at=utcnow() - timedelta(minutes=5))
    )
    await db.commit()
    healthy = (await client.get(f"/api/v1/requests/{request.id}")).json()["download"]
    assert healthy["broken"] is False and [m.task for m in queued(broker, "downloads")] == []
    await pipeline.qbit.delete(nobody.info_hash, delete_files=True)

    page = (await client.get(f"/api/v1/requests/{request.id}")).json()
    again = (await client.get(f"/api/v1/requests/{request.id}")).json()

    assert page["download"]["broken"] is True and again["download"]["broken"] is True
    # One look asked for, however often the screens refresh.
    assert [m.task for m in queued(broker, "downloads")] == [MONITOR_DOWNLOADS]
    published = Published()
    await watch_downloads(db, pipeline.qbit, send=published)
    assert [(task, request_id) for task, request_id, _ in published] == [(PROCESS_REQUEST, request.id)]
    moved = await get_request(db, request.id, with_events=True)
    assert moved.status is RequestStatus.SEARCHING
    assert "disappeared from qBittorrent" in moved.events[-1].reason


async def test_a_torrent_just_handed_over_is_not_called_broken_before_qbittorrent_lists_it(
    db: AsyncSession, pipeline: Pipeline, client: httpx.AsyncClient, broker: redis.Redis, tmp_path: Path
) -> None:
    nobody = unseeded(tmp_path, "Inception.2010.720p.BluRay.x264-YOUNG")
    offer(pipeline.scenario, nobody, nobody.name, seeders=80, tmdb=27205)
    request = await factories.media_request(
        db, tmdb_id=27205, title="Inception", year=2010, celery_task_id="t"
    )
    assert (await process_request(db, request_id=request.id, task_id="t")).status == "DOWNLOADING"
    await pipeline.qbit.delete(nobody.info_hash, delete_files=True)

    page = (await client.get(f"/api/v1/requests/{request.id}")).json()

    assert page["download"]["broken"] is False and [m.task for m in queued(broker, "downloads")] == []
