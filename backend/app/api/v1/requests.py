"""/api/v1/requests: ask for a film or a show, follow it, cancel it; admins approve or deny."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, HTTPException, Query, Response, status

from app.api.access import AdminOnly, SignedIn, Viewer
from app.api.deps import SessionDep, SettingsDep
from app.api.errors import SpokenError
from app.celery_app.task_states import WORKER_LOST
from app.downloads import live
from app.input_types import PageNumber, RowId
from app.media_requests import creation, family_views, pipeline, service
from app.media_requests.family_views import RequestView
from app.media_requests.models import MediaRequest
from app.media_requests.quality_choice import UnknownQualityProfile
from app.media_requests.schemas import (
    DenyIn,
    DownloadProgressOut,
    RequestCreate,
    RequestDetail,
    RequestOut,
    RequestPage,
)
from app.media_requests.states import RequestStatus
from app.media_requests.step_leases import lease_expired
from app.profiles import policy
from app.task_monitor.service import task_state

router = APIRouter(prefix="/requests", tags=["requests"])
NOT_YOURS: dict[int | str, dict[str, Any]] = {403: {"description": "The request belongs to someone else"}}


@router.post(
    "",
    response_model=RequestOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": RequestOut, "description": "An active request for the same media already exists"},
        403: {
            "description": "Over the profile's quota or rating limit, or a quality profile chosen by a "
            "profile that may not choose one (the message says which)"
        },
    },
)
async def create_request(
    body: RequestCreate, response: Response, viewer: SignedIn, settings: SettingsDep
) -> RequestOut:
    """Request a film or a show; the same media already requested returns that request (200).

    The request is the viewer's own; an admin (or the API key) may make it for a profile with
    `requested_by`. A profile's quotas and rating limit apply, and a profile that is not auto-approved
    waits for a parent (AWAITING_APPROVAL).
    """
    if body.requested_by is not None and not viewer.is_admin and body.requested_by != viewer.profile_id:
        message = "Only a parent can make a request for someone else."
        raise SpokenError(status.HTTP_403_FORBIDDEN, "parents_only", message)
    data = (
        body
        if viewer.is_admin and body.requested_by
        else body.model_copy(update={"requested_by": viewer.profile_id})
    )
    try:
        request, created = await creation.submit_request(
            data,
            actor=viewer.actor,
            judged=None if viewer.is_admin else viewer.profile,
            timezone=settings.timezone,
        )
    except policy.RequestRefused as exc:
        raise SpokenError(status.HTTP_403_FORBIDDEN, exc.reason, exc.message, exc.params) from exc
    except (creation.UnknownProfile, UnknownQualityProfile) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    if not created:
        response.status_code = status.HTTP_200_OK
    return RequestOut.model_validate(request)


@router.get("", response_model=RequestPage, responses=NOT_YOURS)
async def list_requests(
    session: SessionDep,
    viewer: SignedIn,
    status_filter: Annotated[list[RequestStatus] | None, Query(alias="status")] = None,
    view: Annotated[
        RequestView | None,
        Query(
            description="a quick filter: in_progress (being worked on), ready (in Plex), needs_parent "
            "(waiting for approval), problems (not found yet, or failed); narrowed by `status` if both"
        ),
    ] = None,
    requested_by: RowId | None = None,
    page: PageNumber = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> RequestPage:
    """Requests, newest first, with who asked, filtered by quick filter, status and profile, and how many
    each quick filter holds. Parents (and the API key) see the whole family's; a family member their own."""
    if not viewer.is_admin:
        if requested_by is not None and requested_by != viewer.profile_id:
            raise SpokenError(status.HTTP_403_FORBIDDEN, "not_yours", "You can only see your own requests.")
        requested_by = viewer.profile_id
    counts = await family_views.view_counts(session, requested_by=requested_by)
    statuses = family_views.statuses_for(view, status_filter or ())
    if statuses is None:  # a view and statuses outside it: nothing can match
        return RequestPage(items=[], total=0, page=page, page_size=page_size, counts=counts)
    rows, total = await service.list_requests(
        session, statuses=statuses, requested_by=requested_by, page=page, page_size=page_size
    )
    items = [RequestOut.model_validate(row) for row in rows]
    names = await family_views.requester_names(session, [item.requested_by for item in items])
    failures = await family_views.failures(session, [i.id for i in items if i.status is RequestStatus.FAILED])
    for item in items:
        item.requester_name = names.get(item.requested_by) if item.requested_by is not None else None
        item.failure = failures.get(item.id)
    await _with_progress(session, items)
    return RequestPage(items=items, total=total, page=page, page_size=page_size, counts=counts)


