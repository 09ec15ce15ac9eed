"""/api/v1/problems: anyone reports a problem with a title in Plex; parents fetch another copy or close it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.api.access import AdminOnly, SignedIn
from app.api.deps import SessionDep
from app.api.errors import SpokenError
from app.catalog.media_types import MediaType
from app.input_types import MultilineText, RowId, Text
from app.media_requests import problems, service
from app.media_requests.models import MediaRequest
from app.media_requests.problem_models import ProblemKind, ProblemReport, ProblemState

router = APIRouter(prefix="/problems", tags=["problems"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such report"},
    409: {"description": "Another copy cannot be fetched for it (the message says why)"},
}


class ProblemIn(BaseModel):
    """What is wrong, and with which title: a request of the viewer's, or a film or show in Plex."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: ProblemKind
    note: Annotated[MultilineText | None, Field(max_length=500)] = None
    request_id: RowId | None = None
    media_type: MediaType | None = None
    tmdb_id: RowId | None = None
    title: Annotated[Text | None, Field(min_length=1, max_length=500)] = None

    @model_validator(mode="after")
    def _names_a_title(self) -> ProblemIn:
        if self.request_id is None and (self.media_type is None or self.tmdb_id is None or not self.title):
            raise ValueError("name the request, or the title in Plex (media_type, tmdb_id and title)")
        return self


class ProblemOut(BaseModel):
    """A report as parents see it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    request_id: int | None
    media_type: MediaType
    tmdb_id: int
    title: str
    kind: ProblemKind
    note: str | None
    reporter: str
    state: ProblemState
    handled_by: str | None
    created_at: datetime


def _out(report: ProblemReport) -> ProblemOut:
    return ProblemOut.model_validate(report)


@router.post("", response_model=ProblemOut, status_code=status.HTTP_201_CREATED, responses={403: {}, 404: {}})
async def report_problem(body: ProblemIn, session: SessionDep, viewer: SignedIn) -> ProblemOut:
    """Say what is wrong with a film or a show (no sound, wrong language, no subtitles, wrong film…)."""
    request: MediaRequest | None
    if body.request_id is not None:
        try:
            request = await service.get_request(session, body.request_id)
        except service.RequestNotFound as exc:
            raise SpokenError(status.HTTP_404_NOT_FOUND, "request_not_found", str(exc)) from exc
        if not viewer.may_see(request.requested_by):
            raise SpokenError(status.HTTP_403_FORBIDDEN, "not_yours", "This request belongs to someone else.")
        media_type, tmdb_id, title = request.media_type, request.tmdb_id, request.title
    else:
        assert body.media_type is not None and body.tmdb_id is not None and body.title is not None
        media_type, tmdb_id, title = body.media_type, body.tmdb_id, body.title
        request = await problems.finished_request_for(session, media_type, tmdb_id)
    report = await problems.report_problem(
        session,
        media_type=media_type,
        tmdb_id=tmdb_id,
        title=title,
        kind=body.kind,
        note=body.note,
        request=request,
        profile_id=viewer.profile_id,
        reporter=viewer.actor,
    )
    return _out(report)


@router.get("", response_model=list[ProblemOut])
async def list_problems(session: SessionDep, viewer: AdminOnly) -> list[ProblemOut]:
    """Reports waiting for a parent, or whose new copy is on its way, newest first."""
    return [_out(report) for report in await problems.reports(session)]


@router.post("/{report_id}/replace", response_model=ProblemOut, responses=REFUSALS)
async def fetch_another_copy(report_id: RowId, session: SessionDep, viewer: AdminOnly) -> ProblemOut:
    """Blocklist the copy in the library and fetch the next best one; the old file stays until it is in."""
    try:
        return _out(await problems.fetch_another_copy(session, report_id=report_id, actor=viewer.actor))
    except problems.ReportNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except problems.CannotReplace as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc


@router.post("/{report_id}/dismiss", response_model=ProblemOut, responses={404: {}})
async def dismiss_problem(report_id: RowId, session: SessionDep, viewer: AdminOnly) -> ProblemOut:
    """Close a report without fetching anything."""
    try:
        return _out(await problems.dismiss(session, report_id=report_id, actor=viewer.actor))
    except problems.ReportNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
