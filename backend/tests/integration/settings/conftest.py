"""Fixtures for the settings tests: an admin's API client and the simulators a setting can point at."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from app.appliance.simulators import plex as plex_sim
from app.appliance.simulators import tmdb as tmdb_sim
from app.appliance.simulators import torznab as torznab_sim
from app.appliance.simulators.server import serve
from tests.fixture_files import fixtures_dir


@pytest.fixture
async def admin(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The API client of an admin (the shared `client` holds the scripts' API key)."""
    return client


@pytest.fixture
def plex_server() -> Iterator[tuple[str, plex_sim.PlexScenario]]:
    """The Plex simulator's URL and scenario (token "sim-plex-token")."""
    scenario = plex_sim.PlexScenario(movies=3, shows=1)
    with serve(plex_sim.create_app(scenario)) as url:
        yield url, scenario


@dataclass(frozen=True)
class TmdbServer:
    """The TMDB simulator: its API URL (…/3), its scenario (API key "simkey") and the requests it got."""

    url: str
    scenario: tmdb_sim.TmdbScenario
    requests: list[dict[str, str]]

    def calls_to(self, path: str) -> int:
        """How many requests asked for `path` (e.g. /3/tv/1399)."""
        return sum(1 for request in self.requests if request["path"] == path)


@pytest.fixture
def tmdb_server() -> Iterator[TmdbServer]:
    """The TMDB simulator serving the recorded samples."""
    scenario = tmdb_sim.TmdbScenario.from_fixtures(fixtures_dir() / "tmdb")
    app = tmdb_sim.create_app(scenario)
    with serve(app) as url:
        yield TmdbServer(f"{url}/3", scenario, app.state.requests)


@pytest.fixture
def torznab_server() -> Iterator[tuple[str, torznab_sim.TorznabScenario]]:
    """The Torznab simulator's URL and a scenario with a Jackett and a Prowlarr indexer (key "simkey")."""
    scenario = torznab_sim.TorznabScenario(
        indexers=[
            torznab_sim.SimIndexer(id="yggjack", name="Jackett Ygg", flavour="jackett"),
            torznab_sim.SimIndexer(id="7", name="Prowlarr Nyaa", flavour="prowlarr"),
        ]
    )
    with serve(torznab_sim.create_app(scenario)) as url:
        yield url, scenario
