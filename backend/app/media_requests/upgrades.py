"""Better copies later: a film or a show whose copy in the library is below its quality profile's cutoff is
looked for again each day, for a bounded time after it arrived, and replaced when a better release appears.
A show's seasons count from their own arrival: a followed show's new season is looked at for the window's
length after its download finished, and any new copy is looked at again (completion.py clears the next look).

The cutoff is the profile's preferred quality (QualityProfile.rank_of ranks it above every other). A film is
one part, a show one part per season; a part's copy is the releases that brought it (a followed show's season
may have come in several rounds), and a part whose best copy has reached the cutoff is done. A better release
ranks above every copy of its part and, for a season, holds each of its episodes Plex lists (a season pack,
or those episodes), so that no episode is left with nothing but the old file. Each is picked for the request
(as a parent's pick is) and the request goes back to SEARCHING with `upgrade_from` naming the lowest quality
it replaces: the search step grabs the picks and nothing else (processing.py), the import puts the new files
in place of the old ones under the same Plex names (the old ones stay in the library, and in Plex, until Plex
lists the request after the import's scan; completion.py, old_copies.py), and the availability sync leaves
the request alone meanwhile. The timeline says which season went from what to what. A followed show stays
followed: the pass touches neither `followed` nor the monitored-shows pass's `next_search_at`, its own next
look being `next_upgrade_at`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish
from app.db import utcnow
from app.downloads.models import Download
from app.downloads.service import blocklisted_hashes
from app.integrations.errors import IntegrationError
from app.integrations.torznab import TorznabClient, TorznabIndexer
from app.library.matching import MediaIds
from app.library.presence import presence_of
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.pipeline import Send
from app.media_requests.problems import being_replaced
from app.media_requests.service import forget_task, lock_request, transition
from app.media_requests.states import MediaType, RequestStatus
from app.releases.finder import PartOutcome, search_and_select, store_verdicts
from app.releases.models import Release
from app.releases.quality import Quality
from app.releases.quality_profile_choice import profile_for
from app.releases.quality_profiles import QualityProfile
from app.releases.selection import RankedRelease
from app.releases.targets import search_parts
from app.settings.errors import NotConfigured
from app.settings.integrations.indexers import load_enabled_indexers
from app.settings.pipeline import pipeline_settings

log = logging.getLogger(__name__)
# Requests looked at per run: a daily job that ends well within its hour however many wait.
BATCH = 25
UPGRADE_PICK = "upgrade"
UPGRADE_CODE = "upgrade"
# A request found nothing better today is looked at again tomorrow.
AGAIN_AFTER = timedelta(days=1)
# A request at its cutoff is not looked at again (its window ends long before this date).
AT_CUTOFF = datetime(9999, 1, 1, tzinfo=UTC)
# Statuses in which an upgrade is under way (the old copy still in Plex).
IN_FLIGHT = frozenset({RequestStatus.SEARCHING, RequestStatus.DOWNLOADING, RequestStatus.IMPORTING})

# A part of a request: its season, None for a film (or a show searched as one part).
Part = int | None


@dataclass
class UpgradeReport:
    """What one daily pass did (the task's result)."""

    looked_at: list[int] = field(default_factory=list)
    upgrading: list[int] = field(default_factory=list)
    at_cutoff: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        """The JSON form."""
        return {"looked_at": self.looked_at, "upgrading": self.upgrading, "at_cutoff": self.at_cutoff}


@dataclass(frozen=True)
class Better:
    """A better release picked for one part, and the lowest quality of the copy it replaces."""

    part: Part
    current: Quality
    title: str
    quality: str

    def note(self) -> dict[str, Any]:
        """The timeline's facts for this part."""
        return {"season": self.part, "from": self.current.value, "to": self.quality, "release": self.title}


def upgrade_in_flight() -> ColumnElement[bool]:
    """Requests fetching a better copy while the old one is still in Plex (the sync leaves them alone)."""
    return MediaRequest.upgrade_from.is_not(None) & MediaRequest.status.in_(IN_FLIGHT)


async def look_for_better_copies(
    session: AsyncSession, *, now: datetime | None = None, send: Send = publish, limit: int = BATCH
) -> UpgradeReport:
    """One daily pass: search again for films and seasons below their cutoff and start the replacement of
    those with a better release (committed; the search step is sent through `send`)."""
    now = now or utcnow()
    report = UpgradeReport()
    window = (await pipeline_settings(session)).upgrade_window
    if window <= timedelta(0):
        return report
    try:
        indexers = await load_enabled_indexers(session)
    except NotConfigured:
        return report
    since = now - window
    for request in await _candidates(session, now, since, limit):
        report.looked_at.append(request.id)
        profile = await profile_for(session, request.media_type, request.quality_profile)
        copies = await _copies_in_library(session, request.id)
        if request.completed_at is None or request.completed_at < since:
            # A followed show: only the seasons that arrived within the window are still looked at.
            recent = await _parts_arrived_since(session, request.id, since)
            copies = {part: qualities for part, qualities in copies.items() if part in recent}
        below = {part: qualities for part, qualities in copies.items() if _below(profile, qualities)}
        if copies and not below:
            report.at_cutoff.append(request.id)
            await _look_again(session, request.id, None)
            continue
        try:
            found = await _better_releases(session, request, profile, below, indexers) if below else []
        except IntegrationError as exc:
            log.warning("no upgrade search for request %s today: %s", request.id, exc)
            found = []
        if not found:
            await _look_again(session, request.id, now + AGAIN_AFTER)
        elif await _start(session, request.id, found, _lowest(profile, found), send):
            report.upgrading.append(request.id)
    return report


async def _candidates(
    session: AsyncSession, now: datetime, since: datetime, limit: int
) -> list[MediaRequest]:
    """Available films and shows that arrived (or got new episodes) since `since` and are due a look,
    those never looked at first."""
    rows = await session.scalars(
        select(MediaRequest)
        .where(
            MediaRequest.status == RequestStatus.AVAILABLE,
            (MediaRequest.completed_at >= since) | MediaRequest.id.in_(_arrived_since(since)),
            MediaRequest.next_upgrade_at.is_(None) | (MediaRequest.next_upgrade_at <= now),
            MediaRequest.id.not_in(being_replaced()),
            # A followed show fetching new episodes is the monitored-shows pass's until they are in.
            MediaRequest.episodes_wanted.is_(None),
        )
        .order_by(MediaRequest.next_upgrade_at.is_not(None), MediaRequest.next_upgrade_at, MediaRequest.id)
        .limit(limit)
    )
    return list(rows)


def _arrived_since(since: datetime) -> Select[int]:
    """Requests with a download that finished since `since` (a followed show's new season)."""
    return select(Download.request_id).where(Download.completed_at >= since)


async def _parts_arrived_since(session: AsyncSession, request_id: int, since: datetime) -> set[Part]:
    """The seasons of the request whose download finished since `since`."""
    seasons = await session.scalars(
        select(Download.season).where(Download.request_id == request_id, Download.completed_at >= since)
    )
    return set(seasons)


async def _copies_in_library(session: AsyncSession, request_id: int) -> dict[Part, list[Quality]]:
    """The qualities of the releases that brought the request's copy (its grabbed ones), by part."""
    rows = await session.execute(
        select(Release.quality, Release.parsed).where(
            Release.request_id == request_id, Release.chosen.is_(True), Release.quality.is_not(None)
        )
    )
    copies: dict[Part, list[Quality]] = {}
    for label, parsed in rows:
        try:
            quality = Quality.from_label(label)
        except ValueError:
            continue
        copies.setdefault((parsed or {}).get("season"), []).append(quality)
    return copies


def _rank(profile: QualityProfile, quality: Quality) -> int:
    """The quality's rank in the profile; -1 for one the profile does not list (anything listed beats it)."""
    rank = profile.rank_of(quality)
    return -1 if rank is None else rank


def _best_rank(profile: QualityProfile, qualities: Iterable[Quality]) -> int:
    return max(_rank(profile, quality) for quality in qualities)


def _below(profile: QualityProfile, qualities: Sequence[Quality]) -> bool:
    """True while the part's best copy is below the cutoff (past it, nothing can rank above it)."""
    return _best_rank(profile, qualities) < len(profile.allowed)


def _lowest(profile: QualityProfile, found: Sequence[Better]) -> Quality:
    return min((better.current for better in found), key=lambda quality: _rank(profile, quality))


async def _better_releases(
    session: AsyncSession,
    request: MediaRequest,
    profile: QualityProfile,
    below: dict[Part, list[Quality]],
    indexers: list[TorznabIndexer],
) -> list[Better]:
    """Search the indexers for the parts below their cutoff; each part's best release when it ranks above
    the part's copy in the library, kept as the request's verdicts with those releases picked."""
    blocked = await blocklisted_hashes(session, request.id)
    parts = [part for part in await search_parts(session, request, blocked) if part.season in below]
    if not parts:
        return []
    async with TorznabClient(indexers) as torznab:
        outcomes = await search_and_select(torznab, parts, profile)
    in_plex = await _episodes_in_plex(session, request)
    found: list[tuple[PartOutcome, RankedRelease]] = []
    for outcome in outcomes:
        season = outcome.part.season
        best = next((r for r in outcome.choices if _holds(request, r, season, in_plex)), None)
        if best is not None and _rank(profile, best.parsed.quality) > _best_rank(profile, below[season]):
            found.append((outcome, best))
    if not found:
        return []
    await store_verdicts(session, request.id, outcomes)
    picked = []
    for outcome, best in found:
        season = outcome.part.season
        release = await _verdict(session, request.id, best.candidate.title, season)
        if release is not None:
            release.picked_by = UPGRADE_PICK
            worst = min(below[season], key=lambda quality: _rank(profile, quality))
            picked.append(Better(season, worst, release.title, release.quality or "?"))
    return picked


async def _verdict(session: AsyncSession, request_id: int, title: str, season: Part) -> Release | None:
    """The stored verdict on `title` for this part (a pack of several seasons is found once per season)."""
    rows = await session.scalars(
        select(Release).where(
            Release.request_id == request_id, Release.title == title, Release.chosen.is_(False)
        )
    )
    return next((row for row in rows if (row.parsed or {}).get("season") == season), None)


async def _episodes_in_plex(session: AsyncSession, request: MediaRequest) -> dict[int, set[int]]:
    """A show's episodes Plex lists, by season (nothing for a film)."""
    if request.media_type is MediaType.MOVIE:
        return {}
    ids = MediaIds("show", request.tmdb_id, request.imdb_id, request.tvdb_id)
    return (await presence_of(session, [ids]))[ids].episodes


def _holds(request: MediaRequest, ranked: RankedRelease, season: Part, in_plex: dict[int, set[int]]) -> bool:
    """True when the release holds every episode of the part Plex lists: the import replaces those it
    brings, and an episode it lacks would keep nothing better than its old file."""
    if request.media_type is MediaType.MOVIE:
        return True
    parsed = ranked.parsed
    if parsed.is_complete_series:
        return True
    if season is None:
        return False
    return parsed.is_season_pack or in_plex.get(season, set()) <= set(parsed.episodes)


async def _look_again(session: AsyncSession, request_id: int, at: datetime | None) -> None:
    """When to look at this request again (None: at its cutoff, not until a parent changes something)."""
    due = update(MediaRequest).where(MediaRequest.id == request_id)
    await session.execute(due.values(next_upgrade_at=at or AT_CUTOFF))
    await session.commit()


async def _start(
    session: AsyncSession, request_id: int, found: Sequence[Better], lowest: Quality, send: Send
) -> bool:
    """AVAILABLE → SEARCHING for the picked better copies; the old one stays in the library meanwhile."""
    request = await lock_request(session, request_id)
    if request is None or request.status is not RequestStatus.AVAILABLE:
        await session.rollback()
        return False
    request.upgrade_from = lowest.value
    request.next_upgrade_at = None
    request.celery_task_id = task_id = new_task_id()
    first = found[0]
    details: dict[str, Any] = {
        "code": UPGRADE_CODE,
        "from": first.current.value,
        "to": first.quality,
        "release": first.title,
    }
    if request.media_type is MediaType.MOVIE:
        reason = f"A better copy was found: {_found_words(first)}"
    else:
        reason = "A better copy was found for " + "; ".join(
            f"{_part_words(better.part)}: {_found_words(better)}" for better in found
        )
        details["seasons"] = [better.note() for better in found]
    transition(session, request, RequestStatus.SEARCHING, reason=reason, details=details)
    await session.commit()
    if not await send(task_names.PROCESS_REQUEST, request_id, task_id=task_id):
        await forget_task(session, request_id=request_id, task_id=task_id)
    return True


def _found_words(better: Better) -> str:
    return f"{better.title} ({better.quality}; the one in Plex is {better.current.value})"


def _part_words(part: Part) -> str:
    return "every season" if part is None else f"season {part}"


async def upgraded_seasons(session: AsyncSession, request_id: int) -> list[dict[str, Any]]:
    """The seasons the request's latest upgrade replaces, from what → to what (its timeline note); empty
    for a film."""
    notes = await session.scalars(
        select(RequestEvent.details)
        .where(RequestEvent.request_id == request_id, RequestEvent.to_status == RequestStatus.SEARCHING)
        .order_by(RequestEvent.id.desc())
    )
    latest = next((details for details in notes if (details or {}).get("code") == UPGRADE_CODE), None)
    return list((latest or {}).get("seasons", []))
