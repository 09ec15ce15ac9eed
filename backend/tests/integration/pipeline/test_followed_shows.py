"""Monitored shows (issue 16 item 1): a show asked for while it airs gets each new episode as it comes out.

On PostgreSQL: the TMDB simulator's season grows between two daily passes, the Torznab simulator lists the
releases, a real qbittorrent-nox downloads the new episode from the loopback swarm, the import names it
after Plex and TMDB, and the Plex simulator's scan lists it. The pass's clock is injected, never slept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from celery.result import AsyncResult
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import SeededTorrent, Swarm
from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.celery_app import task_names
from app.celery_app.application import celery_app
from app.celery_app.publish import publish
from app.celery_app.task_names import FOLLOW_SHOWS
from app.config import get_settings
from app.db import utcnow
from app.integrations.tmdb import TmdbClient, TmdbConfig
from app.library.models import LibraryItem
from app.media_requests.availability import confirm_available, refresh_requests
from app.media_requests.completion import complete_request
from app.media_requests.followed_shows import ARRIVED_CODE, NEVER, SEARCH_CODE, follow_shows
from app.media_requests.models import RequestEvent
from app.media_requests.processing import process_request
from app.media_requests.reconcile import find_expired_searches
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.settings.service import put_setting
from tests import factories
from tests.processes import celery_argv, free_port, running
from tests.support.broker_queue import Sent, queued, queued_anywhere
from tests.support.pipeline import Pipeline, PlexServer, content_files, finish_download, offer

pytestmark = pytest.mark.integration

SHOW_ID = 93405
TITLES = ["Le Premier Soir", "La Ronde", "Les Fantômes", "Le Dernier Train"]


def _season(number: int, air_days: list[str | None]) -> dict[str, Any]:
    """A season's details in TMDB's shape (see the recorded tv-season-details.json)."""
    episodes: list[dict[str, Any]] = [
        {"air_date": day, "episode_number": n, "episode_type": "standard", "id": SHOW_ID * 100 + n,
         "name": TITLES[n - 1], "overview": "", "production_code": "", "runtime": 50,
         "season_number": number, "show_id": SHOW_ID, "still_path": None, "vote_average": 8.0,
         "vote_count": 10, "crew": [], "guest_stars": []}
        for n, day in enumerate(air_days, start=1)
    ]  # fmt: skip
    return {"_id": f"s{number}", "air_date": air_days[0], "episodes": episodes, "name": f"Saison {number}",
            "overview": "", "id": number, "poster_path": None, "season_number": number,
            "vote_average": 8.0}  # fmt: skip


@pytest.fixture
def tmdb() -> Iterator[tuple[TmdbScenario, str]]:
    """A show on the air: three episodes of season 1 dated, the fourth announced without a date."""
    scenario = TmdbScenario()
    scenario.shows[SHOW_ID] = {
        "id": SHOW_ID, "name": "Night Shift", "original_name": "Night Shift", "original_language": "en",
        "first_air_date": "2026-11-19", "status": "Returning Series", "in_production": True,
        "genres": [{"id": 18, "name": "Drama"}], "episode_run_time": [50],
        "external_ids": {"tvdb_id": 934051},
        "seasons": [{"air_date": "2026-11-19", "episode_count": 4, "id": 1, "name": "Saison 1",
                     "season_number": 1}],
    }  # fmt: skip
    scenario.seasons[f"{SHOW_ID}/1"] = _season(1, ["2026-11-19", "2026-11-26", "2026-12-03", None])
    with serve(create_app(scenario)) as base_url:
        yield scenario, base_url


def _release(seeders: Swarm, pipeline: Pipeline, episodes: list[int]) -> SeededTorrent:
    tag = "".join(f"E{n:02d}" for n in episodes)
    name = f"Night.Shift.S01{tag}.1080p.WEB-DL.x264-NTb"
    files = {f"{name}/Night.Shift.S01E{n:02d}.1080p.WEB-DL.x264-NTb.mkv": 300_000 for n in episodes}
    seeded = seeders.seed(name, files)
    offer(pipeline.scenario, seeded, name, tvdb=934051, season=1, size=2_000_000_000, categories=[5040])
    return seeded


async def _fetch_and_import(db: AsyncSession, pipeline: Pipeline, seeders: Swarm, request_id: int) -> None:
    """The request's search, its download from the swarm, its import and Plex's scan, as the workers do."""
    searched = await process_request(db, request_id=request_id, task_id="t")
    assert searched.status == "DOWNLOADING", searched.detail
    await finish_download(db, pipeline, seeders)
    imported = await complete_request(db, request_id=request_id, task_id="import")
    assert imported.status == "COMPLETED", imported.detail
    await confirm_available(db, request_id=request_id)


def _client(base_url: str) -> TmdbClient:
    # A new day: yesterday's cached TMDB answers have lapsed (they are kept a day).
    return TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{base_url}/3"))


async def test_a_followed_show_gets_each_new_episode_once_it_has_aired(
    db: AsyncSession,
    pipeline: Pipeline,
    plex: PlexServer,
    seeders: Swarm,
    tmdb: tuple[TmdbScenario, str],
    broker: redis.Redis,
) -> None:
    scenario, base_url = tmdb
    await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{base_url}/3"})
    await db.commit()
    plex.scenario.scans.agent_matches["Night Shift (2026)"] = {"tmdb": str(SHOW_ID), "tvdb": "934051"}
    # Asked on 2 December, with two episodes out: they come as the request's first download.
    _release(seeders, pipeline, [1, 2])
    request = await factories.media_request(
        db, media_type="tv", tmdb_id=SHOW_ID, tvdb_id=934051, title="Night Shift", year=2026,
        celery_task_id="t", created_at=datetime(2026, 12, 2, 20, 0, tzinfo=UTC),
    )  # fmt: skip
    await _fetch_and_import(db, pipeline, seeders, request.id)
    assert (await get_request(db, request.id)).status is RequestStatus.PARTIALLY_AVAILABLE

    # 3 December, 23:00: episode 3 aired that evening, but the 6 h after its day are not over.
    evening = await follow_shows(db, now=datetime(2026, 12, 3, 23, 0, tzinfo=UTC), tmdb=_client(base_url))
    assert (evening.looked_at, evening.searching) == ([request.id], [])

    # 4 December, 07:00: episode 3 is due, alone (the season is not all out, so no season pack).
    _release(seeders, pipeline, [3])
    sent = Sent()
    morning = await follow_shows(
        db, now=datetime(2026, 12, 4, 7, 0, tzinfo=UTC), send=sent, tmdb=_client(base_url)
    )
    assert (morning.searching, morning.episodes_searched) == ([request.id], 1)
    row = await get_request(db, request.id, with_events=True)
    assert (row.status, row.episodes_wanted, row.followed) == (RequestStatus.SEARCHING, {"1": [3]}, True)
    assert row.events[-1].details == {"code": SEARCH_CODE, "episodes": ["S01E03"]}
    assert [t.task for t in sent.tasks] == ["app.workers.request_worker.process_request_task"]
    # The hourly Plex sync meanwhile: the show is in Plex, but the new episode is not, so it is left alone.
    await refresh_requests(db, tmdb=None)
    assert (await get_request(db, request.id)).status is RequestStatus.SEARCHING

    await _fetch_and_import(db, pipeline, seeders, request.id)
    library = get_settings().library_root
    assert library is not None
    season = "TV Shows/Night Shift (2026)/Season 01"
    assert {p for p in content_files(library) if p.startswith("TV Shows/Night Shift")} == {
        f"{season}/Night Shift (2026) - s01e01 - Le Premier Soir.mkv",
        f"{season}/Night Shift (2026) - s01e02 - La Ronde.mkv",
        f"{season}/Night Shift (2026) - s01e03 - Les Fantômes.mkv",
    }
    # Plex lists it: the timeline says it arrived and the family hears of it, as new episodes, at once.
    row = await get_request(db, request.id, with_events=True)
    # Looked at again by the next pass, whatever the batch's release held.
    assert (row.status, row.episodes_wanted, row.next_search_at) == (
        RequestStatus.PARTIALLY_AVAILABLE,
        None,
        None,
    )
    assert (row.events[-1].reason, row.events[-1].details) == (
        "S01E03 arrived",
        {"code": ARRIVED_CODE, "episodes": ["S01E03"]},
    )
    told = [m.args for m in queued(broker, "default") if m.args[1] == "new_episodes"]
    assert told == [(request.id, "new_episodes", str(row.events[-1].id))]

    # TMDB's season grows: episode 4 gets its date. Someone deleted episode 1 from Plex meanwhile.
    scenario.seasons[f"{SHOW_ID}/1"] = _season(1, ["2026-11-19", "2026-11-26", "2026-12-03", "2026-12-10"])
    await db.execute(
        delete(LibraryItem).where(LibraryItem.item_type == "episode", LibraryItem.title == "Le Premier Soir")
    )
    await db.commit()
    sent = Sent()
    next_week = await follow_shows(
        db, now=datetime(2026, 12, 11, 7, 0, tzinfo=UTC), send=sent, tmdb=_client(base_url)
    )

    # Episode 4 is searched; the deleted episode 1 is not; episode 3's arrival is not told again.
    assert next_week.arrived == {}
    row = await get_request(db, request.id, with_events=True)
    assert row.episodes_wanted == {"1": [4]}
    arrivals = [e for e in row.events if (e.details or {}).get("code") == ARRIVED_CODE]
    assert [(e.reason, e.details) for e in arrivals] == [
        ("S01E03 arrived", {"code": ARRIVED_CODE, "episodes": ["S01E03"]})
    ]
    codes = await db.scalars(select(RequestEvent.details).where(RequestEvent.request_id == request.id))
    assert sum(1 for details in codes if (details or {}).get("code") == SEARCH_CODE) == 2


async def test_a_show_request_says_what_it_follows(client: httpx.AsyncClient) -> None:
    show = {"media_type": "tv", "tmdb_id": SHOW_ID, "title": "Night Shift", "year": 2026}

    everything = await client.post("/api/v1/requests", json={**show, "follow": "everything"})
    asked = await client.post("/api/v1/requests", json={**show, "seasons": [1], "follow": "asked"})
    # What Plex lacks now, then everything that airs: the kiosk's whole show when Plex has part of it.
    lacking = await client.post(
        "/api/v1/requests", json={**show, "episodes": {"1": [3, 4]}, "follow": "everything"}
    )
    film = await client.post(
        "/api/v1/requests", json={"media_type": "movie", "tmdb_id": 603, "title": "Matrix", "follow": "asked"}
    )
    unknown = await client.post("/api/v1/requests", json={**show, "follow": "sometimes"})

    assert everything.status_code == 201, everything.text
    assert (everything.json()["follow"], everything.json()["followed"]) == ("everything", False)
    assert (asked.status_code, asked.json()["follow"], asked.json()["seasons"]) == (201, "asked", [1])
    assert (lacking.status_code, lacking.json()["follow"], lacking.json()["episodes"]) == (
        201,
        "everything",
        {"1": [3, 4]},
    )
    assert [r.status_code for r in (film, unknown)] == [422, 422]


async def test_the_daily_pass_runs_in_a_real_worker_on_the_requests_queue(
    db: AsyncSession, broker: redis.Redis, tmdb: tuple[TmdbScenario, str], tmp_path: Path
) -> None:
    scenario, base_url = tmdb
    await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{base_url}/3"})
    today = utcnow().date()
    days = [(today - timedelta(days=n)).isoformat() for n in (21, 14, 7)]
    scenario.seasons[f"{SHOW_ID}/1"] = _season(1, [*days, (today + timedelta(days=7)).isoformat()])
    request = await factories.media_request(
        db, media_type="tv", tmdb_id=SHOW_ID, title="Night Shift", year=2026,
        status=RequestStatus.PARTIALLY_AVAILABLE, episodes_seen=["S01E01"],
    )  # fmt: skip
    await db.commit()
    task_id = f"follow-{free_port()}"
    assert await publish(FOLLOW_SHOWS, task_id=task_id, expires=3600)
    assert task_id in [m.id for m in queued(broker)], "sent to `requests`"

    argv = celery_argv(
        "worker", "-Q", "requests", "--pool=solo", "--loglevel=info", "--without-mingle", "--without-gossip",
        "-n", f"follow-{free_port()}@%h",
    )  # fmt: skip
    with running(argv, log=tmp_path / "worker.log"):
        result = AsyncResult(task_id, app=celery_app).get(timeout=60)

    # Episode 1 was in Plex once (deleted since): only episodes 2 and 3 are searched.
    assert result["looked_at"] == [request.id] and result["episodes_searched"] == 2
    row = await get_request(db, request.id)
    assert (row.episodes_wanted, row.followed) == ({"1": [2, 3]}, True)


async def _in_plex(db: AsyncSession, episodes: list[tuple[int, int]]) -> None:
    show = await factories.library_item(db, "ns", "Night Shift", item_type="show", tmdb_id=SHOW_ID)
    for season, number in episodes:
        await factories.library_item(
            db, f"ns{season}x{number}", TITLES[number - 1], item_type="episode",
            grandparent_rating_key=show.rating_key, season_number=season, episode_number=number,
        )  # fmt: skip


async def test_an_ended_show_with_every_episode_in_plex_settles_available_and_is_no_longer_followed(
    db: AsyncSession, tmdb: tuple[TmdbScenario, str]
) -> None:
    scenario, base_url = tmdb
    scenario.shows[SHOW_ID] |= {"status": "Ended", "in_production": False}
    scenario.seasons[f"{SHOW_ID}/1"] = _season(1, ["2026-11-19", "2026-11-26", "2026-12-03", "2026-12-10"])
    await _in_plex(db, [(1, 1), (1, 2), (1, 3), (1, 4)])
    request = await factories.media_request(
        db, media_type="tv", tmdb_id=SHOW_ID, title="Night Shift", year=2026,
        status=RequestStatus.PARTIALLY_AVAILABLE, followed=True,
    )  # fmt: skip

    report = await follow_shows(db, now=datetime(2026, 12, 12, 7, 0, tzinfo=UTC), tmdb=_client(base_url))

    row = await get_request(db, request.id)
    assert report.settled == [request.id] and report.searching == []
    assert (row.status, row.followed, row.next_search_at) == (RequestStatus.AVAILABLE, False, NEVER)


async def test_a_continuing_show_with_everything_aired_in_plex_stays_followed_until_its_next_episode(
    db: AsyncSession, tmdb: tuple[TmdbScenario, str]
) -> None:
    scenario, base_url = tmdb
    scenario.seasons[f"{SHOW_ID}/1"] = _season(1, ["2026-11-19", "2026-11-26", "2026-12-03", "2026-12-10"])
    await _in_plex(db, [(1, 1), (1, 2), (1, 3)])
    request = await factories.media_request(
        db, media_type="tv", tmdb_id=SHOW_ID, title="Night Shift", year=2026,
        status=RequestStatus.PARTIALLY_AVAILABLE,
    )  # fmt: skip

    report = await follow_shows(db, now=datetime(2026, 12, 5, 7, 0, tzinfo=UTC), tmdb=_client(base_url))
    too_early = await follow_shows(db, now=datetime(2026, 12, 8, 7, 0, tzinfo=UTC), tmdb=_client(base_url))

    row = await get_request(db, request.id)
    assert (report.searching, report.settled, too_early.looked_at) == ([], [], [])
    # Episode 4 airs on the 10th: looked at again once the 6 h after that day are over.
    assert (row.status, row.followed) == (RequestStatus.PARTIALLY_AVAILABLE, True)
    assert row.next_search_at == datetime(2026, 12, 11, 6, 0, tzinfo=UTC)


async def test_new_episodes_not_found_yet_do_not_fail_a_show_asked_long_ago(
    db: AsyncSession, tmdb: tuple[TmdbScenario, str]
) -> None:
    await _in_plex(db, [(1, 1), (1, 2)])
    request = await factories.media_request(
        db, media_type="tv", tmdb_id=SHOW_ID, title="Night Shift", year=2026, status=RequestStatus.NOT_FOUND,
        created_at=utcnow() - timedelta(days=400), episodes_wanted={"1": [3]},
    )  # fmt: skip

    assert await find_expired_searches(db) == []
    # The next morning's pass looks for it again.
    report = await follow_shows(
        db, now=datetime(2026, 12, 6, 7, 0, tzinfo=UTC), tmdb=_client(tmdb[1]), send=Sent()
    )
    row = await get_request(db, request.id)
    assert report.searching == [request.id]
    assert (row.status, row.episodes_wanted) == (RequestStatus.SEARCHING, {"1": [3]})


async def test_a_show_asked_for_what_plex_lacked_follows_everything_that_airs_after(
    db: AsyncSession, tmdb: tuple[TmdbScenario, str]
) -> None:
    scenario, base_url = tmdb
    scenario.seasons[f"{SHOW_ID}/1"] = _season(1, ["2026-11-19", "2026-11-26", "2026-12-03", "2026-12-10"])
    # Plex had episodes 1 and 2 when the family asked for the rest (episode 3) and everything to come.
    await _in_plex(db, [(1, 1), (1, 2), (1, 3)])
    request = await factories.media_request(
        db, media_type="tv", tmdb_id=SHOW_ID, title="Night Shift", year=2026,
        status=RequestStatus.AVAILABLE, episodes={"1": [3]}, follow="everything",
        episodes_seen=["S01E01", "S01E02", "S01E03"],
    )  # fmt: skip

    report = await follow_shows(
        db, now=datetime(2026, 12, 11, 7, 0, tzinfo=UTC), tmdb=_client(base_url), send=Sent()
    )

    row = await get_request(db, request.id)
    # Episode 4 was not named, yet it aired after: it comes like any new episode.
    assert report.searching == [request.id]
    assert (row.status, row.episodes_wanted, row.followed) == (RequestStatus.SEARCHING, {"1": [4]}, True)


async def test_a_show_plex_has_all_of_is_followed_at_once_and_gets_only_what_airs_after(
    client: httpx.AsyncClient, db: AsyncSession, broker: redis.Redis, tmdb: tuple[TmdbScenario, str]
) -> None:
    scenario, base_url = tmdb
    await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{base_url}/3"})
    await db.commit()
    # TMDB lists the three episodes aired so far, and Plex has them all.
    scenario.shows[SHOW_ID]["seasons"][0]["episode_count"] = 3
    scenario.seasons[f"{SHOW_ID}/1"] = _season(1, ["2026-11-19", "2026-11-26", "2026-12-03"])
    await _in_plex(db, [(1, 1), (1, 2), (1, 3)])

    response = await client.post(
        "/api/v1/requests",
        json={"media_type": "tv", "tmdb_id": SHOW_ID, "title": "Night Shift", "year": 2026,
              "follow": "everything"},
    )  # fmt: skip

    # Nothing to fetch now: followed from the start, and nothing sent to be searched.
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["followed"], body["celery_task_id"]) == ("AVAILABLE", True, None)
    assert task_names.PROCESS_REQUEST not in [m.task for m in queued_anywhere(broker)]
    quiet = await follow_shows(db, now=datetime(2026, 12, 5, 7, 0, tzinfo=UTC), tmdb=_client(base_url))
    assert (quiet.looked_at, quiet.searching, quiet.arrived) == ([body["id"]], [], {})

    # The season grows: episode 4 airs on the 10th. The next morning's pass fetches it alone.
    scenario.shows[SHOW_ID]["seasons"][0]["episode_count"] = 4
    scenario.seasons[f"{SHOW_ID}/1"] = _season(1, ["2026-11-19", "2026-11-26", "2026-12-03", "2026-12-10"])
    sent = Sent()
    report = await follow_shows(
        db, now=datetime(2026, 12, 11, 7, 0, tzinfo=UTC), send=sent, tmdb=_client(base_url)
    )

    assert (report.searching, report.episodes_searched) == ([body["id"]], 1)
    row = await get_request(db, body["id"])
    assert (row.status, row.episodes_wanted, row.followed) == (RequestStatus.SEARCHING, {"1": [4]}, True)
    assert [t.task for t in sent.tasks] == [task_names.PROCESS_REQUEST]


async def test_an_ended_show_plex_has_all_of_is_available_at_once_and_not_followed(
    client: httpx.AsyncClient, db: AsyncSession, broker: redis.Redis, tmdb: tuple[TmdbScenario, str]
) -> None:
    scenario, base_url = tmdb
    await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{base_url}/3"})
    await db.commit()
    scenario.shows[SHOW_ID] |= {"status": "Ended", "in_production": False}
    await _in_plex(db, [(1, 1), (1, 2), (1, 3), (1, 4)])
    show = {"media_type": "tv", "tmdb_id": SHOW_ID, "title": "Night Shift", "year": 2026}

    response = await client.post("/api/v1/requests", json={**show, "follow": "everything"})

    body = response.json()
    assert (response.status_code, body["status"], body["followed"]) == (201, "AVAILABLE", False)
    assert task_names.PROCESS_REQUEST not in [m.task for m in queued_anywhere(broker)]
    assert (await get_request(db, body["id"])).next_search_at == NEVER
