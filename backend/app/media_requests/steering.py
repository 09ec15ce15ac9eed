"""A parent steers one request: search again now, see every candidate, pick one, unblock one.

Every action goes into the request's timeline with who did it. A picked release is marked on its verdict
(`picked_by`) and the request's search step grabs it first, replacing the download of that part if there
is one: only the worker talks to qBittorrent, so a pick survives a crash like any other step.
"""

from __future__ import annotations

from collections.abc import Sequence

import anyio.to_thread
from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish, revoke
from app.downloads.service import blocklisted_hashes
from app.integrations.torznab import TorznabClient
from app.media_requests.models import MediaRequest
from app.media_requests.service import (
    RequestNotFound,
    forget_task,
    get_request,
    lock_request,
    note,
    queue_processing,
    transition,
)
from app.media_requests.states import RequestStatus
from app.releases.finder import search_and_select, store_verdicts
from app.releases.models import Release
from app.releases.quality_profile_choice import profile_for
from app.releases.targets import search_parts
from app.settings.integrations.indexers import load_enabled_indexers

S = RequestStatus
# "Search again now" and "retry": a request waiting for its next search, failed, or not started yet.
SEARCHABLE_NOW = frozenset({S.PENDING, S.NOT_FOUND, S.FAILED})
# A picked release replaces the current download too (a stuck one, a wrong language).
PICKABLE = SEARCHABLE_NOW | {S.DOWNLOADING}
# Looking costs nothing but indexer calls: any request still open, or one that failed.
SEARCHABLE_BY_HAND = PICKABLE | {S.SEARCHING, S.AWAITING_APPROVAL}


