"""What an import did, file by file, in words a person can read and codes the UI can translate."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal

from app.imports.target import Episode


class SkipReason(StrEnum):
    """Why a file of the torrent was not imported."""

    UNSAFE_NAME = "unsafe-name"
    NOT_ON_DISK = "not-on-disk"
    NOT_MEDIA = "not-media"
    EXECUTABLE = "executable"
    ARCHIVE = "archive"
    SAMPLE = "sample"
    EXTRA = "extra"
    NOT_THE_FILM = "not-the-film"
    NO_EPISODE_NUMBER = "no-episode-number"
    NOT_REQUESTED = "not-requested"
    DUPLICATE = "duplicate"
    SUBTITLE_WITHOUT_VIDEO = "subtitle-without-video"


Method = Literal["hardlink", "copy", "already-present"]


@dataclass(frozen=True, slots=True)
class ImportedFile:
    """One file now in the library; `already_present` when a previous run had put it there."""

    source: str  # the torrent's name for it, made safe to display
    destination: Path
    library_path: str  # relative to the library root, as a person reads it: "Movies/X (2010)/X (2010).mkv"
    kind: Literal["video", "subtitle"]
    method: Method
    episodes: tuple[Episode, ...] = ()

    @property
    def already_present(self) -> bool:
        """True when this run found the very same file already imported."""
        return self.method == "already-present"


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file left out on purpose, with the reason."""

    source: str
    code: SkipReason
    reason: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A different file already holds the destination name: left alone, and this one not imported."""

    source: str
    library_path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that should have been imported but could not be (disk full, permissions, unsafe folder)."""

    source: str
    library_path: str
    reason: str


@dataclass(frozen=True, slots=True)
class SetAside:
    """An old copy that held the new one's name, renamed to a hidden name beside it (Plex skips hidden
    files): deleted once Plex has scanned the new one, put back if the import fails."""

    aside: Path
    path: Path


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Everything one import did; the caller stores it and decides the request's next state."""

    imported: tuple[ImportedFile, ...]
    skipped: tuple[SkippedFile, ...]
    conflicts: tuple[Conflict, ...]
    failures: tuple[Failure, ...]
    # Folders to ask Plex to scan: the film's folder, or each season folder written into.
    folders: tuple[Path, ...]
    # Requested episodes we could name (listed, or titled by TMDB) that the torrent did not provide.
    missing_episodes: tuple[Episode, ...]
    summary: str
    # Why nothing could be imported at all, when no retry would help (a title with no usable name).
    problem: str | None = None
    # Old copies a `replace` import set aside under the new ones (see SetAside).
    set_aside: tuple[SetAside, ...] = ()

    @property
    def videos(self) -> tuple[ImportedFile, ...]:
        """The imported videos (subtitles left out)."""
        return tuple(item for item in self.imported if item.kind == "video")

    @property
    def ok(self) -> bool:
        """True when at least one video is in the library and nothing went wrong or clashed."""
        return bool(self.videos) and not self.conflicts and not self.failures

    @property
    def episodes(self) -> tuple[Episode, ...]:
        """The episodes now in the library, in order."""
        return tuple(sorted({episode for item in self.videos for episode in item.episodes}))
