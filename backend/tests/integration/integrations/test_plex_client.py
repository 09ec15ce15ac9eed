"""The Plex adapter against the Plex Media Server simulator on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest

from app.appliance.simulators.plex import PlexScenario
from app.appliance.simulators.ports import free_port
from app.integrations.errors import AuthError, PermanentError, TransientError
from app.integrations.plex import IncompleteListingError, PlexClient, PlexConfig, PlexGuids
from tests.support.plex_sim import PlexSim, plex_simulator

pytestmark = pytest.mark.integration


@pytest.fixture
def plex_sim() -> Iterator[PlexSim]:
    """A simulator with 1,234 movies and 20 shows × 2 seasons × 5 episodes."""
    scenario = PlexScenario(movies=1234, shows=20, seasons_per_show=2, episodes_per_season=5)
    with plex_simulator(scenario) as sim:
        yield sim


@pytest.fixture
async def plex(plex_sim: PlexSim) -> AsyncIterator[PlexClient]:
    client = plex_sim.client()
    yield client
    await client.close()


async def test_connect_identifies_the_server(plex: PlexClient, plex_sim: PlexSim) -> None:
    info = await plex.connect()
    assert info.version == plex_sim.scenario.version
    assert info.machine_identifier == plex_sim.scenario.machine_identifier


async def test_sections_are_movies_and_shows_with_their_folders(plex: PlexClient) -> None:
    sections = await plex.sections()
    assert [(s.key, s.type, s.locations) for s in sections] == [
        ("1", "movie", ("/data/media/Movies",)),
        ("2", "show", ("/data/media/TV Shows",)),
    ]


async def test_paging_sees_every_movie_once_and_agrees_with_total_size(plex: PlexClient) -> None:
    keys: list[str] = []
    totals = set()
    async for page in plex.iter_section("1", page_size=100):
        keys.extend(item.rating_key for item in page.items)
        totals.add(page.total_size)
    assert totals == {1234}
    assert len(keys) == len(set(keys)) == 1234


async def test_episodes_are_listed_with_type_4_and_know_their_show(plex: PlexClient) -> None:
    episodes = [
        item
        async for page in plex.iter_section("2", item_type="episode", page_size=64)
        for item in page.items
    ]
    assert len(episodes) == 20 * 2 * 5
    first = episodes[0]
    assert first.type == "episode"
    assert (first.season_number, first.episode_number) == (1, 1)
    assert first.grandparent_rating_key is not None and first.parent_rating_key is not None
    assert first.file_paths and first.file_paths[0].startswith("/data/media/TV Shows/")
    shows = [item async for page in plex.iter_section("2", page_size=100) for item in page.items]
    assert {item.type for item in shows} == {"show"}
    assert first.grandparent_rating_key in {show.rating_key for show in shows}


async def test_guids_come_from_guid_children_and_from_legacy_agents(plex: PlexClient) -> None:
    page = await plex.list_page("1", start=0, size=12)
    legacy = [item for item in page.items if item.guid and item.guid.startswith("com.plexapp.agents.")]
    modern = [item for item in page.items if item.guid and item.guid.startswith("plex://")]
    assert legacy and modern
    assert all(item.guids.imdb or item.guids.tmdb for item in legacy)
    assert all(item.guids.imdb and item.guids.tmdb for item in modern)
    shows = await plex.list_page("2", start=0, size=5)
    assert all(show.guids.tvdb for show in shows.items)


async def test_an_items_guids_seasons_and_episodes(plex: PlexClient) -> None:
    page = await plex.list_page("2", start=1, size=1)
    (show,) = page.items
    assert await plex.item_guids(show.rating_key) == show.guids
    seasons = await plex.children(show.rating_key)
    assert [s.season_number for s in seasons] == [1, 2]
    episodes = await plex.children(seasons[1].rating_key)
    assert [(e.season_number, e.episode_number) for e in episodes] == [(2, n) for n in range(1, 6)]
    assert await plex.item("99999999") is None


async def test_recently_added_since_a_timestamp(plex: PlexClient, plex_sim: PlexSim) -> None:
    checkpoint = datetime.now(UTC)
    plex_sim.scenario.base_added_at = int(checkpoint.timestamp()) - 1234 * 60  # the last movie lands "now"
    new_keys = plex_sim.scenario.add_movies(3)
    recent = await plex.recently_added("1", checkpoint)
    assert [item.rating_key for item in recent] == list(reversed(new_keys))


async def test_a_short_page_makes_the_listing_incomplete(plex: PlexClient, plex_sim: PlexSim) -> None:
    plex_sim.scenario.short_page_start = 500
    seen = 0
    with pytest.raises(IncompleteListingError):
        async for page in plex.iter_section("1", page_size=250):
            seen += len(page.items)
    assert seen == 500  # what came before the short page is still usable


async def test_a_failing_page_is_transient(plex: PlexClient, plex_sim: PlexSim) -> None:
    plex_sim.scenario.failing_page_start = 200
    with pytest.raises(TransientError):
        async for _ in plex.iter_section("1", page_size=100):
            pass


async def test_partial_scan_of_a_local_path_through_the_path_mapping(plex_sim: PlexSim) -> None:
    plex_sim.scenario.movie_location = "M:\\Media\\Movies"
    client = plex_sim.client(mappings=(("M:\\Media", "/srv/library"),))
    section = await client.scan_path("/srv/library/Movies/Dune (2021)")
    assert section.key == "1"
    assert plex_sim.scenario.refreshes == [("1", "M:\\Media\\Movies\\Dune (2021)")]
    with pytest.raises(PermanentError):
        await client.scan_path("/elsewhere/Dune (2021)")
    await client.close()


async def test_section_for_a_path_without_mapping(plex: PlexClient) -> None:
    section = await plex.section_for_path("/data/media/TV Shows/Show 1/Season 01")
    assert section is not None and section.type == "show"
    assert await plex.section_for_path("/data/media/Moviesss/x") is None


async def test_an_item_is_found_by_guid_right_after_its_scan(plex: PlexClient, plex_sim: PlexSim) -> None:
    (newest,) = plex_sim.scenario.add_movies(1)
    number = int(newest) - 10_000_000
    found = await plex.find_by_guid("1", PlexGuids(tmdb=100 + number))
    assert found is not None and found.rating_key == newest
    assert await plex.find_by_guid("1", PlexGuids(tmdb=1), max_items=50) is None


async def test_a_bad_token_is_an_auth_error(plex_sim: PlexSim) -> None:
    client = plex_sim.client(token="wrong-token")
    with pytest.raises(AuthError) as caught:
        await client.connect()
    assert "wrong-token" not in str(caught.value)
    with pytest.raises(AuthError):
        await client.sections()


async def test_a_server_down_or_failing_is_transient(plex_sim: PlexSim) -> None:
    down = PlexClient(PlexConfig(url=f"http://127.0.0.1:{free_port()}", token="x", timeout=2))
    with pytest.raises(TransientError):
        await down.connect()
    with pytest.raises(TransientError):
        await down.sections()
    plex_sim.scenario.outage_status = 503
    client = plex_sim.client()
    with pytest.raises(TransientError):
        await client.connect()
    with pytest.raises(TransientError):
        await client.list_page("1", start=0, size=10)


async def test_a_slow_server_times_out_as_transient(plex_sim: PlexSim) -> None:
    plex_sim.scenario.slow_seconds = 1.5
    client = plex_sim.client(timeout=0.3)
    with pytest.raises(TransientError):
        await client.sections()