class CannotSteer(ValueError):
    """The request's state does not allow this action now (the message says why; `code` and `params` say it
    for the kiosk's words: not_now with the status, release_blocklisted, release_already_chosen)."""

    def __init__(self, message: str, code: str = "not_now", **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class ReleaseNotFound(LookupError):
    """No such release among this request's candidates."""


class NeedsConfirmation(ValueError):
    """A rejected release was picked without confirming; carries the reasons it was set aside."""

    def __init__(self, release: Release) -> None:
        self.reasons = list(release.rejection_reasons or [])
        words = "; ".join(reason.get("message", "") for reason in self.reasons) or "it was set aside"
        super().__init__(f"This release was set aside ({words}); confirm to grab it anyway.")


async def _locked(session: AsyncSession, request_id: int) -> MediaRequest:
    request = await lock_request(session, request_id)
    if request is None:
        raise RequestNotFound(f"request {request_id} does not exist")
    return request


async def _refuse(session: AsyncSession, request: MediaRequest, action: str) -> CannotSteer:
    state = request.status.value  # read before the rollback expires the row
    message = f"A request that is {state} cannot be {action} now."
    await session.rollback()
    return CannotSteer(message, status=state)


async def search_now(session: AsyncSession, *, request_id: int, actor: str) -> MediaRequest:
    """Queue the request's search at once: "search again now" when waiting, "retry" when FAILED."""
    request = await _locked(session, request_id)
    if request.status not in SEARCHABLE_NOW:
        raise await _refuse(session, request, "searched again")
    retry = request.status is S.FAILED
    verb = "Retry" if retry else "Search again now"
    details: dict[str, object] = {"code": "retry" if retry else "search_again"}
    await _search_soon(session, request, reason=f"{verb}, asked by {actor}", actor=actor, details=details)
    return request


async def pick_release(
    session: AsyncSession, *, request_id: int, release_id: int, actor: str, confirmed: bool
) -> MediaRequest:
    """Have the worker grab this release for its part (a rejected one only when `confirmed`)."""
    request = await _locked(session, request_id)
    release = await _release(session, request_id, release_id)
    if release.blocklisted:
        await session.rollback()
        raise CannotSteer(
            "This release is blocklisted for this request: unblock it first.", "release_blocklisted"
        )
    if release.chosen:
        await session.rollback()
        raise CannotSteer(
            "This release is the one already grabbed for this request.", "release_already_chosen"
        )
    if request.status not in PICKABLE:
        raise await _refuse(session, request, "given another release")
    if release.rejected and not confirmed:
        refusal = NeedsConfirmation(release)
        await session.rollback()
        raise refusal
    season = (release.parsed or {}).get("season")
    # One pick per part: the latest wins.
    for other in await _picks(session, request_id):
        if (other.parsed or {}).get("season") == season:
            other.picked_by = None
    release.picked_by = actor
    details = {
        "code": "release_picked",
        "release_id": release.id,
        "title": release.title,
        "rejected": release.rejected,
    }
    reason = f"{actor} picked {release.title}"
    if request.status is S.DOWNLOADING:
        # The search step removes the current download of that part before grabbing the pick.
        transition(session, request, S.SEARCHING, reason=reason, actor=actor, details=details)
        request.celery_task_id = new_task_id()
        await session.commit()
        if not await publish(task_names.PROCESS_REQUEST, request.id, task_id=request.celery_task_id):
            await forget_task(session, request_id=request.id, task_id=request.celery_task_id)
        return request
    await _search_soon(session, request, reason=reason, actor=actor, details=details)
    return request


async def unblock_release(session: AsyncSession, *, request_id: int, release_id: int, actor: str) -> Release:
    """Let a blocklisted release be chosen again for this request."""
    request = await _locked(session, request_id)
    release = await _release(session, request_id, release_id)
    if release.blocklisted:
        release.blocklisted = False
        note(
            session,
            request,
            f"{actor} unblocked {release.title}",
            actor=actor,
            details={"code": "release_unblocked", "release_id": release.id, "title": release.title},
        )
    await session.commit()
    return release


async def search_by_hand(session: AsyncSession, *, request_id: int, actor: str) -> list[Release]:
    """Ask every enabled indexer now and keep each candidate's verdict; the request's state is unchanged.

    NotConfigured when no indexer is set up; TransientError when none answers.
    """
    request = await get_request(session, request_id)
    if request.status not in SEARCHABLE_BY_HAND:
        message = f"A request that is {request.status.value} cannot be searched now."
        raise CannotSteer(message, status=request.status.value)
    indexers = await load_enabled_indexers(session)
    parts = await search_parts(session, request, await blocklisted_hashes(session, request_id))
    profile = await profile_for(session, request.media_type)
    async with TorznabClient(indexers) as torznab:
        outcomes = await search_and_select(torznab, parts, profile)
    await store_verdicts(session, request_id, outcomes)
    found = sum(len(o.selection.accepted) + len(o.selection.rejected) for o in outcomes)
    acceptable = sum(len(o.selection.accepted) for o in outcomes)
    request = await _locked(session, request_id)
    note(
        session,
        request,
        f"Manual search by {actor}: {found} found, {acceptable} acceptable",
        actor=actor,
        details={"code": "manual_search", "found": found, "acceptable": acceptable},
    )
    await session.commit()
    return await releases_of(session, request_id)


async def releases_of(session: AsyncSession, request_id: int) -> list[Release]:
    """A request's candidates: grabbed and picked first, then acceptable best first, rejected, blocklisted."""
    await get_request(session, request_id)
    order = case(
        (Release.blocklisted.is_(True), 4),
        (Release.chosen.is_(True), 0),
        (Release.picked_by.is_not(None), 1),
        (Release.rejected.is_(True), 3),
        else_=2,
    )
    rows = await session.scalars(
        select(Release)
        .where(Release.request_id == request_id)
        .order_by(order, Release.score.desc().nulls_last(), Release.seeders.desc().nulls_last(), Release.id)
    )
    return list(rows)


async def _search_soon(
    session: AsyncSession,
    request: MediaRequest,
    *,
    reason: str,
    actor: str,
    details: dict[str, object] | None = None,
) -> None:
    """Back to PENDING with a fresh task, queued now (committed); the old task, if any, is revoked."""
    old_task = request.celery_task_id
    if request.status is S.PENDING:
        note(session, request, reason, actor=actor, details=details)
    else:
        transition(session, request, S.PENDING, reason=reason, actor=actor, details=details)
    request.error = None
    request.next_search_at = None
    request.celery_task_id = new_task_id()
    await session.commit()
    if old_task:
        await anyio.to_thread.run_sync(revoke, old_task)
    await queue_processing(session, request)


async def _release(session: AsyncSession, request_id: int, release_id: int) -> Release:
    release = await session.scalar(
        select(Release).where(Release.id == release_id, Release.request_id == request_id)
    )
    if release is None:
        await session.rollback()
        raise ReleaseNotFound(f"request {request_id} has no release {release_id}")
    return release


async def _picks(session: AsyncSession, request_id: int) -> Sequence[Release]:
    rows = await session.scalars(
        select(Release).where(
            Release.request_id == request_id, Release.picked_by.is_not(None), Release.chosen.is_(False)
        )
    )
    return rows.all()