async def _with_progress(session: SessionDep, items: list[RequestOut] | list[RequestDetail]) -> None:
    """Attach live download progress to the requests that are downloading."""
    downloading = [item for item in items if item.status is RequestStatus.DOWNLOADING]
    progress = await live.progress_of(session, [item.id for item in downloading])
    for item in downloading:
        if item.id in progress:
            item.download = DownloadProgressOut.model_validate(progress[item.id])
    if any(found.broken for found in progress.values()):
        await pipeline.check_downloads_soon()


def _not_found(exc: service.RequestNotFound) -> HTTPException:
    return SpokenError(status.HTTP_404_NOT_FOUND, "request_not_found", str(exc))


async def _owned(session: SessionDep, viewer: Viewer, request_id: RowId) -> MediaRequest:
    """The request, if the viewer may see it (404 when missing, 403 when someone else's)."""
    try:
        request = await service.get_request(session, request_id)
    except service.RequestNotFound as exc:
        raise _not_found(exc) from exc
    if not viewer.may_see(request.requested_by):
        raise SpokenError(status.HTTP_403_FORBIDDEN, "not_yours", "This request belongs to someone else.")
    return request


@router.get("/{request_id}", response_model=RequestDetail, responses=NOT_YOURS)
async def get_request(request_id: RowId, session: SessionDep, viewer: SignedIn) -> RequestDetail:
    """One request with its Celery task state and its timeline."""
    await _owned(session, viewer, request_id)
    request = await service.get_request(session, request_id, with_events=True)
    detail = RequestDetail.model_validate(request)
    detail.task_state = await anyio.to_thread.run_sync(task_state, request.celery_task_id)
    if detail.task_state == "STARTED" and await lease_expired(session, task_id=request.celery_task_id):
        detail.task_state = WORKER_LOST  # its worker died; the step is about to be queued again
    await _with_progress(session, [detail])
    return detail


@router.delete("/{request_id}", response_model=RequestOut, responses=NOT_YOURS)
async def cancel_request(request_id: RowId, session: SessionDep, viewer: SignedIn) -> RequestOut:
    """Cancel a request that is not finished yet; its task is revoked."""
    await _owned(session, viewer, request_id)
    try:
        request = await service.cancel_request(
            session, request_id=request_id, actor=viewer.actor, reason=f"Cancelled by {viewer.actor}"
        )
    except service.RequestNotFound as exc:
        raise _not_found(exc) from exc
    except service.NotCancellable as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return RequestOut.model_validate(request)


@router.post("/{request_id}/approve", response_model=RequestOut, responses={409: {}})
async def approve_request(request_id: RowId, session: SessionDep, viewer: AdminOnly) -> RequestOut:
    """Approve a request waiting for a parent: it becomes PENDING and its processing is queued."""
    try:
        request = await service.approve_request(session, request_id=request_id, actor=viewer.actor)
    except service.RequestNotFound as exc:
        raise _not_found(exc) from exc
    except service.NotAwaitingApproval as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return RequestOut.model_validate(request)


@router.post("/{request_id}/deny", response_model=RequestOut, responses={409: {}})
async def deny_request(request_id: RowId, body: DenyIn, session: SessionDep, viewer: AdminOnly) -> RequestOut:
    """Deny a request waiting for a parent, with the reason the family will read."""
    try:
        request = await service.deny_request(
            session, request_id=request_id, actor=viewer.actor, reason=body.reason
        )
    except service.RequestNotFound as exc:
        raise _not_found(exc) from exc
    except service.NotAwaitingApproval as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return RequestOut.model_validate(request)
