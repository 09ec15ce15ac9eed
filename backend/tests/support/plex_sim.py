"""The Plex simulator served on loopback, with the scenario tests change between calls."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.appliance.simulators.plex import PlexScenario, create_app
from app.appliance.simulators.server import serve
from app.integrations.plex import PlexClient, PlexConfig


@dataclass
class PlexSim:
    """A running simulator and the scenario that drives it (tests change it between calls)."""

    base_url: str
    scenario: PlexScenario

    def config(self, *, token: str | None = None, mappings: tuple[tuple[str, str], ...] = (),
               timeout: float = 5.0) -> PlexConfig:  # fmt: skip
        """The adapter configuration pointing at the simulator."""
        return PlexConfig(url=self.base_url, token=token or self.scenario.token, timeout=timeout,
                          path_mappings=mappings)  # fmt: skip

    def client(self, *, token: str | None = None, mappings: tuple[tuple[str, str], ...] = (),
               timeout: float = 5.0) -> PlexClient:  # fmt: skip
        """An adapter pointed at the simulator."""
        return PlexClient(self.config(token=token, mappings=mappings, timeout=timeout))


@contextmanager
def plex_simulator(scenario: PlexScenario) -> Iterator[PlexSim]:
    """Serve `scenario` for the duration of the block."""
    with serve(create_app(scenario)) as base_url:
        yield PlexSim(base_url, scenario)
