"""The qBittorrent adapter against a real qbittorrent-nox downloading from a libtorrent seeder on loopback."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from app.appliance.simulators.ports import free_port
from app.appliance.simulators.seeder import SeededTorrent, seed_torrent
from app.appliance.simulators.server import serve
from app.downloads.models import DownloadState
from app.integrations.errors import AuthError, PermanentError, TransientError
from app.integrations.qbittorrent import AddOptions, QbittorrentClient, QbittorrentConfig, TorrentStatus
from tests.support.qbittorrent_nox import QbittorrentNox

pytestmark = pytest.mark.integration

CATEGORY = "plex-kiosk-test"
MOVIE_FILES = {
    "Test.Movie.2020.1080p.mkv": 3_000_000,
    "Sample/sample.mkv": 200_000,
    "Test.Movie.2020.nfo": 1_234,
}


@pytest.fixture
async def qbt_client(qbt_daemon: QbittorrentNox) -> AsyncIterator[QbittorrentClient]:
    """Our adapter, logged in to the test daemon."""
    client = QbittorrentClient(
        QbittorrentConfig(
            url=qbt_daemon.url,
            username=qbt_daemon.username,
            password=qbt_daemon.password,
            category=CATEGORY,
            timeout=10,
        )
    )
    yield client
    await client.close()


@pytest.fixture
def qbt_seeder(tmp_path: Path) -> Iterator[SeededTorrent]:
    """A 3 MB movie-like torrent seeded on 127.0.0.1."""
    with seed_torrent(tmp_path / "seed", "Test.Movie.2020.1080p.BluRay.x264-KIOSK", MOVIE_FILES) as seeder:
        yield seeder


async def wait_for(
    client: QbittorrentClient,
    info_hash: str,
    wanted: set[DownloadState],
    *,
    peer: str | None = None,
    within: float = 60.0,
) -> TorrentStatus:
    """Poll until the torrent reaches one of `wanted`, telling it about `peer` until it has connected."""
    deadline = time.monotonic() + within
    last: TorrentStatus | None = None
    peers_sent_at = 0.0
    while time.monotonic() < deadline:
        last = await client.get_torrent(info_hash)
        if last is not None and last.state in wanted:
            return last
        # Peers given while qBittorrent still loads the torrent are dropped, so repeat until it downloads.
        if (
            peer
            and last is not None
            and last.state is not DownloadState.CHECKING
            and time.monotonic() - peers_sent_at > 2
        ):
            await client.add_peers(info_hash, [peer])
            peers_sent_at = time.monotonic()
        await asyncio.sleep(0.2)
    raise AssertionError(f"torrent never reached {wanted}; last seen {last}")


async def test_a_torrent_downloads_from_the_seeder_and_becomes_completed(
    qbt_client: QbittorrentClient, qbt_seeder: SeededTorrent, qbt_daemon: QbittorrentNox
) -> None:
    save_path = qbt_daemon.download_dir / "movies"
    await qbt_client.add_torrent_file(
        qbt_seeder.torrent_bytes, AddOptions(tags=["request-41"], save_path=str(save_path), ratio_limit=2.0)
    )

    done = await wait_for(qbt_client, qbt_seeder.info_hash, {DownloadState.COMPLETED}, peer=qbt_seeder.peer)

    assert done.progress == 1.0
    assert done.raw_state in {"uploading", "stalledUP", "queuedUP", "forcedUP"}
    assert done.eta is None or done.eta == 0
    assert done.completion_on is not None
    assert done.tags == ("request-41",)
    assert done.size == sum(MOVIE_FILES.values())
    assert Path(done.content_path) == save_path / qbt_seeder.name
    listed = await qbt_client.list_torrents()
    assert [t.info_hash for t in listed] == [qbt_seeder.info_hash]
    files = {f.name: f for f in await qbt_client.files(qbt_seeder.info_hash)}
    assert {name: f.size for name, f in files.items()} == {
        f"{qbt_seeder.name}/{name}": size for name, size in MOVIE_FILES.items()
    }
    assert all(f.progress == 1.0 for f in files.values())
    movie = save_path / qbt_seeder.name / "Test.Movie.2020.1080p.mkv"
    assert movie.read_bytes() == (qbt_seeder.content_dir / "Test.Movie.2020.1080p.mkv").read_bytes()

    await qbt_client.delete(qbt_seeder.info_hash, delete_files=True)
    await _wait_until_gone(qbt_client, qbt_seeder.info_hash)
    for _ in range(100):  # qBittorrent removes the data right after the torrent, not before answering
        if not movie.exists():
            break
        await asyncio.sleep(0.1)
    assert not movie.exists()


async def test_a_magnet_gets_its_metadata_and_files_from_the_peer(
    qbt_client: QbittorrentClient, qbt_seeder: SeededTorrent, qbt_daemon: QbittorrentNox
) -> None:
    magnet = f"magnet:?xt=urn:btih:{qbt_seeder.info_hash}&dn={qbt_seeder.name}"
    await qbt_client.add_magnet(
        magnet, AddOptions(tags=["request-42"], save_path=str(qbt_daemon.download_dir))
    )

    done = await wait_for(qbt_client, qbt_seeder.info_hash, {DownloadState.COMPLETED}, peer=qbt_seeder.peer)

    assert done.name == qbt_seeder.name
    kept = Path(done.content_path) / "Test.Movie.2020.nfo"
    await qbt_client.delete(qbt_seeder.info_hash, delete_files=False)
    await _wait_until_gone(qbt_client, qbt_seeder.info_hash)
    assert kept.stat().st_size == MOVIE_FILES["Test.Movie.2020.nfo"]


async def test_a_torrent_url_is_fetched_and_can_be_added_paused(
    qbt_client: QbittorrentClient, qbt_seeder: SeededTorrent
) -> None:
    async def torrent_file(request: object) -> Response:
        return Response(qbt_seeder.torrent_bytes, media_type="application/x-bittorrent")

    app = Starlette(routes=[Route("/download/release.torrent", torrent_file)])
    with serve(app) as base_url:
        await qbt_client.add_torrent_url(
            f"{base_url}/download/release.torrent",
            AddOptions(tags=["request-43"], paused=True, seeding_time_limit_minutes=60),
        )
        paused = await wait_for(qbt_client, qbt_seeder.info_hash, {DownloadState.PAUSED}, within=30)

    assert paused.raw_state in {"pausedDL", "stoppedDL"}
    assert paused.progress == 0.0
    await qbt_client.delete(qbt_seeder.info_hash, delete_files=True)
    await _wait_until_gone(qbt_client, qbt_seeder.info_hash)


async def test_a_file_that_is_not_a_torrent_is_refused_for_good(qbt_client: QbittorrentClient) -> None:
    with pytest.raises(PermanentError):
        await qbt_client.add_torrent_file(b"<html>not a torrent</html>")


async def test_version_of_the_real_daemon(qbt_client: QbittorrentClient, qbt_daemon: QbittorrentNox) -> None:
    await qbt_client.login()
    assert await qbt_client.version() == qbt_daemon.version


async def test_a_wrong_password_is_an_auth_error(qbt_daemon: QbittorrentNox) -> None:
    client = QbittorrentClient(
        QbittorrentConfig(url=qbt_daemon.url, username=qbt_daemon.username, password="not-the-password")
    )
    with pytest.raises(AuthError) as caught:
        await client.login()
    assert "not-the-password" not in str(caught.value)
    with pytest.raises(AuthError):
        await client.list_torrents()


async def test_a_daemon_that_is_down_is_a_transient_error() -> None:
    client = QbittorrentClient(
        QbittorrentConfig(
            url=f"http://127.0.0.1:{free_port()}", username="admin", password="secret", timeout=2
        )
    )
    with pytest.raises(TransientError):
        await client.login()
    with pytest.raises(TransientError):
        await client.list_torrents()


async def _wait_until_gone(client: QbittorrentClient, info_hash: str) -> None:
    """Deletion is asynchronous inside qBittorrent: wait until the torrent is no longer listed."""
    deadline = time.monotonic() + 10
    while await client.get_torrent(info_hash) is not None:
        assert time.monotonic() < deadline, "torrent still listed after delete"
        await asyncio.sleep(0.1)
