"""The family reports a problem with a title in Plex; a parent has another copy fetched, or dismisses it.

Fetching another copy blocklists the copy in the library (with what was wrong) and sends its request back
to SEARCHING. The file stays in the library until the new copy is imported in its place (completion.py
imports with `replace` while a report is REPLACING), so Plex never goes without the film in between; the
availability sync leaves such a request alone meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.media_types import MediaType
from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish
from app.downloads.service import blocklist
from app.media_requests.models import MediaRequest
from app.media_requests.problem_models import ProblemKind, ProblemReport, ProblemState
from app.media_requests.service import forget_task, lock_request, transition
from app.media_requests.states import RequestStatus
from app.releases.models import Release

S = RequestStatus
# A request whose copy is in (or on its way to) the library.
FINISHED = frozenset({S.COMPLETED, S.AVAILABLE, S.PARTIALLY_AVAILABLE})
# Reports a parent still has to look at, or whose new copy is on its way.
STILL_OPEN = (ProblemState.OPEN, ProblemState.REPLACING)


class ReportNotFound(LookupError):
    """No report with that id."""


class CannotReplace(ValueError):
    """Another copy cannot be fetched for this report (the message says why)."""


async def finished_request_for(
    session: AsyncSession, media_type: MediaType, tmdb_id: int
) -> MediaRequest | None:
    """The latest finished request that brought this title into the library, if Plex Kiosk brought it."""
    return await session.scalar(
        select(MediaRequest)
        .where(
            MediaRequest.media_type == media_type,
            MediaRequest.tmdb_id == tmdb_id,
            MediaRequest.status.in_(FINISHED),
        )
        .order_by(MediaRequest.id.desc())
        .limit(1)
    )


async def report_problem(
    session: AsyncSession,
    *,
    media_type: MediaType,
    tmdb_id: int,
    title: str,
    kind: ProblemKind,
    note: str | None,
    request: MediaRequest | None,
    profile_id: int | None,
    reporter: str,
) -> ProblemReport:
    """Record what is wrong (committed); `request` is the one that brought the copy, when known."""
    report = ProblemReport(
        request_id=request.id if request else None,
        media_type=media_type,
        tmdb_id=tmdb_id,
        title=request.title if request else title,
        kind=kind,
        note=note or None,
        reported_by=profile_id,
        reporter=reporter[:100],
    )
    session.add(report)
    await session.commit()
    return report


async def reports(
    session: AsyncSession, *, states: Sequence[ProblemState] = STILL_OPEN
) -> list[ProblemReport]:
    """Reports in `states`, newest first."""
    rows = await session.scalars(
        select(ProblemReport).where(ProblemReport.state.in_(states)).order_by(ProblemReport.id.desc())
    )
    return list(rows)


async def _report(session: AsyncSession, report_id: int) -> ProblemReport:
    report = await session.get(ProblemReport, report_id, populate_existing=True)
    if report is None:
        raise ReportNotFound(f"there is no report {report_id}")
    return report


async def fetch_another_copy(session: AsyncSession, *, report_id: int, actor: str) -> ProblemReport:
    """Blocklist the copy in the library and search for the next best one; the old file stays until then."""
    report = await _report(session, report_id)
    if report.state is not ProblemState.OPEN:
        raise CannotReplace(f"this report is already {report.state.value}")
    if report.request_id is None:
        raise CannotReplace(
            "Plex Kiosk did not download this copy, so it cannot replace it; ask for the title again instead."
        )
    request = await lock_request(session, report.request_id)
    if request is None or request.status not in FINISHED:
        state = request.status.value if request else "gone"
        await session.rollback()
        raise CannotReplace(f"its request is {state}: another copy is fetched only for a finished one")
    kind = report.kind
    copies = await session.scalars(
        select(Release.info_hash).where(Release.request_id == request.id, Release.chosen.is_(True))
    )
    for info_hash in {value for value in copies if value}:
        await blocklist(
            session, request_id=request.id, info_hash=info_hash, reason=(f"problem_{kind.value}", kind.value)
        )
    request.celery_task_id = task_id = new_task_id()
    reason = f"{actor} asked for another copy ({kind.value.replace('_', ' ')})"
    details = {"code": "another_copy", "problem": report.id, "kind": kind.value, "note": report.note}
    transition(session, request, S.SEARCHING, reason=reason, actor=actor, details=details)
    report.state, report.handled_by = ProblemState.REPLACING, actor[:100]
    await session.commit()
    if not await publish(task_names.PROCESS_REQUEST, request.id, task_id=task_id):
        await forget_task(session, request_id=request.id, task_id=task_id)
    return await _report(session, report_id)


async def dismiss(session: AsyncSession, *, report_id: int, actor: str) -> ProblemReport:
    """Close a report without doing anything (committed)."""
    report = await _report(session, report_id)
    if report.state in STILL_OPEN:
        report.state, report.handled_by = ProblemState.DISMISSED, actor[:100]
        await session.commit()
    return report


async def replacing(session: AsyncSession, request_id: int) -> list[ProblemReport]:
    """The reports whose new copy this request is fetching."""
    rows = await session.scalars(
        select(ProblemReport).where(
            ProblemReport.request_id == request_id, ProblemReport.state == ProblemState.REPLACING
        )
    )
    return list(rows)


def being_replaced() -> Select[int | None]:
    """The ids of requests fetching another copy (a subquery), which the availability sync leaves alone."""
    return select(ProblemReport.request_id).where(
        ProblemReport.state == ProblemState.REPLACING, ProblemReport.request_id.is_not(None)
    )
