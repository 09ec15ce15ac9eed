"""The Torznab client against the Jackett/Prowlarr simulator on loopback."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.applications import Starlette

from app.appliance.simulators.server import serve
from app.appliance.simulators.torznab import (
    SimIndexer,
    SimItem,
    TorznabScenario,
    create_app,
    jackett_url,
    prowlarr_url,
)
from app.integrations.torznab import SearchQuery, TorznabClient, TorznabIndexer

pytestmark = pytest.mark.integration

FIGHT_CLUB: dict[str, Any] = {"imdb": "0137523", "tmdb": 550, "categories": [2000, 2040]}


@dataclass
class TorznabSim:
    """A running simulator, its scenario (mutable between calls) and its request log."""

    base_url: str
    scenario: TorznabScenario
    app: Starlette

    def indexer(self, indexer_id: str, *, timeout: float = 5.0, api_key: str = "simkey") -> TorznabIndexer:
        """Client-side configuration pointing at one simulated indexer."""
        sim = self.scenario.indexer(indexer_id)
        assert sim is not None
        url = jackett_url if sim.flavour == "jackett" else prowlarr_url
        return TorznabIndexer(
            name=sim.name, base_url=url(self.base_url, indexer_id), api_key=api_key, timeout=timeout
        )

    def requests(self, indexer_id: str) -> list[dict[str, str]]:
        """Queries the indexer received, in order."""
        return [r for r in self.app.state.requests if r["indexer"] == indexer_id]


@pytest.fixture
def torznab_sim() -> Iterator[TorznabSim]:
    scenario = TorznabScenario(
        indexers=[
            SimIndexer(
                id="yggsim",
                name="YggSim",
                flavour="jackett",
                items=[
                    SimItem(title="Fight.Club.1999.MULTi.1080p.BluRay.x264-SIM", **FIGHT_CLUB),
                    SimItem(
                        title="Fight.Club.1999.2160p.UHD.BluRay.x265-SIM", magnet_base32=True, **FIGHT_CLUB
                    ),
                ],
            ),
            SimIndexer(
                id="2",
                name="ProwlSim",
                flavour="prowlarr",
                items=[SimItem(title="Fight Club 1999 720p WEB-DL", **FIGHT_CLUB)],
            ),
        ]
    )
    app = create_app(scenario)
    with serve(app) as base_url:
        yield TorznabSim(base_url, scenario, app)


def _movie_query(**overrides: object) -> SearchQuery:
    fields: dict[str, object] = {"kind": "movie", "title": "Fight Club", "year": 1999, "imdb_id": "tt0137523"}
    fields.update(overrides)
    return SearchQuery(**fields)  # type: ignore[arg-type]


async def test_movie_search_across_jackett_and_prowlarr(torznab_sim: TorznabSim) -> None:
    indexers = [torznab_sim.indexer("yggsim"), torznab_sim.indexer("2")]
    async with TorznabClient(indexers) as client:
        results = await client.search(_movie_query(tmdb_id=550))
    assert results.failures == ()
    by_title = {item.title: item for item in results.items}
    assert set(by_title) == {
        "Fight.Club.1999.MULTi.1080p.BluRay.x264-SIM",
        "Fight.Club.1999.2160p.UHD.BluRay.x265-SIM",
        "Fight Club 1999 720p WEB-DL",
    }
    jackett = by_title["Fight.Club.1999.2160p.UHD.BluRay.x265-SIM"]
    assert jackett.indexer == "YggSim" and jackett.magnet_url and jackett.torrent_url
    assert jackett.info_hash is not None and jackett.info_hash == jackett.info_hash.lower()
    prowlarr = by_title["Fight Club 1999 720p WEB-DL"]
    assert prowlarr.indexer == "ProwlSim" and prowlarr.magnet_url is None and prowlarr.torrent_url
    assert all(item.imdb_id == "tt0137523" for item in results.items)
    searched = torznab_sim.requests("yggsim")[-1]
    assert (searched["t"], searched["imdbid"], searched["tmdbid"]) == ("movie", "0137523", "550")


async def test_one_slow_and_one_failing_indexer_do_not_sink_the_search(torznab_sim: TorznabSim) -> None:
    torznab_sim.scenario.indexers += [
        SimIndexer(id="slow", name="Slow", delay_s=3.0),
        SimIndexer(id="broken", name="Broken", fail_status=503),
    ]
    indexers = [
        torznab_sim.indexer("yggsim"),
        torznab_sim.indexer("slow", timeout=0.5),
        torznab_sim.indexer("broken"),
    ]
    async with TorznabClient(indexers) as client:
        results = await client.search(_movie_query())
    assert len(results.items) == 2
    failures = {f.indexer: f for f in results.failures}
    assert failures["Slow"].kind == "transient" and "0.5 s" in failures["Slow"].message
    assert failures["Broken"].kind == "transient" and "503" in failures["Broken"].message
    assert not results.all_failed


async def test_falls_back_to_title_and_year_when_caps_lack_ids(torznab_sim: TorznabSim) -> None:
    torznab_sim.scenario.indexers.append(
        SimIndexer(
            id="plain",
            name="Plain",
            movie_params="q",
            items=[SimItem(title="Fight.Club.1999.1080p"), SimItem(title="Fight.Club.2.2024.1080p")],
        )
    )
    async with TorznabClient([torznab_sim.indexer("plain")]) as client:
        results = await client.search(_movie_query())
    assert [item.title for item in results.items] == ["Fight.Club.1999.1080p"]
    assert torznab_sim.requests("plain")[-1]["t"] == "search"
    assert torznab_sim.requests("plain")[-1]["q"] == "Fight Club 1999"


async def test_tv_search_by_tvdb_season_and_episode(torznab_sim: TorznabSim) -> None:
    show: dict[str, Any] = {"tvdb": 121361, "categories": [5000]}
    torznab_sim.scenario.indexers.append(
        SimIndexer(
            id="tv",
            name="TV",
            items=[
                SimItem(title="Game.of.Thrones.S01E01.1080p", season=1, episode=1, **show),
                SimItem(title="Game.of.Thrones.S01E02.1080p", season=1, episode=2, **show),
                SimItem(title="Game.of.Thrones.S02E02.1080p", season=2, episode=2, **show),
            ],
        )
    )
    query = SearchQuery(kind="tv", title="Game of Thrones", tvdb_id=121361, season=1, episode=2)
    async with TorznabClient([torznab_sim.indexer("tv")]) as client:
        results = await client.search(query)
    assert [item.title for item in results.items] == ["Game.of.Thrones.S01E02.1080p"]


async def test_tv_fallback_to_search_with_episode_in_the_title(torznab_sim: TorznabSim) -> None:
    torznab_sim.scenario.indexers.append(
        SimIndexer(
            id="tvplain",
            name="TVPlain",
            tv_params="",
            items=[SimItem(title="Deadwood.S01E03.720p", categories=[5000])],
        )
    )
    query = SearchQuery(kind="tv", title="Deadwood", tvdb_id=72023, season=1, episode=3)
    async with TorznabClient([torznab_sim.indexer("tvplain")]) as client:
        results = await client.search(query)
    assert [item.title for item in results.items] == ["Deadwood.S01E03.720p"]
    assert torznab_sim.requests("tvplain")[-1]["q"] == "Deadwood S01E03"


async def test_offset_paging_stops_at_the_limit(torznab_sim: TorznabSim) -> None:
    torznab_sim.scenario.indexers.append(
        SimIndexer(
            id="big",
            name="Big",
            limit_max=10,
            items=[SimItem(title=f"Fight.Club.1999.Release.{n}", **FIGHT_CLUB) for n in range(35)],
        )
    )
    async with TorznabClient([torznab_sim.indexer("big")]) as client:
        first_25 = await client.search(_movie_query(limit=25))
        everything = await client.search(_movie_query(limit=100))
    assert [i.title for i in first_25.items] == [f"Fight.Club.1999.Release.{n}" for n in range(25)]
    assert len({i.guid for i in everything.items}) == 35
    offsets = [r["offset"] for r in torznab_sim.requests("big") if r["t"] == "movie"]
    assert offsets == ["0", "10", "20", "0", "10", "20", "30"]


async def test_wrong_api_key_answered_200_with_error_is_an_auth_failure(torznab_sim: TorznabSim) -> None:
    indexer = torznab_sim.indexer("yggsim", api_key="wrong-key-123")
    async with TorznabClient([indexer]) as client:
        results = await client.search(_movie_query())
    assert results.items == () and results.all_failed
    failure = results.failures[0]
    assert failure.kind == "auth" and "Invalid API Key" in failure.message
    assert "wrong-key-123" not in failure.message


async def test_wrong_key_answered_401_is_also_auth(torznab_sim: TorznabSim) -> None:
    sim = torznab_sim.scenario.indexer("2")
    assert sim is not None
    sim.bad_key_status = 401
    async with TorznabClient([torznab_sim.indexer("2", api_key="nope")]) as client:
        results = await client.search(_movie_query())
    assert results.failures[0].kind == "auth"


async def test_caps_are_fetched_once_per_indexer(torznab_sim: TorznabSim) -> None:
    async with TorznabClient([torznab_sim.indexer("yggsim")]) as client:
        for _ in range(3):
            await client.search(_movie_query())
    assert [r["t"] for r in torznab_sim.requests("yggsim")].count("caps") == 1


async def test_hostile_feeds_are_rejected_with_a_clear_reason(torznab_sim: TorznabSim) -> None:
    torznab_sim.scenario.indexers += [
        SimIndexer(id="xxe", name="XXE", hostile="xxe"),
        SimIndexer(id="lol", name="Laughs", hostile="billion_laughs"),
    ]
    async with TorznabClient([torznab_sim.indexer("xxe"), torznab_sim.indexer("lol")]) as client:
        results = await client.search(_movie_query())
    assert {f.indexer: f.kind for f in results.failures} == {"XXE": "permanent", "Laughs": "permanent"}
    assert all("entities" in f.message for f in results.failures)


async def test_a_50_mb_feed_is_cut_off_without_memory_blow_up(torznab_sim: TorznabSim) -> None:
    torznab_sim.scenario.indexers.append(SimIndexer(id="huge", name="Huge", huge_feed_bytes=50 * 1024 * 1024))
    tracemalloc.start()
    try:
        async with TorznabClient([torznab_sim.indexer("huge", timeout=30)]) as client:
            results = await client.search(_movie_query())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert results.failures[0].kind == "permanent"
    assert "larger than 10 MB" in results.failures[0].message
    # The cap is 10 MB; a client that buffered the whole feed would peak above 50 MB.
    assert peak < 35 * 1024 * 1024
