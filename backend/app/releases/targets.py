"""What to look for, for one request: the selection targets and the indexer queries, one per part.

A film is one part; a show is one part per requested season (each season gets its own best release,
a season pack when there is one). TMDB, when it is set up, adds the original and alternative titles,
the runtime, the seasons and where absolute episode numbers fall; without it the request's own title and
year still make a search. Anime is searched by title alone: fansub names carry no season ("Show - 07"),
so an indexer asked for a season would leave them out; the selection places them in their season.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.episode_numbering import absolute_numbering
from app.catalog.media_types import MediaType
from app.integrations.errors import IntegrationError
from app.integrations.tmdb import MediaKind, ShowDetails, TmdbClient
from app.integrations.torznab import SearchQuery
from app.releases.candidates import MediaTarget
from app.settings.errors import NotConfigured
from app.settings.integrations.tmdb import tmdb_client

log = logging.getLogger(__name__)
# Languages whose titles can appear in release names here: the household's, and the scene's.
TITLE_LANGUAGES = frozenset({"fr", "en"})


class WantedMedia(Protocol):
    """What a search reads of a request (the request domain's row fits it)."""

    @property
    def id(self) -> int: ...
    @property
    def media_type(self) -> MediaType: ...
    @property
    def title(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def tmdb_id(self) -> int: ...
    @property
    def imdb_id(self) -> str | None: ...
    @property
    def tvdb_id(self) -> int | None: ...
    @property
    def requested_seasons(self) -> Sequence[int] | None: ...
    @property
    def requested_episodes(self) -> Mapping[str, Sequence[int]] | None: ...


@dataclass(frozen=True)
class SearchPart:
    """One thing to find a release for: the whole film, or one season."""

    label: str
    season: int | None
    target: MediaTarget
    query: SearchQuery


async def search_parts(
    session: AsyncSession, request: WantedMedia, blocklisted: frozenset[str]
) -> list[SearchPart]:
    """The parts of `request`, with targets enriched from TMDB when it answers."""
    base = MediaTarget(
        media_type="movie" if request.media_type is MediaType.MOVIE else "tv",
        title=request.title,
        year=request.year,
        blocklisted_hashes=blocklisted,
    )
    episodes = request.requested_episodes or {}
    # Whole seasons and the seasons of single episodes, as the import reads a request ({1} whole plus
    # S02E03 is two parts: season 1, and season 2 narrowed to episode 3).
    seasons = tuple(sorted({*(request.requested_seasons or ()), *(int(season) for season in episodes)}))
    by_title = False  # anime: ask the indexers for the title alone
    try:
        client = await tmdb_client(session)
        if request.media_type is MediaType.MOVIE:
            base = await _movie_target(client, request.tmdb_id, base)
        else:
            base, aired, by_title = await _show_target(client, request.tmdb_id, base)
            seasons = seasons or aired
    except NotConfigured:
        pass
    except IntegrationError as exc:
        log.warning("TMDB did not answer for request %s, searching with its title only: %s", request.id, exc)
    query = SearchQuery(
        kind=base.media_type,
        title=base.title,
        year=base.year,
        imdb_id=request.imdb_id,
        tmdb_id=request.tmdb_id,
        tvdb_id=request.tvdb_id,
    )
    if request.media_type is MediaType.MOVIE:
        return [SearchPart("film", None, base, query)]
    if not seasons:
        return [SearchPart("every season", None, base, query)]
    if by_title:
        # Fansub trackers file their releases under no id and no season: the title alone finds them.
        query = SearchQuery(kind="tv", title=base.title)
    return [
        SearchPart(
            f"season {season}",
            season,
            replace(
                base,
                seasons=(season,),
                episodes={season: tuple(episodes[str(season)])} if episodes.get(str(season)) else {},
            ),
            query if by_title else replace(query, season=season),
        )
        for season in seasons
    ]


async def _movie_target(client: TmdbClient, tmdb_id: int, base: MediaTarget) -> MediaTarget:
    details = await client.movie_details(tmdb_id)
    return replace(
        base,
        year=base.year or (details.release_date.year if details.release_date else None),
        original_title=details.original_title,
        alternative_titles=await _other_titles(client, "movie", tmdb_id, details.title),
        runtime_minutes=details.runtime_minutes,
        original_language=details.original_language,
    )


async def _show_target(
    client: TmdbClient, tmdb_id: int, base: MediaTarget
) -> tuple[MediaTarget, tuple[int, ...], bool]:
    """The show's target, its aired seasons, and whether to search it by title alone (anime)."""
    details = await client.show_details(tmdb_id)
    numbering = await absolute_numbering(client, tmdb_id)
    target = replace(
        base,
        year=base.year or details.year,
        original_title=details.original_name,
        alternative_titles=await _other_titles(client, "tv", tmdb_id, details.name),
        runtime_minutes=details.episode_run_time,
        original_language=details.original_language,
        absolute_numbering=numbering,
    )
    aired = tuple(
        season.season_number
        for season in details.seasons
        if season.season_number > 0 and season.episode_count
    )
    return target, aired, _is_anime(details) or numbering.source == "episode group"


def _is_anime(details: ShowDetails) -> bool:
    """Japanese animation: the shows fansub groups release with absolute episode numbers."""
    return details.original_language == "ja" and any(
        genre.casefold() == "animation" for genre in details.genres
    )


async def _other_titles(
    client: TmdbClient, kind: MediaKind, tmdb_id: int, local_title: str
) -> tuple[str, ...]:
    """The household's title and the French/English translations and alternative titles."""
    titles = [local_title]
    titles += [t.title for t in await client.translations(kind, tmdb_id) if t.language in TITLE_LANGUAGES]
    titles += [
        t.title for t in await client.alternative_titles(kind, tmdb_id) if t.country in {"FR", "US", "GB"}
    ]
    return tuple(dict.fromkeys(title for title in titles if title))
