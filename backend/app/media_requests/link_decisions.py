"""A parent approving or denying from the links in a notification, without signing in.

The link itself is the credential (notifications/approval_links.py); what it does is the same approve
or deny as the parents' buttons, under the actor "a parent (notification link)".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests import service
from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus
from app.notifications import approval_links
from app.notifications.approval_links import ApprovalLink, LinkAction, LinkProblem, LinkRefused
from app.profiles.models import Profile

ACTOR = "a parent (notification link)"


class Outcome(StrEnum):
    """What the page says."""

    CONFIRM = "confirm"  # a genuine, unused link to a request still waiting: ask before acting
    DONE = "done"
    DECIDED = "decided"  # the request is no longer waiting (someone else decided, or it was cancelled)
    MISSING = "missing"  # the request was deleted


@dataclass(frozen=True)
class LinkPage:
    """Everything the confirmation or result page shows."""

    outcome: Outcome | LinkProblem
    language: str
    action: LinkAction | None = None
    title: str | None = None
    year: int | None = None
    requested_by: str | None = None
    status: RequestStatus | None = None
    reason: str | None = None


async def _page(
    session: AsyncSession, link: ApprovalLink, outcome: Outcome, request: MediaRequest | None
) -> LinkPage:
    if request is None:
        return LinkPage(Outcome.MISSING, link.language, link.action)
    requester = await session.get(Profile, request.requested_by) if request.requested_by else None
    return LinkPage(
        outcome,
        link.language,
        link.action,
        title=request.title,
        year=request.year,
        requested_by=requester.name if requester else None,
        status=request.status,
        reason=request.error if request.status is RequestStatus.DENIED else None,
    )


async def preview(session: AsyncSession, token: str) -> LinkPage:
    """What opening a link shows: the question, or why it cannot be used. Changes nothing."""
    try:
        link = approval_links.read(token)
    except LinkRefused as refused:
        return LinkPage(refused.problem, refused.language)
    if await approval_links.is_spent(session, link):
        return LinkPage(LinkProblem.SPENT, link.language, link.action)
    request = await session.get(MediaRequest, link.request_id)
    waiting = request is not None and request.status is RequestStatus.AWAITING_APPROVAL
    return await _page(session, link, Outcome.CONFIRM if waiting else Outcome.DECIDED, request)


async def decide(session: AsyncSession, token: str, *, reason: str | None = None) -> LinkPage:
    """Do what the link says (committed, the link spent with it); the page that says how it went."""
    try:
        link = approval_links.read(token)
        await approval_links.spend(session, link)
    except LinkRefused as refused:
        return LinkPage(refused.problem, refused.language)
    try:
        if link.action is LinkAction.APPROVE:
            request = await service.approve_request(session, request_id=link.request_id, actor=ACTOR)
        else:
            request = await service.deny_request(
                session,
                request_id=link.request_id,
                actor=ACTOR,
                # No words typed: none stored, so each screen says "a parent said no" in its own language.
                reason=reason or "",
            )
    except service.RequestNotFound:
        await session.rollback()
        return LinkPage(Outcome.MISSING, link.language, link.action)
    except service.NotAwaitingApproval:  # rolled back, so the link stays unspent: nothing was done
        now = await session.get(MediaRequest, link.request_id, populate_existing=True)
        return await _page(session, link, Outcome.DECIDED, now)
    return await _page(session, link, Outcome.DONE, request)
