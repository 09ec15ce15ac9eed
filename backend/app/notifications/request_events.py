"""Tell the people concerned that something happened to a request: the requester and the parents.

`send_request_notification` is the body of the notification task, which the request domain publishes
after each change that matters (media_requests/announcements.py). Each target gets each notification
once (records.py): a retry sends only to the targets that failed. Failures are logged with the
service's name and the reason, never the target's URL (it holds tokens).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import get_settings
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.states import MediaType, RequestStatus
from app.notifications import approval_links
from app.notifications.approval_links import LinkAction
from app.notifications.delivery import deliver
from app.notifications.records import claim, reached_before, release
from app.notifications.templates import NotificationEvent, language_of, render
from app.profiles.models import Profile
from app.settings.integrations.notifications import NotificationSettings, notification_settings, profile_urls
from app.settings.secrets import secret_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Target:
    url: str
    language: str
    parent: bool  # the parents' targets get the approve and deny links

    @property
    def id(self) -> str:
        return secret_id(self.url)


@dataclass
class NotificationOutcome:
    """What one run did: targets reached now, reached before (skipped), and failed (scheme and reason);
    `busy` when another run was delivering the same notification, so this one did nothing."""

    sent: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    busy: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The task's JSON result."""
        return {"sent": self.sent, "skipped": self.skipped, "failed": self.failed, "busy": self.busy}


def message_context(request: MediaRequest, requester: Profile | None) -> dict[str, Any]:
    """What the templates may say about `request` (None values left out)."""
    next_search = request.next_search_at
    context = {
        "title": request.title,
        "year": request.year,
        "media_type": "show" if request.media_type == MediaType.TV else "movie",
        "seasons": list(request.requested_seasons or ()) or None,
        "requested_by": requester.name if requester is not None else None,
        "needs_approval": request.status == RequestStatus.AWAITING_APPROVAL,
        "reason": request.error,
        "next_search_at": next_search.astimezone(ZoneInfo(get_settings().timezone)) if next_search else None,
    }
    return {key: value for key, value in context.items() if value is not None}


async def failure_facts(session: AsyncSession, request_id: int) -> dict[str, Any]:
    """Why the request failed as the worker coded it on its timeline (`why`, `service`, `count`), so the
    templates word it in each target's language; nothing for a failure written before it had a code."""
    details = await session.scalar(
        select(RequestEvent.details)
        .where(RequestEvent.request_id == request_id, RequestEvent.to_status == RequestStatus.FAILED)
        .order_by(RequestEvent.id.desc())
        .limit(1)
    )
    details = details or {}
    # A run of copies with nothing to import is a failure of its own (completion.py).
    too_many = details.get("code") == "too_many_failed_releases"
    why = "too_many_failed_releases" if too_many else details.get("why")
    facts = {"why": why, "service": details.get("service"), "count": details.get("count")}
    return {key: value for key, value in facts.items() if value}


async def _targets(
    session: AsyncSession, settings: NotificationSettings, event: NotificationEvent, requester: Profile | None
) -> list[_Target]:
    targets: list[_Target] = []
    if requester is not None and event in settings.profile_events:
        language = language_of(requester.language)
        targets += [_Target(url, language, False) for url in await profile_urls(session, requester.id)]
    if event in settings.admin_events:
        # Someone who is both requester and parent on one target hears it once, in their own language.
        personal = {target.url for target in targets}
        targets += [
            _Target(url, settings.language, True) for url in settings.admin_urls if url not in personal
        ]
    return targets


def _links(request: MediaRequest, target: _Target, settings: NotificationSettings) -> dict[str, str]:
    """Approve and deny links for a parent's target, when the request waits for one and the
    appliance's address is known; each target gets its own pair."""
    wanted = target.parent and request.status is RequestStatus.AWAITING_APPROVAL
    if not wanted or settings.links_base_url is None:
        return {}
    base = settings.links_base_url
    return {
        f"{action.value}_url": approval_links.link_url(
            base, approval_links.sign(request.id, action, target.language)
        )
        for action in LinkAction
    }


async def send_request_notification(
    session: AsyncSession, *, request_id: int, event: NotificationEvent | str, key: str = ""
) -> NotificationOutcome:
    """Send `event` about `request_id` to each target that has not had it yet (committed)."""
    event = NotificationEvent(event)
    outcome = NotificationOutcome()
    request = await session.get(MediaRequest, request_id, populate_existing=True)
    if request is None:
        return outcome
    settings = await notification_settings(session)
    requester = await session.get(Profile, request.requested_by) if request.requested_by else None
    targets = await _targets(session, settings, event, requester)
    if not targets:
        return outcome
    if {target.id for target in targets} <= await reached_before(
        session, request_id=request_id, kind=event.value, key=key
    ):
        outcome.skipped = len(targets)
        await session.commit()
        return outcome
    claimed = await claim(session, request_id=request_id, kind=event.value, key=key)
    if claimed is None:
        outcome.busy = True
        return outcome
    pending = [target for target in targets if target.id not in claimed.delivered_to]
    outcome.skipped = len(targets) - len(pending)
    context = message_context(request, requester)
    if event is NotificationEvent.FAILED:
        context |= await failure_facts(session, request_id)
    messages = [render(event, {**context, **_links(request, t, settings)}, t.language) for t in pending]
    results = await asyncio.gather(
        *(
            deliver([target.url], message.title, message.body)
            for target, message in zip(pending, messages, strict=True)
        )
    )
    reached: list[str] = []
    for target, [result] in zip(pending, results, strict=True):
        if result.delivered:
            reached.append(target.id)
        else:
            outcome.failed.append(f"{result.scheme}: {result.reason}")
            log.warning(
                "notification %s for request %s not delivered to a %s target: %s",
                event.value,
                request_id,
                result.scheme,
                result.reason,
            )
    await release(session, claimed, reached, all_done=not outcome.failed)
    outcome.sent = len(reached)
    return outcome
