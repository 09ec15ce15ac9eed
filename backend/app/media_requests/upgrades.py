"""Better copies later: a film whose copy in the library is below its quality profile's cutoff is looked
for again each day, for a bounded time after it first arrived, and replaced when a better release appears.

The cutoff is the profile's preferred quality (QualityProfile.rank_of ranks it above every other). A better
release found here is picked for the request (as a parent's pick is) and the request goes back to
SEARCHING with `upgrade_from` naming the quality it replaces: the search step grabs the pick, the import
puts the new file in place of the old one (which stays in the library, and in Plex, until the new one is in;
completion.py), and the availability sync leaves the request alone meanwhile. Films only for now: a show's
seasons are followed by the monitored-shows job.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish
from app.db import utcnow
from app.downloads.service import blocklisted_hashes
from app.integrations.errors import IntegrationError
from app.integrations.torznab import TorznabClient, TorznabIndexer
from app.media_requests.models import MediaRequest
from app.media_requests.pipeline import Send
from app.media_requests.problems import being_replaced
from app.media_requests.service import forget_task, lock_request, transition
from app.media_requests.states import MediaType, RequestStatus
from app.releases.finder import search_and_select, store_verdicts
from app.releases.models import Release
from app.releases.quality import Quality
from app.releases.quality_profile_choice import profile_for
from app.releases.quality_profiles import QualityProfile
from app.releases.targets import search_parts
from app.settings.errors import NotConfigured
from app.settings.integrations.indexers import load_enabled_indexers
from app.settings.pipeline import pipeline_settings

log = logging.getLogger(__name__)
# Films looked at per run: a daily job that ends well within its hour however many films wait.
BATCH = 25
UPGRADE_PICK = "upgrade"
UPGRADE_CODE = "upgrade"
# A film found nothing better today is looked at again tomorrow.
AGAIN_AFTER = timedelta(days=1)
# A film at its cutoff is not looked at again (its window ends long before this date).
AT_CUTOFF = datetime(9999, 1, 1, tzinfo=UTC)
# Statuses in which an upgrade is under way (the old copy still in Plex).
IN_FLIGHT = frozenset({RequestStatus.SEARCHING, RequestStatus.DOWNLOADING, RequestStatus.IMPORTING})


@dataclass
class UpgradeReport:
    """What one daily pass did (the task's result)."""

    looked_at: list[int] = field(default_factory=list)
    upgrading: list[int] = field(default_factory=list)
    at_cutoff: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        """The JSON form."""
        return {"looked_at": self.looked_at, "upgrading": self.upgrading, "at_cutoff": self.at_cutoff}


def upgrade_in_flight() -> ColumnElement[bool]:
    """Requests fetching a better copy while the old one is still in Plex (the sync leaves them alone)."""
    return MediaRequest.upgrade_from.is_not(None) & MediaRequest.status.in_(IN_FLIGHT)


async def look_for_better_copies(
    session: AsyncSession, *, now: datetime | None = None, send: Send = publish, limit: int = BATCH
) -> UpgradeReport:
    """One daily pass: search again for films below their cutoff and start the replacement of those with
    a better release (committed; the search step is sent through `send`)."""
    now = now or utcnow()
    report = UpgradeReport()
    window = (await pipeline_settings(session)).upgrade_window
    if window <= timedelta(0):
        return report
    try:
        indexers = await load_enabled_indexers(session)
    except NotConfigured:
        return report
    for request in await _candidates(session, now, window, limit):
        report.looked_at.append(request.id)
        current = await _quality_in_library(session, request.id)
        profile = await profile_for(session, request.media_type, request.quality_profile)
        rank = profile.rank_of(current) if current is not None else None
        if rank is not None and rank >= len(profile.allowed):
            report.at_cutoff.append(request.id)
            await _look_again(session, request.id, None)
            continue
        try:
            better = await _better_release(session, request, profile, rank, indexers)
        except IntegrationError as exc:
            log.warning("no upgrade search for request %s today: %s", request.id, exc)
            better = None
        if better is None or current is None:
            await _look_again(session, request.id, now + AGAIN_AFTER)
        elif await _start(session, request.id, better, current, send):
            report.upgrading.append(request.id)
    return report


async def _candidates(
    session: AsyncSession, now: datetime, window: timedelta, limit: int
) -> list[MediaRequest]:
    """Available films that arrived within the window and are due a look, those never looked at first."""
    rows = await session.scalars(
        select(MediaRequest)
        .where(
            MediaRequest.status == RequestStatus.AVAILABLE,
            MediaRequest.media_type == MediaType.MOVIE,
            MediaRequest.completed_at >= now - window,
            MediaRequest.next_search_at.is_(None) | (MediaRequest.next_search_at <= now),
            MediaRequest.id.not_in(being_replaced()),
        )
        .order_by(MediaRequest.next_search_at.is_not(None), MediaRequest.next_search_at, MediaRequest.id)
        .limit(limit)
    )
    return list(rows)


async def _quality_in_library(session: AsyncSession, request_id: int) -> Quality | None:
    """The quality of the copy the request brought (its latest grabbed release)."""
    label = await session.scalar(
        select(Release.quality)
        .where(Release.request_id == request_id, Release.chosen.is_(True), Release.quality.is_not(None))
        .order_by(Release.id.desc())
        .limit(1)
    )
    try:
        return Quality.from_label(label) if label else None
    except ValueError:
        return None


async def _better_release(
    session: AsyncSession,
    request: MediaRequest,
    profile: QualityProfile,
    rank: int | None,
    indexers: list[TorznabIndexer],
) -> Release | None:
    """Search the indexers; the best release when it ranks above the copy in the library, kept as the
    request's verdicts with that release picked."""
    parts = await search_parts(session, request, await blocklisted_hashes(session, request.id))
    async with TorznabClient(indexers) as torznab:
        outcomes = await search_and_select(torznab, parts, profile)
    best = next((outcome.choices[0] for outcome in outcomes if outcome.choices), None)
    if best is None:
        return None
    found = profile.rank_of(best.parsed.quality)
    if found is None or (rank is not None and found <= rank):
        return None
    await store_verdicts(session, request.id, outcomes)
    release = await session.scalar(
        select(Release).where(
            Release.request_id == request.id, Release.title == best.candidate.title, Release.chosen.is_(False)
        )
    )
    if release is None:
        return None
    release.picked_by = UPGRADE_PICK
    return release


async def _look_again(session: AsyncSession, request_id: int, at: datetime | None) -> None:
    """When to look for this film again (None: at its cutoff, not until a parent changes something)."""
    due = update(MediaRequest).where(MediaRequest.id == request_id)
    await session.execute(due.values(next_search_at=at or AT_CUTOFF))
    await session.commit()


async def _start(
    session: AsyncSession, request_id: int, better: Release, current: Quality, send: Send
) -> bool:
    """AVAILABLE → SEARCHING for the picked better copy; the old one stays in the library meanwhile."""
    title, quality = better.title, better.quality or "?"
    request = await lock_request(session, request_id)
    if request is None or request.status is not RequestStatus.AVAILABLE:
        await session.rollback()
        return False
    request.upgrade_from = current.value
    request.next_search_at = None
    request.celery_task_id = task_id = new_task_id()
    transition(
        session,
        request,
        RequestStatus.SEARCHING,
        reason=f"A better copy was found: {title} ({quality}; the one in Plex is {current.value})",
        details={"code": UPGRADE_CODE, "from": current.value, "to": quality, "release": title},
    )
    await session.commit()
    if not await send(task_names.PROCESS_REQUEST, request_id, task_id=task_id):
        await forget_task(session, request_id=request_id, task_id=task_id)
    return True
