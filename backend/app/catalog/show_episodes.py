"""What TMDB says about a show's episodes for naming files: their titles and the absolute numbering."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from app.catalog.episode_numbering import AbsoluteNumbering, Episode, absolute_numbering
from app.integrations.tmdb import TmdbClient

# TMDB titles an episode nobody named "Episode 7" ("Épisode 7" in French): a number, not a title.
_PLACEHOLDER_TITLE = re.compile(r"^(?:episode|épisode|episodio|folge)\s*\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class ShowEpisodes:
    """Episode titles of the seasons asked for, and where absolute episode numbers fall."""

    titles: Mapping[Episode, str]
    numbering: AbsoluteNumbering


async def show_episodes(tmdb: TmdbClient, tmdb_id: int, seasons: Collection[int] = ()) -> ShowEpisodes:
    """Titles of `seasons` (every regular season when empty) and the show's absolute numbering.

    One season-details call per season, each cached a day like the show's details.
    """
    details = await tmdb.show_details(tmdb_id)
    wanted = sorted(seasons) or [
        season.season_number for season in details.seasons if not season.is_specials and season.episode_count
    ]
    titles: dict[Episode, str] = {}
    for season in wanted:
        for episode in (await tmdb.season_details(tmdb_id, season)).episodes:
            if episode.name and not _PLACEHOLDER_TITLE.match(episode.name):
                titles[(season, episode.episode_number)] = episode.name
    return ShowEpisodes(titles, await absolute_numbering(tmdb, tmdb_id))
