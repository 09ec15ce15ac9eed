"""The broker's Redis database flushed mid-flow: every message the flush took (queued searches, queued
imports) is sent again by the reconciler once its grace is over, and each request ends AVAILABLE."""

from __future__ import annotations

import pytest
import redis

from tests.faults.conftest import GRACE_S, RESUME_BOUND_S, Campaign, library_root, partial_files
from tests.support.pipeline import offer

pytestmark = pytest.mark.integration

INCEPTION = {"media_type": "movie", "tmdb_id": 27205, "title": "Inception", "year": 2010}
DARK_S1 = {"media_type": "tv", "tmdb_id": 70523, "tvdb_id": 121, "title": "Dark", "year": 2017} | {
    "seasons": [1]
}


async def test_flushed_with_searches_queued_then_with_imports_queued(
    campaign: Campaign, broker: redis.Redis
) -> None:
    scenario = campaign.pipeline.scenario
    film = campaign.seeders.seed("Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.mkv": 400_000})
    offer(scenario, film, film.name, tmdb=27205, seeders=120)
    season = campaign.seeders.seed("Dark.S01.1080p.WEB-DL.x264-ONE", {"Dark.S01E01.mkv": 300_000})
    offer(scenario, season, season.name, tvdb=121, season=1, categories=[5000])
    campaign.plex.scenario.scans.agent_matches.update(
        {"Inception (2010)": {"tmdb": "27205"}, "Dark (2017)": {"tmdb": "70523", "tvdb": "121"}}
    )

    made = [await campaign.api.post("/api/v1/requests", json=body) for body in (INCEPTION, DARK_S1)]
    assert [r.status_code for r in made] == [201, 201], [r.text for r in made]
    ids = [r.json()["id"] for r in made]
    broker.flushdb()  # both searches were queued, no worker had taken them yet
    with campaign.worker():
        await campaign.until(ids, "DOWNLOADING", within=GRACE_S + RESUME_BOUND_S, tick=campaign.reconcile)

    # No worker now: the monitor finds both downloads finished and queues their imports; the broker loses
    # those messages too before any worker could take them.
    await campaign.until(ids, "IMPORTING", within=30)
    broker.flushdb()
    with campaign.worker():
        await campaign.until(ids, "AVAILABLE", within=GRACE_S + RESUME_BOUND_S)

    hashes = sorted(t.info_hash for t in await campaign.pipeline.qbit.list_torrents())
    assert hashes == sorted([film.info_hash, season.info_hash])
    assert partial_files(library_root()) == []
