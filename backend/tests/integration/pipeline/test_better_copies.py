"""Better copies later (issue 16 item 5): a film whose copy is below its profile's cutoff is looked for again
daily, for 30 days; a better release replaces the file in the library, the old one staying until Plex
lists the new one. On PostgreSQL, qbittorrent-nox with the local seeder, the Torznab and Plex simulators;
the clock is moved by the test."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery.result import AsyncResult
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.celery_app.application import celery_app
from app.celery_app.publish import publish
from app.celery_app.task_names import PROCESS_REQUEST, UPGRADE_COPIES
from app.config import get_settings
from app.db import utcnow
from app.media_requests.availability import confirm_available, refresh_requests
from app.media_requests.completion import ImportProblem, complete_request
from app.media_requests.processing import process_request
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.media_requests.upgrades import look_for_better_copies
from app.releases.models import Release
from tests import factories
from tests.processes import celery_argv, free_port, running
from tests.support.broker_queue import queued
from tests.support.pipeline import Pipeline, PlexServer, finish_download, offer

pytestmark = pytest.mark.integration

FIRST = b"\x1a\x45\xdf\xa3" + b"seven twenty " * 90_000
BETTER = b"\x1a\x45\xdf\xa3" + b"ten eighty bluray " * 80_000


async def _accept(*_: object, **__: object) -> bool:
    return True


def _film() -> Path:
    library = get_settings().library_root
    assert library is not None
    return library / "Movies" / "Inception (2010)" / "Inception (2010).mkv"


async def test_a_720p_copy_is_replaced_by_a_1080p_bluray_when_one_appears(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm
) -> None:
    web = seeders.seed("Inception.2010.720p.WEB-DL.x264-WEB", {"Inception.2010.720p.mkv": FIRST})
    offer(pipeline.scenario, web, web.name, seeders=40, tmdb=27205)
    request = await factories.media_request(
        db, tmdb_id=27205, title="Inception", year=2010, celery_task_id="t"
    )
    assert (await process_request(db, request_id=request.id, task_id="t")).status == "DOWNLOADING"
    await finish_download(db, pipeline, seeders)
    assert (await complete_request(db, request_id=request.id, task_id="i")).status == "COMPLETED"
    await factories.request_left_as(db, request, status=RequestStatus.AVAILABLE)
    sent: list[tuple[str, int]] = []

    async def send(task: str, request_id: int, **_: object) -> bool:
        sent.append((task, request_id))
        return True

    # Nothing better yet: looked at, left alone, looked at again tomorrow (not before).
    now = utcnow()
    first = await look_for_better_copies(db, now=now, send=send)
    assert (first.looked_at, first.upgrading) == ([request.id], [])
    assert (await look_for_better_copies(db, now=now + timedelta(hours=2), send=send)).looked_at == []

    better = seeders.seed("Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.mkv": BETTER})
    offer(pipeline.scenario, better, better.name, seeders=15, tmdb=27205)
    tomorrow = await look_for_better_copies(db, now=now + timedelta(days=1, minutes=1), send=send)

    assert tomorrow.upgrading == [request.id]
    assert sent == [(PROCESS_REQUEST, request.id)]
    row = await get_request(db, request.id, with_events=True)
    assert (row.status, row.upgrade_from) == (RequestStatus.SEARCHING, "WEBDL-720p")
    assert row.events[-1].details == {
        "code": "upgrade", "from": "WEBDL-720p", "to": "Bluray-1080p", "release": better.name
    }  # fmt: skip

    result = await process_request(db, request_id=request.id, task_id=row.celery_task_id)
    assert result.status == "DOWNLOADING", result.detail
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [better.info_hash]
    assert _film().read_bytes() == FIRST, "the old copy stays in Plex while the better one downloads"
    await factories.library_item(db, title="Inception", tmdb_id=27205, year=2010)
    await refresh_requests(db, tmdb=None)
    assert (await get_request(db, request.id)).status is RequestStatus.DOWNLOADING

    await finish_download(db, pipeline, seeders)
    done = await complete_request(db, request_id=request.id, task_id="i2")

    assert done.status == "COMPLETED", done.detail
    assert _film().read_bytes() == BETTER
    # The old copy waits under a hidden name (Plex skips those) until Plex lists the film after the scan.
    [kept] = [p for p in _film().parent.iterdir() if p.name != _film().name]
    assert kept.name.startswith(".") and kept.read_bytes() == FIRST
    final = await get_request(db, request.id, with_events=True)
    assert final.upgrade_from is None
    assert final.events[-1].reason.startswith(
        "A better copy is in the library in place of the WEBDL-720p one."
    )
    assert final.events[-1].details is not None and final.events[-1].details["upgraded_from"] == "WEBDL-720p"

    assert await confirm_available(db, request_id=request.id) == "AVAILABLE"
    assert sorted(p.name for p in _film().parent.iterdir()) == ["Inception (2010).mkv"], "no old copy left"
    assert _film().read_bytes() == BETTER


async def test_a_better_copy_that_cannot_all_be_placed_leaves_the_old_one_in_place(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm
) -> None:
    web = seeders.seed("Inception.2010.720p.WEB-DL.x264-WEB", {"Inception.2010.720p.mkv": FIRST})
    offer(pipeline.scenario, web, web.name, seeders=40, tmdb=27205)
    request = await factories.media_request(
        db, tmdb_id=27205, title="Inception", year=2010, celery_task_id="t"
    )
    assert (await process_request(db, request_id=request.id, task_id="t")).status == "DOWNLOADING"
    await finish_download(db, pipeline, seeders)
    assert (await complete_request(db, request_id=request.id, task_id="i")).status == "COMPLETED"
    await factories.request_left_as(db, request, status=RequestStatus.AVAILABLE)
    files = {
        "Inception.2010.1080p.mkv": BETTER,
        "Inception.2010.1080p.en.srt": b"1\n00:00:01 --> 00:00:02\nHi\n",
    }
    better = seeders.seed("Inception.2010.1080p.BluRay.x264-GRP", files)
    offer(pipeline.scenario, better, better.name, seeders=15, tmdb=27205)
    later = await look_for_better_copies(db, now=utcnow() + timedelta(days=1, minutes=1), send=_accept)
    assert later.upgrading == [request.id]
    searching = await get_request(db, request.id)
    assert (await process_request(db, request_id=request.id, task_id=searching.celery_task_id)).status == (
        "DOWNLOADING"
    )
    await finish_download(db, pipeline, seeders)
    # Something that is not a file holds the subtitle's name: the video goes in, the subtitle cannot.
    (_film().parent / "Inception (2010).en.srt").mkdir()

    with pytest.raises(ImportProblem):
        await complete_request(db, request_id=request.id, task_id="i2")

    # The old copy has its name back (the retry tries again); nothing is left hidden beside it.
    assert _film().read_bytes() == FIRST
    assert sorted(p.name for p in _film().parent.iterdir()) == [
        "Inception (2010).en.srt",
        "Inception (2010).mkv",
    ]


async def test_only_films_below_their_cutoff_within_30_days_are_looked_at(
    db: AsyncSession, pipeline: Pipeline
) -> None:
    now = utcnow()
    recent = await factories.media_request(
        db,
        tmdb_id=27205,
        title="Inception",
        status=RequestStatus.AVAILABLE,
        completed_at=now - timedelta(days=3),
    )
    old = await factories.media_request(
        db,
        tmdb_id=603,
        title="The Matrix",
        status=RequestStatus.AVAILABLE,
        completed_at=now - timedelta(days=31),
    )
    best = await factories.media_request(
        db, tmdb_id=155, title="The Dark Knight", status=RequestStatus.AVAILABLE, completed_at=now
    )
    for row, quality in ((recent, "WEBDL-720p"), (old, "WEBDL-720p"), (best, "Bluray-1080p")):
        db.add(Release(request_id=row.id, indexer="x", title=f"{row.title} {quality}", quality=quality,
                       chosen=True))  # fmt: skip
    await db.commit()

    report = await look_for_better_copies(db, now=now, send=_accept)

    assert sorted(report.looked_at) == sorted([recent.id, best.id])
    assert report.at_cutoff == [best.id] and report.upgrading == []
    # At its cutoff a film is never looked at again; the one below it is, tomorrow.
    later = await look_for_better_copies(db, now=now + timedelta(days=1, minutes=1), send=_accept)
    assert later.looked_at == [recent.id]


async def test_the_daily_job_runs_in_a_real_worker_on_the_requests_queue(
    db: AsyncSession, pipeline: Pipeline, broker: redis.Redis, tmp_path: Path
) -> None:
    below = await factories.media_request(
        db, tmdb_id=27205, title="Inception", status=RequestStatus.AVAILABLE, completed_at=utcnow()
    )
    db.add(
        Release(request_id=below.id, indexer="x", title="Inception 720p", quality="WEBDL-720p", chosen=True)
    )
    await db.commit()
    task_id = f"upgrade-{free_port()}"
    assert await publish(UPGRADE_COPIES, task_id=task_id, expires=3600)
    assert task_id in [m.id for m in queued(broker)], "sent to `requests`"

    argv = celery_argv(
        "worker", "-Q", "requests", "--pool=solo", "--loglevel=info", "--without-mingle", "--without-gossip",
        "-n", f"upgrades-{free_port()}@%h",
    )  # fmt: skip
    with running(argv, log=tmp_path / "worker.log"):
        result = AsyncResult(task_id, app=celery_app).get(timeout=60)

    assert result == {"looked_at": [below.id], "upgrading": [], "at_cutoff": []}
    assert (await get_request(db, below.id)).next_upgrade_at is not None  # looked at again tomorrow
