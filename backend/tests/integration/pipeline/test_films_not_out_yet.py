"""A film requested before it is out waits in AWAITING_RELEASE, with its date, and is searched from that day.

The real path on PostgreSQL: TMDB's release dates from the TMDB simulator set up in Settings (read once,
through the database cache), the reconciler that queues the film again, the Torznab simulator and a real
qbittorrent-nox downloading from the loopback swarm. The clock is moved by the test, never slept on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app, release_dates_entry
from app.catalog.models import TmdbCacheEntry
from app.config import get_settings
from app.db import utcnow
from app.media_requests.creation import NewRequest, create_request
from app.media_requests.pipeline import reconcile
from app.media_requests.processing import process_request
from app.media_requests.reconcile import find_expired_searches, find_stuck
from app.media_requests.schemas import RequestCreate, RequestDetail
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.releases.models import Release
from app.releases.quality_profiles import HD_1080P
from app.settings.service import put_setting
from tests import factories
from tests.support.pipeline import Pipeline, offer

pytestmark = pytest.mark.integration

FILM_ID = 1_184_918
TITLE = "The Wild Robot"
CAM = "The.Wild.Robot.2024.CAM.x264-NOGRP"
WEB = "The.Wild.Robot.2024.1080p.WEB-DL.x264-GRP"


def _today() -> date:
    return utcnow().astimezone(ZoneInfo(get_settings().timezone)).date()


@dataclass
class TmdbServer:
    """The TMDB simulator: what it knows, and where it answers."""

    scenario: TmdbScenario
    url: str


@pytest.fixture
def tmdb() -> Iterator[TmdbServer]:
    """TMDB knows the film; each test writes its release dates."""
    scenario = TmdbScenario()
    scenario.movies[FILM_ID] = {
        "id": FILM_ID, "title": TITLE, "original_title": TITLE, "original_language": "en",
        "release_date": "2024-09-12", "runtime": 102, "genres": [{"id": 16, "name": "Animation"}],
    }  # fmt: skip
    with serve(create_app(scenario)) as base_url:
        yield TmdbServer(scenario, base_url)


async def _use_tmdb(db: AsyncSession, tmdb: TmdbServer) -> None:
    await put_setting(db, "tmdb", {"api_key": tmdb.scenario.api_key, "base_url": f"{tmdb.url}/3"})
    # A cached answer from another test would hide this test's dates.
    await db.execute(delete(TmdbCacheEntry))
    await db.commit()


async def _request(db: AsyncSession) -> int:
    film: dict[str, Any] = {"tmdb_id": FILM_ID, "title": TITLE, "year": 2024}
    return (await factories.media_request(db, **film, celery_task_id="t")).id


async def _recorder(sent: list[tuple[str, int]]) -> Any:
    async def send(task: str, request_id: int, **_: object) -> bool:
        sent.append((task, request_id))
        return True

    return send


async def test_a_film_out_in_ten_days_waits_with_its_date_then_is_grabbed_from_that_day(
    db: AsyncSession, pipeline: Pipeline, seeders: Swarm, tmdb: TmdbServer
) -> None:
    out_on = _today() + timedelta(days=10)
    tmdb.scenario.release_dates[FILM_ID] = [
        release_dates_entry("US", (3, (_today() - timedelta(days=20)).isoformat())),
        release_dates_entry("FR", (3, (_today() - timedelta(days=5)).isoformat()), (4, out_on.isoformat())),
    ]
    await _use_tmdb(db, tmdb)
    offer(pipeline.scenario, None, CAM, seeders=900, tmdb=FILM_ID)
    request_id = await _request(db)
    now = utcnow()

    waiting = await process_request(db, request_id=request_id, task_id="t", now=now)

    assert waiting.status == "AWAITING_RELEASE"
    row = await get_request(db, request_id, with_events=True)
    shown = RequestDetail.model_validate(row)
    assert shown.status is RequestStatus.AWAITING_RELEASE and shown.release_date == out_on
    assert shown.timeline[-1].details == {
        "code": "awaiting_release", "release_date": out_on.isoformat(), "kind": "digital"
    }  # fmt: skip
    assert await pipeline.qbit.list_torrents() == []
    assert list(await db.scalars(select(Release).where(Release.request_id == request_id))) == []

    # Nothing to do before its date but read TMDB again once a week; a second request joins this one.
    sent: list[tuple[str, int]] = []
    assert (await reconcile(db, send=await _recorder(sent)))["queued"] == []
    data = RequestCreate(media_type="movie", tmdb_id=FILM_ID, title=TITLE, year=2024)
    again, created = await create_request(db, NewRequest(data, task_id="t-again"))
    assert (again.id, created) == (request_id, False)
    week = await reconcile(db, send=await _recorder(sent), now_delta=timedelta(days=7, minutes=1))
    assert request_id in week["queued"]
    still = await process_request(db, request_id=request_id, task_id="t2", now=now + timedelta(days=7))
    assert still.status == "AWAITING_RELEASE"
    row = await get_request(db, request_id, with_events=True)
    assert row.next_search_at == datetime.combine(
        out_on, datetime.min.time(), ZoneInfo(get_settings().timezone)
    )
    assert [e.to_status for e in row.events].count(RequestStatus.AWAITING_RELEASE) == 1  # no new event

    # Its day: the reconciler queues it, the search runs and the real copy, now listed, is grabbed.
    web = seeders.seed(WEB, {f"{WEB}.mkv": 1_500_000})
    offer(pipeline.scenario, web, WEB, seeders=120, tmdb=FILM_ID)
    release_day = row.next_search_at + timedelta(hours=1)
    assert (
        request_id
        in (await reconcile(db, send=await _recorder(sent), now_delta=release_day - utcnow()))["queued"]
    )
    searched = await process_request(db, request_id=request_id, task_id="t3", now=release_day)

    assert searched.status == "DOWNLOADING", searched.detail
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [web.info_hash]
    timeline = [e.to_status for e in (await get_request(db, request_id, with_events=True)).events]
    assert timeline[-3:] == [
        RequestStatus.AWAITING_RELEASE,
        RequestStatus.SEARCHING,
        RequestStatus.DOWNLOADING,
    ]


async def test_a_film_only_in_cinemas_is_not_grabbed_unless_the_profile_takes_cam_copies(
    db: AsyncSession, pipeline: Pipeline, seeders: Swarm, tmdb: TmdbServer
) -> None:
    in_cinemas_since = _today() - timedelta(days=20)
    tmdb.scenario.release_dates[FILM_ID] = [release_dates_entry("FR", (3, in_cinemas_since.isoformat()))]
    await _use_tmdb(db, tmdb)
    cam = seeders.seed(CAM, {f"{CAM}.mkv": 900_000})
    offer(pipeline.scenario, cam, CAM, seeders=900, size=1_400_000_000, tmdb=FILM_ID)
    first = await _request(db)

    waiting = await process_request(db, request_id=first, task_id="t")

    assert waiting.status == "AWAITING_RELEASE"
    row = await get_request(db, first)
    # No home date on TMDB: expected four months after the cinema, TMDB asked again tomorrow.
    assert row.release_date == in_cinemas_since + timedelta(days=120)
    assert row.next_search_at is not None and row.next_search_at <= utcnow() + timedelta(days=1)
    assert await pipeline.qbit.list_torrents() == []

    # A household whose profile takes camera copies gets the cinema film now.
    await factories.request_left_as(db, first, status="CANCELLED")
    with_cam = HD_1080P.to_dict() | {"name": "Cinéma", "allowed": ["CAM", *HD_1080P.to_dict()["allowed"]]}
    await put_setting(
        db, "quality_profiles", {"profiles": [with_cam], "default_movie": "Cinéma", "default_tv": "Cinéma"}
    )
    await db.commit()
    second = await _request(db)

    searched = await process_request(db, request_id=second, task_id="t")

    assert searched.status == "DOWNLOADING", searched.detail
    assert [t.info_hash for t in await pipeline.qbit.list_torrents()] == [cam.info_hash]


async def test_the_search_window_counts_from_the_release_date_not_the_request(db: AsyncSession) -> None:
    asked = utcnow() - timedelta(days=20)
    late = await factories.media_request(
        db, tmdb_id=FILM_ID, title=TITLE, status="NOT_FOUND", created_at=asked,
        release_date=_today() - timedelta(days=5), next_search_at=utcnow() - timedelta(minutes=1),
    )  # fmt: skip
    plain = await factories.media_request(
        db, tmdb_id=603, title="The Matrix", status="NOT_FOUND", created_at=asked, next_search_at=utcnow()
    )

    # 20 days after the request but 5 after the release: still searched; the plain request's 14 days are over.
    assert late.id in [s.request_id for s in await find_stuck(db)]
    assert await find_expired_searches(db) == [plain.id]
    # Ten days on, 15 days after the release: given up too.
    assert late.id in await find_expired_searches(db, now_delta=timedelta(days=10))


async def test_a_release_date_tmdb_moves_is_followed_and_noted(
    db: AsyncSession, pipeline: Pipeline, tmdb: TmdbServer
) -> None:
    first = _today() + timedelta(days=20)
    tmdb.scenario.release_dates[FILM_ID] = [release_dates_entry("FR", (4, first.isoformat()))]
    await _use_tmdb(db, tmdb)
    request_id = await _request(db)
    now = utcnow()
    assert (
        await process_request(db, request_id=request_id, task_id="t", now=now)
    ).status == "AWAITING_RELEASE"

    # The studio pushes the film back; a week later the step reads TMDB again (its answer expired).
    later = first + timedelta(days=30)
    tmdb.scenario.release_dates[FILM_ID] = [release_dates_entry("FR", (4, later.isoformat()))]
    await db.execute(delete(TmdbCacheEntry))
    await db.commit()
    week = now + timedelta(days=7, minutes=1)
    again = await process_request(db, request_id=request_id, task_id="t2", now=week)

    assert again.status == "AWAITING_RELEASE"
    row = await get_request(db, request_id, with_events=True)
    assert row.release_date == later
    note = row.events[-1]
    assert (note.from_status, note.to_status) == (
        RequestStatus.AWAITING_RELEASE,
        RequestStatus.AWAITING_RELEASE,
    )
    assert note.details == {"code": "awaiting_release", "release_date": later.isoformat(), "kind": "digital"}
