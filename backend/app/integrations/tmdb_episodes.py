"""TMDB's episode lists: a season's details and a show's episode groups, as plain dataclasses.

`/tv/{id}/season/{n}` lists a season's episodes with their titles and air dates. `/tv/{id}/episode_groups`
lists the other orders people made for a show (type 2, "Absolute", puts every episode in one running
order, which is how anime fansubs number them), and `/tv/episode_group/{id}` gives one order in full:
its groups, each listing episodes by their default season and number, with their place in the group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.integrations.tmdb_models import parse_date

# TMDB's episode group types (developer.themoviedb.org, "TV Episode Group Details").
ORIGINAL_AIR_DATE, ABSOLUTE, DVD, DIGITAL, STORY_ARC, PRODUCTION, TV = range(1, 8)


@dataclass(frozen=True, slots=True)
class EpisodeInfo:
    """One episode under TMDB's default numbering."""

    season_number: int
    episode_number: int
    name: str
    air_date: date | None
    runtime_minutes: int | None


@dataclass(frozen=True, slots=True)
class SeasonDetails:
    """A season and its episodes, in TMDB's order."""

    season_number: int
    name: str
    air_date: date | None
    episodes: tuple[EpisodeInfo, ...]


@dataclass(frozen=True, slots=True)
class EpisodeGroupSummary:
    """One alternative order of a show, as `/tv/{id}/episode_groups` lists it."""

    group_id: str
    name: str
    type: int
    episode_count: int
    group_count: int


@dataclass(frozen=True, slots=True)
class GroupedEpisode:
    """An episode's default season and number, and its place (from 0) in its group."""

    season_number: int
    episode_number: int
    order: int


@dataclass(frozen=True, slots=True)
class EpisodeGroupPart:
    """One group of an episode group ("Season 1", "Specials", "Arc 3"…), in its order."""

    name: str
    order: int
    episodes: tuple[GroupedEpisode, ...]


@dataclass(frozen=True, slots=True)
class EpisodeGroup:
    """One alternative order in full."""

    group_id: str
    name: str
    type: int
    parts: tuple[EpisodeGroupPart, ...]


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _opt_positive(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _entries(value: Any) -> list[dict[str, Any]]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def season_details(data: dict[str, Any]) -> SeasonDetails:
    """Read `/tv/{id}/season/{n}`; episodes without a number are left out."""
    season = _int(data.get("season_number"))
    episodes = tuple(
        EpisodeInfo(
            season_number=_int(entry.get("season_number"), season),
            episode_number=_int(entry.get("episode_number")),
            name=_text(entry.get("name")).strip(),
            air_date=parse_date(entry.get("air_date")),
            runtime_minutes=_opt_positive(entry.get("runtime")),
        )
        for entry in _entries(data.get("episodes"))
        if _int(entry.get("episode_number")) > 0
    )
    return SeasonDetails(
        season_number=season,
        name=_text(data.get("name")),
        air_date=parse_date(data.get("air_date")),
        episodes=tuple(sorted(episodes, key=lambda e: e.episode_number)),
    )


def episode_groups(data: dict[str, Any]) -> tuple[EpisodeGroupSummary, ...]:
    """Read `/tv/{id}/episode_groups`."""
    return tuple(
        EpisodeGroupSummary(
            group_id=_text(entry.get("id")),
            name=_text(entry.get("name")),
            type=_int(entry.get("type")),
            episode_count=_int(entry.get("episode_count")),
            group_count=_int(entry.get("group_count")),
        )
        for entry in _entries(data.get("results"))
        if _text(entry.get("id"))
    )


def episode_group(data: dict[str, Any]) -> EpisodeGroup:
    """Read `/tv/episode_group/{id}`: groups and their episodes sorted by their `order`."""
    parts = []
    for group in _entries(data.get("groups")):
        episodes = tuple(
            GroupedEpisode(
                season_number=_int(entry.get("season_number")),
                episode_number=_int(entry.get("episode_number")),
                order=_int(entry.get("order")),
            )
            for entry in _entries(group.get("episodes"))
            if _int(entry.get("episode_number")) > 0
        )
        parts.append(
            EpisodeGroupPart(
                name=_text(group.get("name")),
                order=_int(group.get("order")),
                episodes=tuple(sorted(episodes, key=lambda e: e.order)),
            )
        )
    return EpisodeGroup(
        group_id=_text(data.get("id")),
        name=_text(data.get("name")),
        type=_int(data.get("type")),
        parts=tuple(sorted(parts, key=lambda p: p.order)),
    )
