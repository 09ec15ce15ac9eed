"""/api/v1/requests/{id}/…: a parent steers a request: its candidates, a search by hand, a pick, unblock."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import JSONResponse

from app.api.access import AdminOnly
from app.api.deps import SessionDep
from app.api.errors import SpokenError
from app.input_types import RowId
from app.integrations.errors import TransientError
from app.media_requests import steering
from app.media_requests.schemas import RequestOut
from app.media_requests.service import RequestNotFound
from app.media_requests.steering_schemas import PickIn, ReleaseOut
from app.settings.errors import NotConfigured

router = APIRouter(prefix="/requests", tags=["requests"])
CONFLICT: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such request, or no such release for it"},
    409: {"description": "Not possible in the request's state now (the message says why)"},
}


def _refusal(exc: Exception) -> HTTPException:
    # Coded for the kiosk's words in the parent's language (app/api/errors.py); `detail` for scripts.
    if isinstance(exc, RequestNotFound):
        return SpokenError(status.HTTP_404_NOT_FOUND, "request_not_found", str(exc))
    if isinstance(exc, steering.ReleaseNotFound):
        return SpokenError(status.HTTP_404_NOT_FOUND, "release_not_found", str(exc))
    if isinstance(exc, TransientError):
        return SpokenError(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "service_unavailable",
            str(exc),
            {"service": exc.service},
            headers={"Retry-After": "60"},
        )
    if isinstance(exc, steering.CannotSteer):
        return SpokenError(status.HTTP_409_CONFLICT, exc.code, str(exc), dict(exc.params))
    return SpokenError(status.HTTP_409_CONFLICT, "not_set_up", str(exc))


REFUSED = (RequestNotFound, steering.ReleaseNotFound, steering.CannotSteer, NotConfigured)


@router.get("/{request_id}/releases", response_model=list[ReleaseOut], responses=CONFLICT)
async def list_releases(request_id: RowId, session: SessionDep, viewer: AdminOnly) -> list[ReleaseOut]:
    """Every candidate the last search found for the request, with its verdict and what was read from it."""
    try:
        return [ReleaseOut.of(release) for release in await steering.releases_of(session, request_id)]
    except REFUSED as exc:
        raise _refusal(exc) from exc


@router.post(
    "/{request_id}/releases/search",
    response_model=list[ReleaseOut],
    responses={**CONFLICT, 503: {"description": "No indexer answered; try again later"}},
)
async def search_releases(request_id: RowId, session: SessionDep, viewer: AdminOnly) -> list[ReleaseOut]:
    """Ask every enabled indexer now; every candidate with its verdict (the request's state is unchanged)."""
    try:
        releases = await steering.search_by_hand(session, request_id=request_id, actor=viewer.actor)
    except (*REFUSED, TransientError) as exc:
        raise _refusal(exc) from exc
    return [ReleaseOut.of(release) for release in releases]


@router.post("/{request_id}/releases/{release_id}/pick", response_model=RequestOut, responses=CONFLICT)
async def pick_release(
    request_id: RowId, release_id: RowId, body: PickIn, session: SessionDep, viewer: AdminOnly
) -> RequestOut:
    """Grab this candidate for its part, replacing the current download of that part if there is one.

    A candidate the selection set aside answers 409 with `needs_confirmation` and its reasons unless
    `confirm` is true.
    """
    try:
        request = await steering.pick_release(
            session, request_id=request_id, release_id=release_id, actor=viewer.actor, confirmed=body.confirm
        )
    except steering.NeedsConfirmation as exc:
        content = {"detail": str(exc), "needs_confirmation": True, "reasons": exc.reasons}
        return JSONResponse(status_code=status.HTTP_409_CONFLICT, content=content)  # type: ignore[return-value]
    except REFUSED as exc:
        raise _refusal(exc) from exc
    return RequestOut.model_validate(request)


@router.delete("/{request_id}/releases/{release_id}/blocklist", response_model=ReleaseOut, responses=CONFLICT)
async def unblock_release(
    request_id: RowId, release_id: RowId, session: SessionDep, viewer: AdminOnly
) -> ReleaseOut:
    """Take a release off the request's blocklist: the next search may choose it again."""
    try:
        release = await steering.unblock_release(
            session, request_id=request_id, release_id=release_id, actor=viewer.actor
        )
    except REFUSED as exc:
        raise _refusal(exc) from exc
    return ReleaseOut.of(release)


@router.post("/{request_id}/search-now", response_model=RequestOut, responses=CONFLICT)
async def search_now(request_id: RowId, session: SessionDep, viewer: AdminOnly) -> RequestOut:
    """Search again now (a request waiting for its next search), or retry a FAILED one."""
    try:
        request = await steering.search_now(session, request_id=request_id, actor=viewer.actor)
    except REFUSED as exc:
        raise _refusal(exc) from exc
    return RequestOut.model_validate(request)
