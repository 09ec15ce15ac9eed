"""A fansub release's absolute episode numbers, placed on TMDB's seasons before it is judged."""

from __future__ import annotations

from dataclasses import replace

from app.catalog.episode_numbering import AbsoluteNumbering
from app.releases.parsing import ParsedRelease


def placed(parsed: ParsedRelease, numbering: AbsoluteNumbering | None) -> ParsedRelease:
    """`parsed` with its season and episodes from `numbering` when the name counted them absolutely.

    "[Group] Show - 27 (1080p)" after a first season of 26 becomes S02E01, so the season and episode
    checks and the ranking see what the release really holds. A name with a season, or numbers TMDB does
    not place (unknown, or straddling two seasons), is left as it is, and the checks then turn it down.
    """
    if numbering is None or parsed.seasons or not parsed.absolute_episodes:
        return parsed
    where = numbering.place(parsed.absolute_episodes)
    if where is None:
        return parsed
    season, episodes = where
    return replace(parsed, season=season, seasons=(season,), episodes=episodes, is_season_pack=False)
