"""qBittorrent not answering when the search hands it the release: the step fails as transient (to be tried
again) and leaves no download behind, so the next try adds the torrent instead of taking it for started.
Real qbittorrent-nox and Torznab simulator; qBittorrent's address refusing connections, then back."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.downloads.models import Download
from app.integrations.errors import TransientError
from app.media_requests.processing import process_request
from app.media_requests.states import RequestStatus
from app.releases.models import Release
from app.settings.service import get_setting, put_setting
from tests import factories
from tests.processes import free_port
from tests.support.pipeline import Pipeline, offer

pytestmark = pytest.mark.integration


async def test_the_retry_after_qbittorrent_was_down_adds_the_torrent(
    db: AsyncSession, pipeline: Pipeline, seeders: Swarm
) -> None:
    film = seeders.seed("Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.mkv": 300_000})
    offer(pipeline.scenario, film, film.name, tmdb=27205, seeders=80)
    request = await factories.media_request(db, title="Inception", tmdb_id=27205, year=2010)
    qbit = dict(await get_setting(db, "qbittorrent"))
    await put_setting(db, "qbittorrent", {**qbit, "url": f"http://127.0.0.1:{free_port()}"})
    await db.commit()

    with pytest.raises(TransientError):
        await process_request(db, request_id=request.id, task_id="first-try")
    await db.rollback()
    left = list(await db.scalars(select(Download).where(Download.request_id == request.id)))
    chosen = list(await db.scalars(select(Release).where(Release.request_id == request.id, Release.chosen)))
    assert left == [] and chosen == []

    await put_setting(db, "qbittorrent", qbit)  # qBittorrent is back
    await db.commit()
    result = await process_request(db, request_id=request.id, task_id="retry")

    assert result.status == RequestStatus.DOWNLOADING.value, result.detail
    assert not result.detail.startswith("Resuming")
    assert await pipeline.qbit.get_torrent(film.info_hash) is not None
    downloads = list(await db.scalars(select(Download).where(Download.request_id == request.id)))
    assert [d.info_hash for d in downloads] == [film.info_hash]
