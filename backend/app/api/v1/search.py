"""/api/v1/search: find a film or a show to request."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, HTTPException, Path, Query, status

from app.api.access import SignedIn
from app.api.deps import SessionDep, SettingsDep
from app.api.errors import SpokenError
from app.catalog import images, service
from app.catalog.schemas import SearchPage, SeasonEpisodes, ShowSeasons
from app.input_types import RowId, Text
from app.integrations.errors import AuthError, IntegrationError, PermanentError, TransientError
from app.media_requests.states import MediaType
from app.settings.errors import NotConfigured
from app.settings.integrations.tmdb import tmdb_client

router = APIRouter(prefix="/search", tags=["search"])

UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {"description": "TMDB is not configured, refuses the key, or is not answering"}
}


def _unavailable(exc: Exception) -> HTTPException:
    # Coded for the kiosk, which says it in the family's language (a child meets it on the search page).
    if isinstance(exc, NotConfigured):
        code, message = "search_not_set_up", str(exc)
    elif isinstance(exc, AuthError):
        code, message = "search_key_refused", "TMDB refused the API key: an admin must check it in Settings."
    elif isinstance(exc, TransientError):
        code, message = "search_unavailable", "TMDB is not answering right now; try again in a minute."
    else:
        code, message = "search_unavailable", f"TMDB could not answer: {exc}"
    return SpokenError(status.HTTP_503_SERVICE_UNAVAILABLE, code, message)


@router.get("", response_model=SearchPage, responses=UNAVAILABLE)
async def search_catalog(
    session: SessionDep,
    viewer: SignedIn,
    settings: SettingsDep,
    background: BackgroundTasks,
    query: Annotated[Text, Query(min_length=1, max_length=200)],
    media_type: MediaType = MediaType.MOVIE,
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> SearchPage:
    """Films or shows matching `query`, each saying whether Plex has it or it was already requested."""
    try:
        tmdb = await tmdb_client(session)

        def fetch_posters_ahead(paths: list[str | None]) -> None:
            # After the answer is sent: the posters are usually kept by the time the browser asks.
            wanted: list[tuple[images.ImageKind, str | None]] = [("poster", path) for path in paths]
            background.add_task(images.prefetch, images.image_cache(settings), tmdb, wanted)

        return await service.search(
            session,
            tmdb,
            query=query.strip(),
            media_type=media_type,
            page=page,
            posters_found=fetch_posters_ahead,
        )
    except (NotConfigured, IntegrationError) as exc:
        raise _unavailable(exc) from exc


@router.get("/tv/{tmdb_id}", response_model=ShowSeasons, responses={**UNAVAILABLE, 404: {}})
async def get_show_seasons(tmdb_id: RowId, session: SessionDep, viewer: SignedIn) -> ShowSeasons:
    """The seasons of a show with the episodes Plex has, for picking what to request."""
    try:
        tmdb = await tmdb_client(session)
        return await service.show_seasons(session, tmdb, tmdb_id=tmdb_id)
    except PermanentError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"TMDB has no show {tmdb_id}") from exc
    except (NotConfigured, IntegrationError) as exc:
        raise _unavailable(exc) from exc


@router.get(
    "/tv/{tmdb_id}/season/{season_number}", response_model=SeasonEpisodes, responses={**UNAVAILABLE, 404: {}}
)
async def get_season_episodes(
    tmdb_id: RowId,
    season_number: Annotated[int, Path(ge=0, le=500)],
    session: SessionDep,
    viewer: SignedIn,
) -> SeasonEpisodes:
    """A season's episodes with their air dates, for picking single episodes."""
    try:
        tmdb = await tmdb_client(session)
        return await service.season_episodes(tmdb, tmdb_id=tmdb_id, season_number=season_number)
    except PermanentError as exc:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"TMDB has no season {season_number} of show {tmdb_id}"
        ) from exc
    except (NotConfigured, IntegrationError) as exc:
        raise _unavailable(exc) from exc
