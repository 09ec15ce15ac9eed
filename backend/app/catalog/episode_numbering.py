"""Absolute episode numbers (anime fansubs: "Show - 27") onto TMDB's seasons and episodes (S02E01).

Fansub groups count a show's episodes from the first one, whatever the season; Plex and TMDB file them
by season. TMDB's own data says where each one falls: an episode group of the "Absolute" type where the
show has one (it lists every episode in one running order, each under its default season and number),
else the running count of episodes over the seasons as TMDB's show details count them, specials left
out. The mapping is pure data, shared by release matching (which season a release fills) and the import
(what to name the file).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from app.integrations.errors import PermanentError
from app.integrations.tmdb import TmdbClient
from app.integrations.tmdb_episodes import ABSOLUTE, EpisodeGroup
from app.integrations.tmdb_models import SeasonInfo

log = logging.getLogger(__name__)

Episode = tuple[int, int]  # (season, episode) under TMDB's default numbering
NumberingSource = Literal["episode group", "season counts"]


@dataclass(frozen=True)
class AbsoluteNumbering:
    """Where each absolute episode number falls: its season and its episode number in that season."""

    episodes: Mapping[int, Episode]
    source: NumberingSource

    def episode_of(self, absolute: int) -> Episode | None:
        """The (season, episode) of absolute episode `absolute`, None when TMDB does not list it."""
        return self.episodes.get(absolute)

    def place(self, absolutes: Iterable[int]) -> tuple[int, tuple[int, ...]] | None:
        """The season and episodes that absolute numbers `absolutes` make, or None.

        None when one of them is unknown (past the last episode TMDB lists), or when they straddle two
        seasons: one file or release is then not one season's episodes, and guessing would misname it.
        """
        found = [self.episodes.get(number) for number in sorted(set(absolutes))]
        if not found or any(episode is None for episode in found):
            return None
        seasons = {episode[0] for episode in found if episode is not None}
        if len(seasons) != 1:
            return None
        return seasons.pop(), tuple(episode[1] for episode in found if episode is not None)


def from_seasons(seasons: Sequence[SeasonInfo]) -> AbsoluteNumbering:
    """The running count over the regular seasons in order; each season's episodes numbered from 1."""
    episodes: dict[int, Episode] = {}
    for season in sorted(seasons, key=lambda s: s.season_number):
        if season.is_specials:
            continue  # specials are outside the running count, as fansubs number them
        for number in range(1, season.episode_count + 1):
            episodes[len(episodes) + 1] = (season.season_number, number)
    return AbsoluteNumbering(episodes, "season counts")


def from_episode_group(group: EpisodeGroup) -> AbsoluteNumbering:
    """An "Absolute" episode group's order: its groups in order, their episodes in order, specials left out.

    Each episode keeps the season and number TMDB files it under by default, which is what Plex's agent
    and the import's names use.
    """
    episodes: dict[int, Episode] = {}
    seen: set[Episode] = set()
    for part in group.parts:
        for entry in part.episodes:
            episode = (entry.season_number, entry.episode_number)
            if entry.season_number == 0 or episode in seen:
                continue
            seen.add(episode)
            episodes[len(episodes) + 1] = episode
    return AbsoluteNumbering(episodes, "episode group")


async def absolute_numbering(tmdb: TmdbClient, tmdb_id: int) -> AbsoluteNumbering:
    """The show's absolute numbering from TMDB: its first "Absolute" episode group, else its season counts.

    The season counts come from the show's details (cached, and already read by every search); the
    episode groups cost one call, two when the show has an absolute one, each cached a day. Episode
    groups TMDB refuses (not found) are not an error: the season counts answer instead. A transient
    failure is raised, so the caller retries rather than number by a different rule this time.
    """
    details = await tmdb.show_details(tmdb_id)
    try:
        groups = await tmdb.episode_groups(tmdb_id)
        absolute = next((group for group in groups if group.type == ABSOLUTE), None)
        if absolute is not None:
            numbering = from_episode_group(await tmdb.episode_group(absolute.group_id))
            if numbering.episodes:
                return numbering
    except PermanentError as exc:
        log.info("TMDB gave no episode groups for show %s (%s): counting its seasons", tmdb_id, exc)
    return from_seasons(details.seasons)
