"""What the selection works on: the candidates found by the indexers and the media that was asked for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from app.catalog.episode_numbering import AbsoluteNumbering


@dataclass(frozen=True, slots=True)
class Candidate:
    """One release offered by one indexer (built by the request pipeline from a Torznab result)."""

    title: str
    size_bytes: int | None
    seeders: int | None = None
    peers: int | None = None
    info_hash: str | None = None  # lowercase hex
    indexer: str = ""
    download_url: str | None = None
    magnet_url: str | None = None
    file_names: tuple[str, ...] | None = None  # only when the indexer or the .torrent told us
    publish_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class MediaTarget:
    """What was requested: a movie, or some seasons/episodes of a show."""

    media_type: Literal["movie", "tv"]
    title: str
    year: int | None = None
    original_title: str | None = None
    # TMDB alternative titles and translations (the French title above all).
    alternative_titles: tuple[str, ...] = ()
    runtime_minutes: int | None = None  # per episode for a show
    # ISO 639-1 code of the original audio: a French film needs no French tag to have French audio.
    original_language: str | None = None
    seasons: tuple[int, ...] = ()  # empty: every season
    episodes: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # season -> episodes; empty: whole
    # Where fansubs' absolute episode numbers fall in TMDB's seasons (shows, when TMDB answered).
    absolute_numbering: AbsoluteNumbering | None = None
    blocklisted_hashes: frozenset[str] = frozenset()
    blocklisted_titles: frozenset[str] = frozenset()

    @property
    def all_titles(self) -> tuple[str, ...]:
        """The title, the original title and every alternative, without repeats."""
        titles = [self.title, self.original_title or "", *self.alternative_titles]
        return tuple(dict.fromkeys(title for title in titles if title))

    def wants_whole_season(self, season: int) -> bool:
        """True when every episode of ``season`` is wanted (a season pack is then the best fit)."""
        return (not self.seasons or season in self.seasons) and not self.episodes.get(season)
