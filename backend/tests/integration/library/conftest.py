"""The Plex simulator and sync options for the library tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.plex import PlexScenario
from app.integrations.plex import PlexClient
from app.library.sync import SyncOptions
from app.library.sync_lock import LockTimings
from app.settings.service import put_setting
from tests.support.plex_sim import PlexSim, plex_simulator

# Small pages so a few hundred items take several pages; quick lock timings.
OPTIONS = SyncOptions(page_size=50, lock=LockTimings(lease_ttl_s=30, takeover_timeout_s=20, poll_s=0.05))


@pytest.fixture
def plex_sim() -> Iterator[PlexSim]:
    """120 movies and 6 shows × 2 seasons × 3 episodes; every 10th movie and show on an old agent."""
    scenario = PlexScenario(movies=120, shows=6, seasons_per_show=2, episodes_per_season=3)
    with plex_simulator(scenario) as sim:
        yield sim


@pytest.fixture
async def plex(plex_sim: PlexSim) -> AsyncIterator[PlexClient]:
    """An adapter on the simulator."""
    client = plex_sim.client()
    yield client
    await client.close()


@pytest.fixture
async def plex_configured(db: AsyncSession, plex_sim: PlexSim) -> PlexSim:
    """The simulator stored as the Plex connection in Settings."""
    await put_setting(db, "plex", {"url": plex_sim.base_url, "token": plex_sim.scenario.token})
    await db.commit()
    return plex_sim
