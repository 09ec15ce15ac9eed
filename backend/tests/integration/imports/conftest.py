"""A real download folder, library and "outside" folder in a temporary tree, and a way to see any change."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.imports import LibraryRoots
from app.integrations.qbittorrent import TorrentFile


@dataclass
class Tree:
    """downloads/ (the torrent's save path), library/ (LIBRARY_ROOT) and outside/ (must never be touched)."""

    top: Path
    downloads: Path = field(init=False)
    library: Path = field(init=False)
    outside: Path = field(init=False)

    def __post_init__(self) -> None:
        self.downloads, self.library, self.outside = (
            self.top / name for name in ("downloads", "library", "outside")
        )
        for folder in (self.downloads, self.library, self.outside):
            folder.mkdir()

    @property
    def roots(self) -> LibraryRoots:
        return LibraryRoots.under(self.library)

    def add(self, name: str, size: int, *, fill: bytes = b"") -> TorrentFile:
        """Write a finished torrent file of `size` bytes (its bytes tell files apart) and list it."""
        path = self.downloads / name
        path.parent.mkdir(parents=True, exist_ok=True)
        pattern = (fill or name.encode()) + b"|"
        path.write_bytes((pattern * (size // len(pattern) + 1))[:size])
        return listed(name, size)

    def snapshot(self) -> dict[str, tuple[str, int, int]]:
        """Every entry of the whole temporary tree: kind, size and content time, links not followed."""
        entries: dict[str, tuple[str, int, int]] = {}
        for folder, dirs, files in os.walk(self.top, followlinks=False):
            for name in dirs + files:
                path = Path(folder) / name
                info = os.lstat(path)
                kind = (
                    "link" if stat.S_ISLNK(info.st_mode) else "dir" if stat.S_ISDIR(info.st_mode) else "file"
                )
                entries[str(path.relative_to(self.top))] = (
                    kind,
                    info.st_size,
                    0 if kind == "dir" else info.st_mtime_ns,
                )
        return entries

    def library_files(self) -> list[str]:
        """Every file now in the library, relative to it."""
        return sorted(
            str(path.relative_to(self.library)) for path in self.library.rglob("*") if not path.is_dir()
        )


def listed(name: str, size: int) -> TorrentFile:
    """A file as qBittorrent lists it once finished."""
    return TorrentFile(name=name, size=size, progress=1.0, priority=1)


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    """A fresh download folder, library and outside folder."""
    return Tree(tmp_path)
