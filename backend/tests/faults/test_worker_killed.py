"""A worker killed whole (SIGKILL of its process group) during a search, a grab or an import: the
request resumes within the bound, with no second torrent and nothing partial left in the library."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest

from app.db import utcnow
from app.media_requests.states import RequestStatus
from tests.faults.conftest import (
    RESUME_BOUND_S,
    STEP_LEASE_S,
    Campaign,
    library_root,
    partial_files,
)
from tests.processes import kill_group
from tests.support.pipeline import offer

pytestmark = pytest.mark.integration

INCEPTION = {"media_type": "movie", "tmdb_id": 27205, "title": "Inception", "year": 2010}
DARK = {"media_type": "tv", "tmdb_id": 70523, "tvdb_id": 121, "title": "Dark", "year": 2017} | {
    "seasons": [1, 2]
}


async def _until_status(campaign: Campaign, request_id: int, wanted: RequestStatus, within: float) -> None:
    deadline = time.monotonic() + within
    while (await campaign.detail(request_id))["status"] != wanted.value:
        assert time.monotonic() < deadline, f"request {request_id} never became {wanted.value}"
        await asyncio.sleep(0.05)


async def _worker_lost_shown(campaign: Campaign, request_id: int) -> None:
    """The API says the worker was lost, never STARTED for good: first on the request while its lease
    lapses, then on the dead task, naming the one that retries it."""
    deadline = time.monotonic() + STEP_LEASE_S + 5
    while (detail := await campaign.detail(request_id))["task_state"] != "WORKER_LOST":
        assert time.monotonic() < deadline, "the request's task never showed WORKER_LOST"
        await asyncio.sleep(0.1)
    status = (await campaign.api.get(f"/api/v1/tasks/status/{detail['celery_task_id']}")).json()
    assert (status["status"], status["detail"]) == ("WORKER_LOST", "worker lost, retrying")


async def _dead_task_says_retrying(campaign: Campaign, request_id: int, lost_task: str) -> None:
    status = (await campaign.api.get(f"/api/v1/tasks/status/{lost_task}")).json()
    detail = await campaign.detail(request_id)
    assert status["status"] == "WORKER_LOST", status
    assert status["detail"] == "worker lost, retrying"
    assert status["retried_as"] and status["retried_as"] != lost_task
    lost = [e for e in detail["timeline"] if (e.get("details") or {}).get("code") == "worker_lost"]
    assert [e["details"]["lost_task"] for e in lost] == [lost_task]


async def _no_duplicates_nothing_partial(campaign: Campaign, expected_hashes: set[str]) -> None:
    hashes = [t.info_hash for t in await campaign.pipeline.qbit.list_torrents()]
    assert sorted(hashes) == sorted(expected_hashes)
    assert partial_files(library_root()) == []


async def _grabbed(campaign: Campaign, info_hash: str) -> None:
    deadline = time.monotonic() + 30
    while await campaign.pipeline.qbit.get_torrent(info_hash) is None:
        assert time.monotonic() < deadline, f"{info_hash} was never grabbed"
        await asyncio.sleep(0.1)


async def test_workers_killed_during_a_search_and_between_two_grabs(campaign: Campaign) -> None:
    scenario = campaign.pipeline.scenario
    film = campaign.seeders.seed("Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.mkv": 400_000})
    offer(scenario, film, film.name, tmdb=27205, seeders=120)
    first_season = campaign.seeders.seed("Dark.S01.1080p.WEB-DL.x264-ONE", {"Dark.S01E01.mkv": 300_000})
    offer(scenario, first_season, first_season.name, tvdb=121, season=1, categories=[5000])
    second_season = campaign.seeders.seed("Dark.S02.1080p.WEB-DL.x264-TWO", {"Dark.S02E01.mkv": 300_000})
    slow = offer(scenario, second_season, second_season.name, tvdb=121, season=2, categories=[5000])
    campaign.plex.scenario.scans.agent_matches.update(
        {"Inception (2010)": {"tmdb": "27205"}, "Dark (2017)": {"tmdb": "70523", "tvdb": "121"}}
    )

    # Two workers: one is inside the film's search, the other inside the fetch of season 2's .torrent
    # (season 1 already in qBittorrent), when both are killed whole.
    slow.download_delay_s = 30
    with campaign.worker() as one, campaign.worker() as other:
        show = await campaign.api.post("/api/v1/requests", json=DARK)
        assert show.status_code == 201, show.text
        await _grabbed(campaign, first_season.info_hash)
        scenario.indexers[0].delay_s = 30
        made = await campaign.api.post("/api/v1/requests", json=INCEPTION)
        assert made.status_code == 201, made.text
        await _until_status(campaign, made.json()["id"], RequestStatus.SEARCHING, within=20)
        film_id, show_id = made.json()["id"], show.json()["id"]
        lost = {film_id: made.json()["celery_task_id"], show_id: show.json()["celery_task_id"]}
        # Live workers renew their leases: steps longer than a lease are not taken for dead ones.
        await asyncio.sleep(2 * STEP_LEASE_S)
        for request_id, task_id in lost.items():
            lease = await campaign.lease(request_id)
            assert lease is not None and lease.task_id == task_id and lease.expires_at > utcnow()
            assert (await campaign.detail(request_id))["task_state"] == "STARTED"
        kill_group(one)
        kill_group(other)
    assert [(await campaign.detail(rid))["status"] for rid in lost] == ["SEARCHING", "SEARCHING"]
    assert [t.info_hash for t in await campaign.pipeline.qbit.list_torrents()] == [first_season.info_hash]
    for request_id in lost:
        await _worker_lost_shown(campaign, request_id)

    scenario.indexers[0].delay_s = 0
    slow.download_delay_s = 0
    with campaign.worker():
        await campaign.until(list(lost), "DOWNLOADING", within=RESUME_BOUND_S, tick=False)
        await campaign.until(list(lost), "AVAILABLE", within=60)

    for request_id, lost_task in lost.items():
        await _dead_task_says_retrying(campaign, request_id, lost_task)
    await _no_duplicates_nothing_partial(
        campaign, {film.info_hash, first_season.info_hash, second_season.info_hash}
    )


def _orphan_partial(folder: str) -> None:
    """A partial copy whose writer died holding it: a process takes one the way an import does, then is
    SIGKILLed. (A real copy is over in milliseconds on this disk, too quick to kill a worker inside.)"""
    code = (
        "import sys, time; from pathlib import Path; from app.imports.transfer import _new_partial; "
        "_new_partial(Path(sys.argv[1])); print('held', flush=True); time.sleep(60)"
    )
    writer = subprocess.Popen([sys.executable, "-c", code, folder], stdout=subprocess.PIPE)
    assert writer.stdout is not None and writer.stdout.readline() == b"held\n"
    writer.kill()
    writer.wait()


async def test_killed_during_the_import_and_restarted_under_its_name(campaign: Campaign) -> None:
    film = campaign.seeders.seed("Inception.2010.1080p.BluRay.x264-IMP", {"Inception.2010.mkv": 400_000})
    offer(campaign.pipeline.scenario, film, film.name, tmdb=27205, seeders=120)
    campaign.plex.scenario.scans.agent_matches["Inception (2010)"] = {"tmdb": "27205"}
    placed = library_root() / "Movies" / "Inception (2010)" / "Inception (2010).mkv"
    node = "fault-requests@plexkiosk"
    # A lease far longer than the test: the restarted worker must recover its earlier life's step at once,
    # knowing it dead by its name, rather than waiting for the lease to lapse.
    with campaign.worker(node, STEP_LEASE_S=600) as first:
        made = await campaign.api.post("/api/v1/requests", json=INCEPTION)
        assert made.status_code == 201, made.text
        request_id = made.json()["id"]
        await campaign.until([request_id], "DOWNLOADING", within=30, tick=False)
        campaign.plex.scenario.slow_seconds = 30  # the import's scan call hangs: the worker is inside it
        deadline = time.monotonic() + 30
        while not placed.exists():
            assert time.monotonic() < deadline, "the import never placed the film"
            await campaign.tick()
            await asyncio.sleep(0.1)
        kill_group(first)
    lease = await campaign.lease(request_id)
    assert lease is not None and lease.worker == node
    assert lease.folders == [str(placed.parent)]
    lost_task = lease.task_id
    _orphan_partial(str(placed.parent))
    assert len(partial_files(library_root())) == 1
    assert (await campaign.detail(request_id))["status"] == "IMPORTING"

    campaign.plex.scenario.slow_seconds = 0
    started = time.monotonic()
    with campaign.worker(node, STEP_LEASE_S=600):
        await campaign.until([request_id], "AVAILABLE", within=RESUME_BOUND_S, tick=False)
    assert time.monotonic() - started < RESUME_BOUND_S

    await _dead_task_says_retrying(campaign, request_id, lost_task)
    await _no_duplicates_nothing_partial(campaign, {film.info_hash})
    assert placed.stat().st_size == 400_000
