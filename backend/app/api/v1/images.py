"""/api/v1/images: posters and backdrops through the appliance's cache, drawn when none can be had.

Public, as the profile picker is: the idle screen shows posters before anyone signs in, and TMDB's images
are public anyway. What a caller can make the appliance fetch is bounded: TMDB file names only, from the
image host TMDB's own configuration names, at two fixed sizes, into a cache of bounded size.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from sqlalchemy.exc import SQLAlchemyError

from app.api.access import PUBLIC
from app.api.deps import SessionDep, SettingsDep
from app.catalog import images
from app.catalog.placeholders import ImageKind
from app.input_types import RowId, Text
from app.integrations.tmdb import TmdbClient
from app.settings.errors import NotConfigured
from app.settings.integrations.tmdb import tmdb_client

log = logging.getLogger(__name__)
router = APIRouter(prefix="/images", tags=["images"], dependencies=[PUBLIC])

FileName = Annotated[str, Path(max_length=80, pattern=r"^[A-Za-z0-9_.-]+$")]
TitleHint = Annotated[Text, Query(max_length=200, description="drawn on the placeholder")]
PICTURE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/jpeg": {}, "image/png": {}, "image/svg+xml": {}}, "description": "a picture"}
}


@router.get("/{kind}/{name}", response_class=Response, responses=PICTURE)
async def get_image(
    kind: ImageKind, name: FileName, session: SessionDep, settings: SettingsDep, title: TitleHint = ""
) -> Response:
    """A poster or backdrop by TMDB file name (`none`: the placeholder for `title`)."""
    cache = images.image_cache(settings)
    answer = await images.kept_image(cache, kind=kind, name=name)
    if answer is None:
        answer = await images.image(cache, await _tmdb(session), kind=kind, name=name, title=title)
    return _response(answer)


@router.get("/{media}/{tmdb_id}/{kind}", response_class=Response, responses=PICTURE)
async def get_title_image(
    media: Literal["movie", "tv"],
    tmdb_id: RowId,
    kind: ImageKind,
    session: SessionDep,
    settings: SettingsDep,
    title: TitleHint = "",
) -> Response:
    """A title's poster or backdrop by its TMDB id (the library, a request), or its placeholder."""
    tmdb = await _tmdb(session)
    cache = images.image_cache(settings)
    answer = await images.title_image(cache, tmdb, kind=kind, media=media, tmdb_id=tmdb_id, title=title)
    return _response(answer)


async def _tmdb(session: SessionDep) -> TmdbClient | None:
    """The TMDB client, or None when there is none to ask: not set up, or its settings unreadable (the
    database away), in which case the placeholder is drawn rather than the picture failing."""
    try:
        return await tmdb_client(session)
    except NotConfigured:
        return None
    except (SQLAlchemyError, OSError) as exc:
        log.warning("TMDB settings unreadable (%s): drawing the placeholder", type(exc).__name__)
        return None


def _response(answer: images.ImageAnswer) -> Response:
    headers = {"Cache-Control": answer.cache_control}
    return Response(answer.body, media_type=answer.media_type, headers=headers)
