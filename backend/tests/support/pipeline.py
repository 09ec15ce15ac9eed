"""The request pipeline's real surroundings: qbittorrent-nox, a loopback swarm, a Torznab simulator, Plex.

A pytest plugin (tests/conftest.py) for the pipeline's integration tests and the end-to-end journeys.
Each test gets its own qBittorrent category, so the torrents of one test are invisible to the next.
The `plex` fixture here is the simulated Plex of the library root; tests/integration/library and the Plex
client's tests define their own `plex` (a client on a bigger simulated library).
"""

from __future__ import annotations

import asyncio
import base64
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.plex import PlexScenario
from app.appliance.simulators.plex import create_app as create_plex_app
from app.appliance.simulators.seeder import SeededTorrent, Swarm, swarm
from app.appliance.simulators.server import serve
from app.appliance.simulators.torznab import SimIndexer, SimItem, TorznabScenario, create_app, prowlarr_url
from app.config import get_settings
from app.integrations.qbittorrent import QbittorrentClient, QbittorrentConfig
from app.media_requests.pipeline import watch_downloads
from app.settings.service import put_setting
from tests.support.qbittorrent_nox import QbittorrentNox


@pytest.fixture(scope="module")
def seeders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Swarm]:
    """Loopback seeders for the module's torrents."""
    with swarm(tmp_path_factory.mktemp("swarm")) as peers:
        yield peers


@pytest.fixture(scope="module")
def indexer() -> Iterator[tuple[TorznabScenario, str]]:
    """A Prowlarr-flavoured simulated indexer (no magnet: the pipeline fetches the .torrent)."""
    scenario = TorznabScenario(indexers=[SimIndexer(id="1", name="LoopbackTracker", flavour="prowlarr")])
    with serve(create_app(scenario)) as base_url:
        yield scenario, base_url


def offer(scenario: TorznabScenario, seeded: SeededTorrent | None, title: str, **fields: object) -> SimItem:
    """List a release; with `seeded`, its link serves that torrent (and the hash is its own)."""
    values: dict[str, object] = {"title": title, "size": 3_000_000_000, "seeders": 50, **fields}
    if seeded is not None:
        values |= {
            "info_hash": seeded.info_hash,
            "torrent_b64": base64.b64encode(seeded.torrent_bytes).decode(),
        }
    item = SimItem.model_validate(values)
    scenario.indexers[0].items.append(item)
    return item


@dataclass
class Pipeline:
    """What a pipeline test set up: the category its torrents are in, and a client to look at them."""

    category: str
    qbit: QbittorrentClient
    scenario: TorznabScenario


@pytest.fixture
async def pipeline(
    db: AsyncSession, qbt_daemon: QbittorrentNox, indexer: tuple[TorznabScenario, str]
) -> AsyncIterator[Pipeline]:
    """Settings pointing the appliance at the test qBittorrent and indexer; the indexer starts empty."""
    scenario, base_url = indexer
    scenario.indexers[0].items.clear()
    category = f"kiosk-{uuid.uuid4().hex[:8]}"
    await put_setting(
        db,
        "qbittorrent",
        {"url": qbt_daemon.url, "username": qbt_daemon.username, "password": qbt_daemon.password,
         "category": category},
    )  # fmt: skip
    await put_setting(
        db,
        "indexers",
        [{"name": "LoopbackTracker", "base_url": prowlarr_url(base_url, "1"), "api_key": "simkey"}],
    )
    await db.commit()
    qbit = QbittorrentClient(
        QbittorrentConfig(
            url=qbt_daemon.url, username=qbt_daemon.username, password=qbt_daemon.password, category=category
        )
    )
    yield Pipeline(category=category, qbit=qbit, scenario=scenario)
    for torrent in await qbit.list_torrents():
        await qbit.delete(torrent.info_hash, delete_files=True)
    await qbit.close()


async def introduce(qbit: QbittorrentClient, seeders: Swarm) -> None:
    """Tell qBittorrent where the swarm is for every unfinished torrent (what a tracker would do)."""
    for torrent in await qbit.list_torrents():
        if torrent.progress < 1:
            await qbit.add_peers(torrent.info_hash, [seeders.peer])


async def _not_sent(*_: object, **__: object) -> bool:
    """The monitor's follow-up task, taken as queued: the test runs the next step itself."""
    return True


async def finish_download(db: AsyncSession, pipeline: Pipeline, seeders: Swarm) -> None:
    """Let the swarm feed qBittorrent and the monitor watch until a download is ready to import, as the
    worker's periodic check would without its pauses; AssertionError when nothing finished in 30 s."""
    for _ in range(150):
        await introduce(pipeline.qbit, seeders)
        if (await watch_downloads(db, pipeline.qbit, send=_not_sent)).importing:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the download did not finish")


def content_files(root: Path) -> set[str]:
    """Every file under `root`, relative."""
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@dataclass
class PlexServer:
    """The Plex simulator, its library folders being the appliance's library root."""

    scenario: PlexScenario
    url: str


@pytest.fixture
async def plex(db: AsyncSession) -> AsyncIterator[PlexServer]:
    """A simulated Plex whose Movies and TV Shows sections live in the appliance's library root."""
    library = get_settings().library_root
    assert library is not None
    library.mkdir(parents=True, exist_ok=True)
    scenario = PlexScenario(
        movies=3, shows=1, movie_location=str(library / "Movies"), show_location=str(library / "TV Shows")
    )
    with serve(create_plex_app(scenario)) as url:
        await put_setting(db, "plex", {"url": url, "token": scenario.token})
        await db.commit()
        yield PlexServer(scenario, url)
    # The library root is the run's; the next test starts with an empty library.
    for folder in ("Movies", "TV Shows"):
        shutil.rmtree(library / folder, ignore_errors=True)
