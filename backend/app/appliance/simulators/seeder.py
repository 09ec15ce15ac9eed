"""Make a torrent from generated files and seed it with libtorrent on 127.0.0.1.

The seeder has no tracker, DHT, LSD or UPnP: a downloader finds it only when told its address, e.g. with
qBittorrent's `torrents/addPeers` and `f"127.0.0.1:{seeder.port}"`.

Usage::

    with seed_torrent(tmp_path / "seed", "Some.Movie.2020.1080p", {"movie.mkv": 3_000_000}) as seeder:
        ...  # seeder.torrent_bytes, seeder.info_hash, seeder.peer
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import libtorrent as lt

# Small pieces keep a few-MB torrent to dozens of pieces, so a loopback transfer finishes in a second or two.
PIECE_SIZE = 64 * 1024


@dataclass(frozen=True)
class SeededTorrent:
    """A torrent seeded on loopback: its bytes, v1 info-hash (hex), name, files and the seeder's port."""

    torrent_bytes: bytes
    info_hash: str
    name: str
    files: dict[str, int | bytes]
    content_dir: Path
    port: int

    @property
    def peer(self) -> str:
        """The seeder's address in the `host:port` form `torrents/addPeers` takes."""
        return f"127.0.0.1:{self.port}"


def write_files(content_dir: Path, files: Mapping[str, int | bytes]) -> None:
    """Create each file (relative path → size in bytes, or the exact bytes it holds); sized files get
    deterministic, non-repeating content."""
    for relative, size in files.items():
        path = content_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(size, bytes):
            path.write_bytes(size)
            continue
        block = hashlib.sha256(relative.encode()).digest() * 2048  # 64 KiB that differ per file
        with path.open("wb") as handle:
            remaining = size
            while remaining > 0:
                chunk = block[: min(remaining, len(block))]
                handle.write(chunk)
                remaining -= len(chunk)


def make_torrent(content_dir: Path) -> bytes:
    """Build a trackerless .torrent (bencoded bytes) for a folder of files."""
    # v1 only: a hybrid torrent is known to qBittorrent by its truncated v2 hash, which would confuse tests.
    flags = lt.create_torrent.v1_only
    if hasattr(lt, "list_files"):  # libtorrent 2.1+
        creator = lt.create_torrent(lt.list_files(str(content_dir)), PIECE_SIZE, flags)
    else:  # libtorrent 2.0
        storage = lt.file_storage()
        lt.add_files(storage, str(content_dir))
        creator = lt.create_torrent(storage, PIECE_SIZE, flags)
    creator.set_creator("plex-kiosk tests")
    lt.set_piece_hashes(creator, str(content_dir.parent))
    return bytes(lt.bencode(creator.generate()))


def _session() -> lt.session:
    """A libtorrent session listening only on 127.0.0.1 with every discovery mechanism off."""
    return lt.session(
        {
            "listen_interfaces": "127.0.0.1:0",
            "enable_dht": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "alert_mask": 0,
        }
    )


def _wait_until_seeding(handle: lt.torrent_handle, timeout: float) -> None:
    """Wait for libtorrent to verify the files and start seeding."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = handle.status()
        if status.is_seeding:
            return
        time.sleep(0.05)
    raise RuntimeError(f"seeder did not start seeding within {timeout:.0f} s (state {handle.status().state})")


@contextmanager
def seed_torrent(
    base_dir: Path, name: str, files: Mapping[str, int], *, timeout: float = 30.0
) -> Iterator[SeededTorrent]:
    """Create `files` under `base_dir/name`, make a torrent of them and seed it until the block ends."""
    with swarm(base_dir) as peers:
        yield peers.seed(name, files, timeout=timeout)


class Swarm:
    """Several torrents seeded from one libtorrent session on 127.0.0.1 (no tracker, DHT or LSD).

    A downloader learns the swarm's address from the test, through qBittorrent's `torrents/addPeers`
    (`peer`), as it would learn it from a tracker.
    """

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self._session = _session()
        self._handles: list[lt.torrent_handle] = []

    @property
    def peer(self) -> str:
        """The swarm's address in the `host:port` form `torrents/addPeers` takes."""
        return f"127.0.0.1:{self._session.listen_port()}"

    def seed(self, name: str, files: Mapping[str, int | bytes], *, timeout: float = 30.0) -> SeededTorrent:
        """Create and seed a torrent of `files` under `base_dir/name`."""
        content_dir = self.base_dir / name
        write_files(content_dir, files)
        torrent_bytes = make_torrent(content_dir)
        info = lt.torrent_info(cast(Any, lt.bdecode(torrent_bytes)))  # libtorrent's stubs over-widen bdecode
        params = lt.add_torrent_params()
        params.ti = info
        params.save_path = str(self.base_dir)
        handle = self._session.add_torrent(params)
        _wait_until_seeding(handle, timeout)
        if handle not in self._handles:  # the same files seeded again are the same torrent
            self._handles.append(handle)
        return SeededTorrent(
            torrent_bytes=torrent_bytes,
            info_hash=str(info.info_hashes().v1),
            name=name,
            files=dict(files),
            content_dir=content_dir,
            port=int(self._session.listen_port()),
        )

    def close(self) -> None:
        """Stop seeding."""
        for handle in self._handles:
            if handle.is_valid():
                self._session.remove_torrent(handle)
        self._handles.clear()


@contextmanager
def swarm(base_dir: Path) -> Iterator[Swarm]:
    """A Swarm for the length of the block."""
    seeding = Swarm(base_dir)
    try:
        yield seeding
    finally:
        seeding.close()
