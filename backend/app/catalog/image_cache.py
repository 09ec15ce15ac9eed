"""Posters and backdrops kept on disk, bounded in size: the least recently shown go first (LRU).

One folder shared by the API and the workers (a worker fills it when a title is requested, the API
serves it), so the bookkeeping is the files themselves: a file's modification time is its last use,
bumped on every hit, and eviction walks the folder. A few thousand posters of ~40 KB each make that walk
cheap, and no index can disagree with the disk after a crash. Writes go to a temporary name first and are
renamed into place, so a reader never sees half an image.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

# TMDB's image file names: a random id and an extension. Anything else is refused before it nears a path.
_FILE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}\.(jpg|jpeg|png|webp|svg)$")
_SIZE = re.compile(r"^(w[0-9]{2,4}|original)$")


# Walking the folder costs ~10 ms per thousand images. A process walks it again only after writing another
# 5 % of the bound, and then frees 5 % below the bound, so most inserts into a full cache walk nothing.
# Several processes filling it at once may each overshoot the bound by up to 5 % until their next walk.
WALK_EVERY = 0.05
_written_since_walk: dict[Path, int] = {}


def valid_file_name(name: str) -> bool:
    """True when `name` looks like a TMDB image file name (no folders, no dots but the extension's)."""
    return bool(_FILE_NAME.match(name))


@dataclass(frozen=True, slots=True)
class ImageCache:
    """A folder of images under `root`, kept below `max_bytes` in all."""

    root: Path
    max_bytes: int

    def path_of(self, size: str, name: str) -> Path:
        """Where the image `name` at TMDB size `size` is kept (ValueError for a name that is not TMDB's)."""
        if not _SIZE.match(size) or not valid_file_name(name):
            raise ValueError(f"not a TMDB image: {size}/{name}")
        return self.root / size / name

    def get(self, size: str, name: str) -> Path | None:
        """The kept file, marked as just used; None when it is not kept."""
        path = self.path_of(size, name)
        try:
            os.utime(path)
        except FileNotFoundError:
            return None
        return path

    def put(self, size: str, name: str, data: bytes) -> Path:
        """Keep `data` as the image, then remove the least recently used images past the bound."""
        path = self.path_of(size, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written = _written_since_walk.get(self.root)
        written = None if written is None else written + len(data)
        if written is None or written >= self.max_bytes * WALK_EVERY:
            self.evict(keep=path, down_to=int(self.max_bytes * (1 - WALK_EVERY)))
            written = 0
        _written_since_walk[self.root] = written
        return path

    def evict(self, *, keep: Path | None = None, down_to: int | None = None) -> int:
        """When the folder is past the bound, remove the least recently used images until it holds at most
        `down_to` bytes (default: the bound); returns how many went.

        `keep` (the image just stored) stays even when it alone is bigger than the bound: it is about
        to be shown.
        """
        target = self.max_bytes if down_to is None else down_to
        files: list[tuple[float, int, Path]] = []
        total = 0
        for path in self.root.glob("*/*"):
            if path.name.startswith("."):  # another process's image being written
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:  # removed by another process meanwhile
                continue
            files.append((stat.st_mtime, stat.st_size, path))
            total += stat.st_size
        removed = 0
        if total <= self.max_bytes:
            return 0
        for _mtime, size, path in sorted(files, key=lambda entry: entry[0]):
            if total <= target:
                break
            if path == keep:
                continue
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed

    def total_bytes(self) -> int:
        """The size of every kept image together."""
        return sum(
            p.stat().st_size for p in self.root.glob("*/*") if p.is_file() and not p.name.startswith(".")
        )
