"""What a Plex partial scan does, for the simulator: read the folder on disk, match, list the new items.

Plex's scanner walks the folder it is asked to refresh; its agent then matches "Title (Year)" folders to
TMDB/IMDb/TVDB ids. Here the agent's knowledge is the scenario's `agent_matches` ("Inception (2010)" →
ids); a folder it does not know is listed with a local guid and no ids, as Plex lists an unmatched item.
Episodes are read from `sNNeMM` in the file names (Plex's own naming convention for shows).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

SCANNED_BASE = 90_000_000
VIDEO_EXTENSIONS = frozenset({".mkv", ".mp4", ".avi", ".m4v", ".ts", ".mov", ".wmv"})
_TITLE_YEAR = re.compile(r"^(?P<title>.+?) \((?P<year>\d{4})\)$")
_EPISODE = re.compile(r"[sS](?P<season>\d{1,3})[eE](?P<episode>\d{1,4})")


@dataclass
class ScannedItem:
    """An item a scan added: a movie, or a show with its seasons and episodes."""

    key: str
    kind: str  # movie, show, season, episode
    title: str
    year: int | None
    section: str
    guids: dict[str, str] = field(default_factory=dict)  # {"tmdb": "27205", "imdb": "tt1375666"}
    parent_key: str | None = None
    grandparent_key: str | None = None
    index: int | None = None  # season number, or episode number
    parent_index: int | None = None
    path: str | None = None
    size: int = 0
    added_at: int = field(default_factory=lambda: int(time.time()))

    def xml(self, include_guids: bool) -> str:
        """The item as Plex lists it (Video for playable items, Directory for shows and seasons)."""
        guid = f"plex://{self.kind}/{int(self.key):024x}"
        attrs = {
            "ratingKey": self.key,
            "key": f"/library/metadata/{self.key}" + ("/children" if self.kind in ("show", "season") else ""),
            "guid": guid,
            "type": self.kind,
            "title": self.title,
            "librarySectionID": self.section,
            "addedAt": str(self.added_at),
            "updatedAt": str(self.added_at),
        }
        if self.year:
            attrs["year"] = str(self.year)
        if self.parent_key:
            attrs["parentRatingKey"] = self.parent_key
        if self.grandparent_key:
            attrs["grandparentRatingKey"] = self.grandparent_key
        if self.index is not None:
            attrs["index"] = str(self.index)
        if self.parent_index is not None:
            attrs["parentIndex"] = str(self.parent_index)
        head = " ".join(f"{name}={quoteattr(value)}" for name, value in attrs.items())
        inner = ""
        if self.path:
            inner += (
                f'<Media id="{self.key}" videoResolution="1080" container="mkv"><Part id="{self.key}" '
                f'file={quoteattr(self.path)} size="{self.size}" container="mkv" /></Media>'
            )
        if include_guids:
            inner += "".join(
                f'<Guid id="{escape(source)}://{escape(value)}" />' for source, value in self.guids.items()
            )
        tag = "Video" if self.kind in ("movie", "episode") else "Directory"
        return f"<{tag} {head}>{inner}</{tag}>"


@dataclass
class ScanState:
    """The items scans have added so far, and the agent's knowledge of titles."""

    agent_matches: dict[str, dict[str, str]] = field(default_factory=dict)
    items: list[ScannedItem] = field(default_factory=list)

    def by_key(self, key: str) -> ScannedItem | None:
        """A scanned item by rating key."""
        return next((item for item in self.items if item.key == key), None)

    def of_kind(self, kind: str) -> list[ScannedItem]:
        """Scanned items of one type, oldest first."""
        return [item for item in self.items if item.kind == kind]

    def children(self, key: str) -> list[ScannedItem]:
        """Seasons of a scanned show, or episodes of a scanned season."""
        return sorted(
            (item for item in self.items if item.parent_key == key), key=lambda item: item.index or 0
        )

    def _find(self, kind: str, title: str, parent: str | None = None) -> ScannedItem | None:
        return next(
            (i for i in self.items if i.kind == kind and i.title == title and i.parent_key == parent), None
        )

    def _add(self, **values: object) -> ScannedItem:
        item = ScannedItem(key=str(SCANNED_BASE + len(self.items)), **values)  # type: ignore[arg-type]
        self.items.append(item)
        return item

    def scan(self, section: str, section_type: str, location: Path, folder: Path) -> int:
        """Add what `folder` (inside `location`) holds that is not listed yet; returns how many items."""
        before = len(self.items)
        if not folder.is_dir() or location not in (folder, *folder.parents):
            return 0
        for video in sorted(
            p for p in folder.rglob("*") if p.suffix.lower() in VIDEO_EXTENSIONS and p.is_file()
        ):
            top = video.relative_to(location).parts[0]
            match = _TITLE_YEAR.match(top)
            title, year = (match["title"], int(match["year"])) if match else (top, None)
            guids = self.agent_matches.get(top, {})
            if section_type == "movie":
                if self._find("movie", title) is None:
                    self._add(kind="movie", title=title, year=year, section=section, guids=guids,
                              path=str(video), size=video.stat().st_size)  # fmt: skip
                continue
            episode = _EPISODE.search(video.name)
            if episode is None:
                continue
            number, season_number = int(episode["episode"]), int(episode["season"])
            show = self._find("show", title) or self._add(
                kind="show", title=title, year=year, section=section, guids=guids
            )
            season_title = f"Season {season_number}"
            season = self._find("season", season_title, show.key) or self._add(
                kind="season", title=season_title, year=None, section=section, parent_key=show.key,
                index=season_number,
            )  # fmt: skip
            if not any(e.index == number for e in self.children(season.key)):
                self._add(kind="episode", title=f"Episode {number}", year=year, section=section,
                          parent_key=season.key, grandparent_key=show.key, index=number,
                          parent_index=season_number, path=str(video), size=video.stat().st_size)  # fmt: skip
        return len(self.items) - before
