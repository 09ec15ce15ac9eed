"""Search TMDB and say, for each title, whether Plex has it and whether it was already requested."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.airing import has_ended
from app.catalog.images import image_url
from app.catalog.schemas import (
    EpisodeOut,
    ExistingRequest,
    SearchPage,
    SearchResult,
    SeasonEpisodes,
    SeasonOut,
    ShowSeasons,
)
from app.integrations.tmdb import TmdbClient
from app.integrations.tmdb_models import MovieSummary, Page, ShowSummary
from app.library.links import linked_tmdb_ids_condition
from app.library.matching import MediaIds
from app.library.models import LibraryItem, TmdbLink
from app.library.presence import presence_of
from app.media_requests.models import MediaRequest
from app.media_requests.states import ACTIVE_STATUSES, MediaType, RequestStatus

# Statuses worth showing on a search card; a cancelled or denied request can simply be made again.
SHOWN_REQUEST_STATUSES = ACTIVE_STATUSES | {
    RequestStatus.COMPLETED,
    RequestStatus.AVAILABLE,
    RequestStatus.PARTIALLY_AVAILABLE,
    RequestStatus.FAILED,
}
PLEX_TYPE = {MediaType.MOVIE: "movie", MediaType.TV: "show"}


async def search(
    session: AsyncSession,
    tmdb: TmdbClient,
    *,
    query: str,
    media_type: MediaType,
    page: int,
    posters_found: Callable[[list[str | None]], None] | None = None,
) -> SearchPage:
    """One page of TMDB results for `query`, annotated with Plex and request state.

    `posters_found` is told the results' TMDB poster paths, so their images can be fetched ahead.
    """
    found: Page[MovieSummary] | Page[ShowSummary]
    if media_type is MediaType.MOVIE:
        found = await tmdb.search_movies(query, page=page)
    else:
        found = await tmdb.search_shows(query, page=page)
    ids = [item.tmdb_id for item in found.results]
    if posters_found is not None:
        posters_found([item.poster_path for item in found.results])
    in_plex = await _in_plex(session, media_type, ids)
    requests = await _latest_requests(session, media_type, ids)
    results = [
        _result(media_type, item, item.tmdb_id in in_plex, requests.get(item.tmdb_id))
        for item in found.results
    ]
    return SearchPage(results=results, page=found.page, total_pages=found.total_pages)


async def show_seasons(session: AsyncSession, tmdb: TmdbClient, *, tmdb_id: int) -> ShowSeasons:
    """The seasons of a show a family member can pick (specials left out), each with the episodes the
    Plex mirror has: a few queries for the whole show, none per season or episode."""
    details = await tmdb.show_details(tmdb_id)
    external = details.external_ids
    ids = MediaIds(
        "show", tmdb_id, external.imdb_id if external else None, external.tvdb_id if external else None
    )
    had = (await presence_of(session, [ids]))[ids].episodes
    seasons = [
        SeasonOut(
            season_number=s.season_number,
            name=s.name,
            episode_count=s.episode_count,
            air_date=s.air_date,
            in_plex=sorted(had.get(s.season_number, ())),
        )
        for s in details.seasons
        if not s.is_specials
    ]
    return ShowSeasons(
        tmdb_id=details.tmdb_id, title=details.name, seasons=seasons, continuing=not has_ended(details)
    )


async def season_episodes(tmdb: TmdbClient, *, tmdb_id: int, season_number: int) -> SeasonEpisodes:
    """A season's episodes with their titles and air dates (one cached TMDB call)."""
    season = await tmdb.season_details(tmdb_id, season_number)
    episodes = [
        EpisodeOut(episode_number=e.episode_number, name=e.name, air_date=e.air_date) for e in season.episodes
    ]
    return SeasonEpisodes(
        tmdb_id=tmdb_id,
        season_number=season.season_number,
        name=season.name,
        air_date=season.air_date,
        episodes=episodes,
    )


def _result(
    media_type: MediaType,
    item: MovieSummary | ShowSummary,
    in_plex: bool,
    request: ExistingRequest | None,
) -> SearchResult:
    if isinstance(item, MovieSummary):
        title, original = item.title, item.original_title
    else:
        title, original = item.name, item.original_name
    return SearchResult(
        media_type=media_type,
        tmdb_id=item.tmdb_id,
        title=title,
        original_title=original if original != title else None,
        year=item.year,
        overview=item.overview,
        poster_url=image_url("poster", item.poster_path, title),
        in_plex=in_plex,
        request=request,
    )


async def _in_plex(session: AsyncSession, media_type: MediaType, ids: Sequence[int]) -> set[int]:
    """The TMDB ids among `ids` that Plex has: by the item's own TMDB id, or by the IMDb (films) or TVDB
    (shows) id an old Plex agent gave it, through the TMDB ids the sync learnt for those."""
    if not ids:
        return set()
    kind = PLEX_TYPE[media_type]
    direct = select(LibraryItem.tmdb_id).where(LibraryItem.item_type == kind, LibraryItem.tmdb_id.in_(ids))
    via_links = (
        select(TmdbLink.tmdb_id)
        .join(LibraryItem, linked_tmdb_ids_condition(kind))
        .where(TmdbLink.tmdb_id.in_(ids))
    )
    rows = await session.scalars(direct.union(via_links))
    return {tmdb_id for tmdb_id in rows if tmdb_id is not None}


async def _latest_requests(
    session: AsyncSession, media_type: MediaType, ids: Sequence[int]
) -> dict[int, ExistingRequest]:
    if not ids:
        return {}
    rows = await session.execute(
        select(MediaRequest.tmdb_id, MediaRequest.id, MediaRequest.status)
        .where(
            MediaRequest.media_type == media_type,
            MediaRequest.tmdb_id.in_(ids),
            MediaRequest.status.in_(SHOWN_REQUEST_STATUSES),
        )
        .order_by(MediaRequest.id)
    )
    # Later rows win: the newest request is the one the family cares about.
    return {tmdb_id: ExistingRequest(id=request_id, status=status) for tmdb_id, request_id, status in rows}
