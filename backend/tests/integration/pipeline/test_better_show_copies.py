"""Better copies later, for shows (issue 16 item 5): a season that came as a 720p copy is looked for again
daily and, once a 1080p BluRay season pack appears, its episodes are replaced under the same Plex names, the
old files staying (hidden) until Plex lists the show again after the scan. On PostgreSQL, qbittorrent-nox with
the local seeder, the Torznab and Plex simulators; the clock is moved by the test."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import SeededTorrent, Swarm
from app.celery_app.task_names import PROCESS_REQUEST
from app.config import get_settings
from app.db import utcnow
from app.downloads.models import Download, DownloadState
from app.media_requests.availability import confirm_available, refresh_requests
from app.media_requests.completion import complete_request
from app.media_requests.processing import process_request
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.media_requests.upgrades import look_for_better_copies
from app.releases.models import Release
from tests import factories
from tests.support.broker_queue import Sent
from tests.support.pipeline import Pipeline, PlexServer, finish_download, offer

pytestmark = pytest.mark.integration

TVDB_ID = 934051
HDTV = {1: b"\x1a\x45\xdf\xa3" + b"hdtv one " * 40_000, 2: b"\x1a\x45\xdf\xa3" + b"hdtv two " * 40_000}
BLURAY = {
    1: b"\x1a\x45\xdf\xa3" + b"bluray episode one " * 20_000,
    2: b"\x1a\x45\xdf\xa3" + b"bluray episode two " * 20_000,
}


def _season_folder() -> Path:
    library = get_settings().library_root
    assert library is not None
    return library / "TV Shows" / "Night Shift (2026)" / "Season 01"


def _episode(number: int) -> Path:
    return _season_folder() / f"Night Shift (2026) - s01e{number:02d}.mkv"


def _season_pack(seeders: Swarm, pipeline: Pipeline, name: str, files: dict[int, bytes]) -> SeededTorrent:
    """A whole season 1 on the indexer (and in the swarm)."""
    tags = name.split(".S01.", 1)[1]
    content = {f"{name}/Night.Shift.S01E{n:02d}.{tags}.mkv": data for n, data in files.items()}
    seeded = seeders.seed(name, content)
    offer(pipeline.scenario, seeded, name, tvdb=TVDB_ID, season=1, size=3_000_000_000, categories=[5040])
    return seeded


async def test_a_720p_season_is_replaced_by_a_1080p_bluray_season_pack_when_one_appears(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm
) -> None:
    plex.scenario.scans.agent_matches["Night Shift (2026)"] = {"tmdb": "93405", "tvdb": str(TVDB_ID)}
    _season_pack(seeders, pipeline, "Night.Shift.S01.720p.HDTV.x264-GRP", HDTV)
    # A followed show: the better copy must not stop it being followed.
    request = await factories.media_request(
        db, media_type="tv", tmdb_id=93405, tvdb_id=TVDB_ID, title="Night Shift", year=2026, seasons=[1],
        celery_task_id="t", follow="everything", followed=True,
    )  # fmt: skip
    assert (await process_request(db, request_id=request.id, task_id="t")).status == "DOWNLOADING"
    await finish_download(db, pipeline, seeders)
    assert (await complete_request(db, request_id=request.id, task_id="i")).status == "COMPLETED"
    assert await confirm_available(db, request_id=request.id) == "AVAILABLE"
    assert [_episode(n).read_bytes() for n in (1, 2)] == [HDTV[1], HDTV[2]]

    # Nothing better yet: looked at, left alone, looked at again tomorrow (not before).
    now = utcnow()
    sent = Sent()
    first = await look_for_better_copies(db, now=now, send=sent)
    assert (first.looked_at, first.upgrading) == ([request.id], [])
    assert (await look_for_better_copies(db, now=now + timedelta(hours=2), send=sent)).looked_at == []

    bluray = _season_pack(seeders, pipeline, "Night.Shift.S01.1080p.BluRay.x264-NTb", BLURAY)
    tomorrow = await look_for_better_copies(db, now=now + timedelta(days=1, minutes=1), send=sent)

    assert tomorrow.upgrading == [request.id]
    assert [(t.task, *t.args) for t in sent.tasks] == [(PROCESS_REQUEST, request.id)]
    row = await get_request(db, request.id, with_events=True)
    assert (row.status, row.upgrade_from) == (RequestStatus.SEARCHING, "HDTV-720p")
    assert row.events[-1].reason.startswith("A better copy was found for season 1: " + bluray.name)
    assert row.events[-1].details is not None
    assert row.events[-1].details["seasons"] == [
        {"season": 1, "from": "HDTV-720p", "to": "Bluray-1080p", "release": bluray.name}
    ]

    result = await process_request(db, request_id=request.id, task_id=row.celery_task_id)
    assert result.status == "DOWNLOADING", result.detail
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [bluray.info_hash]
    assert _episode(1).read_bytes() == HDTV[1], "the old copy stays in Plex while the better one downloads"
    # The hourly Plex sync meanwhile: the show is in Plex, but the request is fetching its better copy.
    await refresh_requests(db, tmdb=None)
    assert (await get_request(db, request.id)).status is RequestStatus.DOWNLOADING

    await finish_download(db, pipeline, seeders)
    done = await complete_request(db, request_id=request.id, task_id="i2")

    assert done.status == "COMPLETED", done.detail
    # Same Plex names, the new episodes in them; the old ones wait hidden until Plex lists the show again.
    assert [_episode(n).read_bytes() for n in (1, 2)] == [BLURAY[1], BLURAY[2]]
    hidden = sorted(p.read_bytes() for p in _season_folder().iterdir() if p.name.startswith("."))
    assert hidden == sorted([HDTV[1], HDTV[2]])
    final = await get_request(db, request.id, with_events=True)
    assert final.upgrade_from is None
    assert final.events[-1].reason.startswith(
        "A better copy is in the library in place of the HDTV-720p one (season 1: HDTV-720p → Bluray-1080p)."
    )
    assert final.events[-1].details is not None
    assert final.events[-1].details["upgraded"] == [{"season": 1, "from": "HDTV-720p", "to": "Bluray-1080p"}]

    assert await confirm_available(db, request_id=request.id) == "AVAILABLE"
    assert sorted(p.name for p in _season_folder().iterdir()) == [_episode(1).name, _episode(2).name]
    assert [_episode(n).read_bytes() for n in (1, 2)] == [BLURAY[1], BLURAY[2]]
    assert (await get_request(db, request.id)).followed, "still followed for its new episodes"

    # At its cutoff now: the next daily passes grab nothing, whatever the indexer lists.
    _season_pack(seeders, pipeline, "Night.Shift.S01.1080p.WEB-DL.x264-WEB", HDTV)
    later = await look_for_better_copies(db, now=now + timedelta(days=2, minutes=2), send=sent)
    assert (later.at_cutoff, later.upgrading) == ([request.id], [])
    assert (await look_for_better_copies(db, now=now + timedelta(days=3), send=sent)).looked_at == []
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [bluray.info_hash]
    assert (await get_request(db, request.id)).status is RequestStatus.AVAILABLE


async def _arrived(db: AsyncSession, request_id: int, season: int, quality: str, at: datetime) -> None:
    """Season `season` came in as `quality`, its download finished `at` (a followed show's rounds)."""
    name = f"Night.Shift.S{season:02d}.720p.HDTV.x264-GRP"
    release = Release(
        request_id=request_id,
        indexer="sim",
        title=name,
        quality=quality,
        parsed={"season": season},
        chosen=True,
    )
    db.add(release)
    await db.flush()
    db.add(
        Download(
            request_id=request_id,
            release_id=release.id,
            info_hash=f"{season:040x}",
            name=name,
            season=season,
            state=DownloadState.SEEDING_DONE,
            progress=1.0,
            completed_at=at,
        )
    )
    await db.commit()


async def test_a_season_that_arrives_months_later_is_looked_at_for_its_own_window(
    db: AsyncSession, pipeline: Pipeline, seeders: Swarm
) -> None:
    now = utcnow()
    request = await factories.media_request(
        db, media_type="tv", tmdb_id=93405, tvdb_id=TVDB_ID, title="Night Shift", year=2026, seasons=[1, 2],
        status=RequestStatus.AVAILABLE, follow="everything", followed=True,
    )  # fmt: skip
    await factories.request_left_as(db, request, completed_at=now - timedelta(days=200))
    await _arrived(db, request.id, 1, "HDTV-720p", now - timedelta(days=200))
    await _arrived(db, request.id, 2, "HDTV-720p", now - timedelta(days=3))
    _season_pack(seeders, pipeline, "Night.Shift.S01.1080p.BluRay.x264-NTb", BLURAY)
    season_2 = seeders.seed("Night.Shift.S02.1080p.BluRay.x264-NTb", {"Night.Shift.S02E01.mkv": BLURAY[1]})
    offer(
        pipeline.scenario,
        season_2,
        season_2.name,
        tvdb=TVDB_ID,
        season=2,
        size=3_000_000_000,
        categories=[5040],
    )

    sent = Sent()
    report = await look_for_better_copies(db, now=now, send=sent)

    # Season 1's thirty days ended long ago; season 2 came three days ago and gets its better copy.
    assert report.upgrading == [request.id]
    row = await get_request(db, request.id, with_events=True)
    assert row.events[-1].details is not None
    assert [note["season"] for note in row.events[-1].details["seasons"]] == [2]
    # Past season 2's window too, nothing is looked at.
    await factories.request_left_as(db, request, status=RequestStatus.AVAILABLE, next_upgrade_at=None)
    assert (await look_for_better_copies(db, now=now + timedelta(days=28), send=sent)).looked_at == []
