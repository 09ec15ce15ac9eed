"""Pure rules for "is what was requested in Plex?": ids, wanted episodes, what is missing, how much is there.

No database and no network here, so every rule is unit-tested on plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class MediaIds:
    """A film or show by its external ids; `kind` is "movie" or "show" as in the mirror."""

    kind: str
    tmdb: int | None = None
    imdb: str | None = None
    tvdb: int | None = None

    def shares_an_id(self, other: MediaIds) -> bool:
        """True when both are the same kind and agree on at least one id."""
        return self.kind == other.kind and bool(
            (self.tmdb is not None and self.tmdb == other.tmdb)
            or (self.imdb is not None and self.imdb == other.imdb)
            or (self.tvdb is not None and self.tvdb == other.tvdb)
        )


class Coverage(StrEnum):
    """How much of a request Plex holds."""

    ALL = "all"
    SOME = "some"
    NONE = "none"


Episodes = dict[int, set[int]]


def episodes_by_season(pairs: Iterable[tuple[int | None, int | None]]) -> Episodes:
    """Group (season, episode) pairs; pairs missing either number are ignored."""
    grouped: Episodes = {}
    for season, episode in pairs:
        if season is not None and episode is not None:
            grouped.setdefault(season, set()).add(episode)
    return grouped


def wanted_episodes(
    *,
    seasons: Sequence[int] | None,
    episodes: Mapping[str, Sequence[int]] | None,
    season_sizes: Mapping[int, int] | None,
    present: Episodes,
) -> Episodes:
    """Every episode a show request asks for.

    `season_sizes` are TMDB's episode counts (None when TMDB cannot be asked): then a season is as long
    as its highest episode number in Plex, so a gap still shows as missing. No seasons and no episodes
    means the whole show, specials left out.
    """
    wanted: Episodes = {}
    for season_key, numbers in (episodes or {}).items():
        wanted.setdefault(int(season_key), set()).update(numbers)

    def size(season: int) -> int:
        if season_sizes is not None:
            return season_sizes.get(season, 0)
        return max(present.get(season, ()), default=0)

    whole: Iterable[int]
    if seasons:
        whole = seasons
    elif episodes:
        whole = ()
    elif season_sizes is not None:
        whole = [number for number, count in season_sizes.items() if number > 0 and count > 0]
    else:
        whole = [number for number in present if number > 0]
    for number in whole:
        # A season nobody can size (not in TMDB, nothing in Plex) still counts as wanted: episode 1 at least.
        wanted.setdefault(number, set()).update(range(1, max(size(number), 1) + 1))
    return wanted


def missing_episodes(wanted: Episodes, present: Episodes) -> Episodes:
    """What `wanted` holds that `present` lacks, by season (seasons with nothing missing left out)."""
    missing: Episodes = {}
    for season, numbers in wanted.items():
        lacking = numbers - present.get(season, set())
        if lacking:
            missing[season] = lacking
    return missing


def coverage(wanted: Episodes, present: Episodes) -> Coverage:
    """ALL when nothing wanted is missing, SOME when at least one wanted episode is there, else NONE."""
    if not wanted:
        return Coverage.NONE
    missing = missing_episodes(wanted, present)
    if not missing:
        return Coverage.ALL
    have_any = any(numbers & present.get(season, set()) for season, numbers in wanted.items())
    return Coverage.SOME if have_any else Coverage.NONE


def describe_missing(missing: Episodes, *, limit: int = 12) -> str:
    """`S01E03, S01E04, S02E01…` for a person."""
    labels = [
        f"S{season:02d}E{episode:02d}" for season in sorted(missing) for episode in sorted(missing[season])
    ]
    text = ", ".join(labels[:limit])
    return text + (f" and {len(labels) - limit} more" if len(labels) > limit else "")
