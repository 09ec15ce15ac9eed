"""Which episodes of a followed show to search today, from TMDB's season air dates.

Pure data, shared by the daily monitored-shows pass and its benchmark: the caller reads the seasons (TMDB's
season endpoint, cached) and what is already accounted for, and gets back the searches to make.

TMDB gives an episode's air day, not its hour, in the broadcaster's time zone: an episode counts as aired at
the end of that day (UTC) plus a delay (default 6 h), by which time the releases of an evening's episode are
out. An episode "accounted for" is in the Plex mirror, in an active download, or was in Plex once and was
deleted (deleted means deleted: it is never fetched again). A season whose every episode has aired and none
of which is accounted for is searched as one season pack; anything else episode by episode.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.catalog.episode_numbering import Episode
from app.integrations.tmdb_episodes import EpisodeInfo, SeasonDetails
from app.integrations.tmdb_models import ShowDetails

DEFAULT_DELAY = timedelta(hours=6)
# TMDB's words for a show that will air nothing more (its "status" field).
_FINISHED = frozenset({"Ended", "Canceled"})


@dataclass(frozen=True, slots=True)
class EpisodeSearch:
    """One search to make: a whole season pack (`episodes` empty) or the listed episodes of one season."""

    season: int
    episodes: tuple[int, ...] = ()

    @property
    def is_season_pack(self) -> bool:
        """True when the whole season is searched as one pack."""
        return not self.episodes


def aired_at(air_day: date, delay: timedelta = DEFAULT_DELAY) -> datetime:
    """When an episode dated `air_day` counts as aired: the end of that day in UTC, plus the delay."""
    return datetime.combine(air_day + timedelta(days=1), time(), tzinfo=UTC) + delay


def has_aired(episode: EpisodeInfo, now: datetime, delay: timedelta = DEFAULT_DELAY) -> bool:
    """An episode without an air date has not aired (TMDB lists announced episodes undated)."""
    return episode.air_date is not None and aired_at(episode.air_date, delay) <= now


def searches_due(
    seasons: Iterable[SeasonDetails],
    *,
    now: datetime,
    accounted_for: Collection[Episode],
    followed_seasons: Collection[int] | None = None,
    delay: timedelta = DEFAULT_DELAY,
) -> list[EpisodeSearch]:
    """The searches for every aired episode not accounted for, in season order.

    `followed_seasons` None follows everything, including seasons that appear later; specials (season 0)
    are followed only when asked by number.
    """
    searches: list[EpisodeSearch] = []
    for season in sorted(seasons, key=lambda s: s.season_number):
        number = season.season_number
        if not _is_followed(number, followed_seasons):
            continue
        aired = [e.episode_number for e in season.episodes if has_aired(e, now, delay)]
        missing = tuple(n for n in aired if (number, n) not in accounted_for)
        if not missing:
            continue
        whole_season_out = bool(season.episodes) and len(aired) == len(season.episodes)
        if whole_season_out and len(missing) == len(season.episodes):
            searches.append(EpisodeSearch(number))
        else:
            searches.append(EpisodeSearch(number, missing))
    return searches


def next_due(
    seasons: Iterable[SeasonDetails], now: datetime, delay: timedelta = DEFAULT_DELAY
) -> datetime | None:
    """When the next dated episode counts as aired: until then nothing new can be due."""
    upcoming = [
        aired_at(episode.air_date, delay)
        for season in seasons
        for episode in season.episodes
        if episode.air_date is not None and aired_at(episode.air_date, delay) > now
    ]
    return min(upcoming, default=None)


def has_ended(details: ShowDetails) -> bool:
    """TMDB says the show will air nothing more."""
    return details.status in _FINISHED and not details.in_production


def _is_followed(season_number: int, followed: Collection[int] | None) -> bool:
    return season_number > 0 if followed is None else season_number in followed


def all_in(
    seasons: Iterable[SeasonDetails], present: Collection[Episode], followed: Collection[int] | None
) -> bool:
    """Every listed episode of the followed seasons (every regular season when None) is in `present`."""
    return all(
        (season.season_number, episode.episode_number) in present
        for season in seasons
        if _is_followed(season.season_number, followed)
        for episode in season.episodes
    )
