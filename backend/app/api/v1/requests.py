"""/api/v1/requests: ask for a film or a show, follow it, cancel it."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, HTTPException, Query, Response, status

from app.api.deps import SessionDep
from app.media_requests import dispatch, service
from app.media_requests.schemas import RequestCreate, RequestDetail, RequestOut, RequestPage
from app.media_requests.states import RequestStatus
from app.task_monitor.service import task_state

router = APIRouter(prefix="/requests", tags=["requests"])


@router.post(
    "",
    response_model=RequestOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": RequestOut, "description": "An active request for the same media already exists"}
    },
)
async def create_request(body: RequestCreate, session: SessionDep, response: Response) -> RequestOut:
    """Request a film or a show; the same media already requested returns that request (200)."""
    task_id = dispatch.new_task_id()
    try:
        request, created = await service.create_request(session, data=body, task_id=task_id)
    except service.UnknownProfile as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    if not created:
        response.status_code = status.HTTP_200_OK
        return RequestOut.model_validate(request)
    if request.celery_task_id == task_id and not await dispatch.publish_process_request_async(
        request.id, task_id
    ):
        await service.forget_task(session, request_id=request.id, task_id=task_id)
        request.celery_task_id = None
    return RequestOut.model_validate(request)


@router.get("", response_model=RequestPage)
async def list_requests(
    session: SessionDep,
    status_filter: Annotated[list[RequestStatus] | None, Query(alias="status")] = None,
    requested_by: Annotated[int | None, Query(gt=0)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> RequestPage:
    """Requests, newest first, filtered by status and profile."""
    rows, total = await service.list_requests(
        session, statuses=status_filter or (), requested_by=requested_by, page=page, page_size=page_size
    )
    return RequestPage(
        items=[RequestOut.model_validate(row) for row in rows], total=total, page=page, page_size=page_size
    )


def _not_found(exc: service.RequestNotFound) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, str(exc))


@router.get("/{request_id}", response_model=RequestDetail)
async def get_request(request_id: int, session: SessionDep) -> RequestDetail:
    """One request with its Celery task state and its timeline."""
    try:
        request = await service.get_request(session, request_id, with_events=True)
    except service.RequestNotFound as exc:
        raise _not_found(exc) from exc
    detail = RequestDetail.model_validate(request)
    detail.task_state = await anyio.to_thread.run_sync(task_state, request.celery_task_id)
    return detail


@router.delete("/{request_id}", response_model=RequestOut)
async def cancel_request(request_id: int, session: SessionDep) -> RequestOut:
    """Cancel a request that is not finished yet; its task is revoked."""
    try:
        request = await service.cancel_request(
            session, request_id=request_id, actor="kiosk", reason="Cancelled by the family"
        )
    except service.RequestNotFound as exc:
        raise _not_found(exc) from exc
    except service.NotCancellable as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    if request.celery_task_id:
        await anyio.to_thread.run_sync(dispatch.revoke, request.celery_task_id)
    return RequestOut.model_validate(request)
