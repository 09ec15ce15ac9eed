"""What an import works for: the requested media, and where the library keeps films and shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.catalog.episode_numbering import AbsoluteNumbering

MOVIES_FOLDER = "Movies"
SHOWS_FOLDER = "TV Shows"

Episode = tuple[int, int]  # (season, episode)


@dataclass(frozen=True, slots=True)
class ImportTarget:
    """The requested film, or the requested seasons/episodes of a show, with TMDB's episode titles.

    Seasons and episodes follow the request's meaning: no season and no episode means the whole show; a season
    listed without episodes means the whole season; a season with episodes means only those episodes.
    """

    media_type: Literal["movie", "tv"]
    title: str
    year: int | None = None
    seasons: frozenset[int] = frozenset()
    episodes: Mapping[int, frozenset[int]] = field(default_factory=dict)
    episode_titles: Mapping[Episode, str] = field(default_factory=dict)
    # Other names the files may carry (original title, translations): only used to tell the film apart
    # from other videos in the torrent, never for naming.
    alternative_titles: tuple[str, ...] = ()
    # Where files numbered from the show's first episode (anime fansubs) fall in TMDB's seasons.
    absolute_numbering: AbsoluteNumbering | None = None

    @classmethod
    def movie(cls, title: str, year: int | None, *, alternative_titles: Iterable[str] = ()) -> ImportTarget:
        """A film request."""
        return cls(media_type="movie", title=title, year=year, alternative_titles=tuple(alternative_titles))

    @classmethod
    def show(
        cls,
        title: str,
        year: int | None,
        *,
        seasons: Iterable[int] | None = None,
        episodes: Mapping[str, Iterable[int]] | Mapping[int, Iterable[int]] | None = None,
        episode_titles: Mapping[Episode, str] | None = None,
        alternative_titles: Iterable[str] = (),
    ) -> ImportTarget:
        """A show request; `seasons`/`episodes` as the request row stores them (episodes: {"1": [2, 3]})."""
        return cls(
            media_type="tv",
            title=title,
            year=year,
            seasons=frozenset(seasons or ()),
            episodes={int(season): frozenset(numbers) for season, numbers in (episodes or {}).items()},
            episode_titles=dict(episode_titles or {}),
            alternative_titles=tuple(alternative_titles),
        )

    @property
    def is_movie(self) -> bool:
        """True for a film request."""
        return self.media_type == "movie"

    @property
    def all_titles(self) -> tuple[str, ...]:
        """The title and its alternatives, without repeats."""
        return tuple(dict.fromkeys(title for title in (self.title, *self.alternative_titles) if title))

    def wants_season(self, season: int) -> bool:
        """True when some episode of `season` was requested."""
        if not self.seasons and not self.episodes:
            return True
        return season in self.seasons or season in self.episodes

    def wants(self, season: int, episode: int) -> bool:
        """True when this episode was requested."""
        if not self.wants_season(season):
            return False
        listed = self.episodes.get(season)
        return not listed or episode in listed

    def expected_episodes(self) -> frozenset[Episode]:
        """The requested episodes we can name: listed ones, and those TMDB titled in requested seasons."""
        expected = {(season, number) for season, numbers in self.episodes.items() for number in numbers}
        expected |= {episode for episode in self.episode_titles if self.wants(*episode)}
        return frozenset(expected)


@dataclass(frozen=True, slots=True)
class LibraryRoots:
    """The two Plex library folders an import may write into (and nowhere else)."""

    movies: Path
    shows: Path

    @classmethod
    def under(cls, library_root: Path) -> LibraryRoots:
        """`Movies/` and `TV Shows/` under the configured LIBRARY_ROOT."""
        return cls(movies=library_root / MOVIES_FOLDER, shows=library_root / SHOWS_FOLDER)

    def for_target(self, target: ImportTarget) -> Path:
        """The root this target's files go under."""
        return self.movies if target.is_movie else self.shows
