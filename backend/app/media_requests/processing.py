"""The request worker's first step: search the indexers, pick a release, hand it to qBittorrent.

Run by `process_request_task`; safe to run twice, late or after a crash: it re-reads the row under a
lock, acts only in the states it expects, and a part (film or season) that already has a download is
not grabbed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.film_release import film_release_of
from app.db import utcnow
from app.downloads.grab import grab_best
from app.downloads.models import Download, DownloadState
from app.downloads.removal import remove_downloads
from app.downloads.service import blocklist, blocklisted_hashes, downloads_of
from app.integrations.qbittorrent import QbittorrentClient
from app.integrations.torznab import TorznabClient
from app.library.service import optional_tmdb
from app.media_requests.announcements import announce
from app.media_requests.followed_shows import wanted_now
from app.media_requests.models import MediaRequest
from app.media_requests.release_wait import (
    ReleaseWait,
    accepts_cinema_copies,
    hold_until_release,
    release_wait,
)
from app.media_requests.service import lock_request, transition
from app.media_requests.states import MediaType, RequestStatus
from app.media_requests.timeline_words import DOWNLOADING, NOT_FOUND, SEARCHING, said
from app.notifications.templates import NotificationEvent
from app.releases.finder import (
    PartOutcome,
    candidate_of,
    picked_releases,
    search_and_select,
    store_verdicts,
)
from app.releases.models import Release
from app.releases.quality_profile_choice import profile_for
from app.releases.targets import search_parts
from app.settings.errors import NotConfigured
from app.settings.integrations.indexers import load_enabled_indexers
from app.settings.integrations.qbittorrent import download_folder, load_qbittorrent, qbittorrent_client
from app.settings.integrations.tmdb import tmdb_settings
from app.settings.pipeline import pipeline_settings

STARTABLE = frozenset({RequestStatus.PENDING, RequestStatus.NOT_FOUND, RequestStatus.AWAITING_RELEASE})
# A worker that died mid-search leaves the request SEARCHING; its re-delivered task resumes there.
RESUMABLE = frozenset({RequestStatus.SEARCHING})
FINISHED_DOWNLOADS = frozenset({DownloadState.COMPLETED, DownloadState.SEEDING_DONE})


@dataclass(frozen=True)
class StepResult:
    """What a step did, returned to Celery as the task's JSON result."""

    request_id: int
    status: str
    detail: str

    def as_dict(self) -> dict[str, object]:
        """The JSON-serialisable form."""
        return {"request_id": self.request_id, "status": self.status, "detail": self.detail}


async def leave_unchanged(session: AsyncSession, request: MediaRequest, detail: str) -> StepResult:
    """Give the row lock back without changes and say why (read before the rollback expires the row)."""
    result = StepResult(request.id, request.status.value, detail)
    await session.rollback()
    return result


async def process_request(
    session: AsyncSession, *, request_id: int, task_id: str | None, now: datetime | None = None
) -> StepResult:
    """Find and start a download for `request_id`; the outcome is written to the row and its timeline.

    A film not out yet is not searched: it waits in AWAITING_RELEASE until its release date (`now` is
    the clock a test moves).
    """
    wait = await _release_wait(session, request_id, now or utcnow())
    request = await lock_request(session, request_id)
    if request is None:
        return StepResult(request_id, "missing", "the request no longer exists")
    if request.status not in STARTABLE | RESUMABLE:
        return await leave_unchanged(session, request, "nothing to do in this state")
    if task_id and request.celery_task_id != task_id:
        request.celery_task_id = task_id
    # The POST left "requested" to this first look, so that it publishes one message (creation.py); a
    # request a parent approved was told then, and the notification task sends each event once.
    first_look = request.status is RequestStatus.PENDING and request.attempts == 0
    if wait is not None and request.status in STARTABLE:
        hold_until_release(session, request, wait)
        await session.commit()
        if first_look:
            await announce(request_id, NotificationEvent.REQUESTED)
        return StepResult(request_id, RequestStatus.AWAITING_RELEASE.value, wait.release_date.isoformat())
    request.attempts += 1
    if request.status in STARTABLE:
        transition(
            session,
            request,
            RequestStatus.SEARCHING,
            reason="Searching the indexers",
            details=said(SEARCHING),
        )
    await session.commit()
    if first_look:
        await announce(request_id, NotificationEvent.REQUESTED)

    try:
        indexers = await load_enabled_indexers(session)
        await load_qbittorrent(session)
    except NotConfigured as exc:
        return await _not_found(session, request_id, str(exc), selection=None)

    request = await _reload(session, request_id)
    qbit = await qbittorrent_client(session)
    picks = await picked_releases(session, request_id)
    existing = await _replace_picked(session, qbit, request_id, picks)
    # A followed show's new episodes: its finished downloads brought earlier episodes, not these.
    earlier = FINISHED_DOWNLOADS if request.episodes_wanted else frozenset()
    covered = {download.season for download in existing if download.state not in earlier}
    parts = [
        part
        for part in await search_parts(
            session, wanted_now(request), await blocklisted_hashes(session, request_id)
        )
        if part.season not in covered and None not in covered
    ]
    if request.upgrade_from is not None:
        # A better copy of some parts (upgrades.py): the others stay as they are in the library, their
        # downloads perhaps long gone after seeding, and are not fetched again.
        parts = [part for part in parts if part.season in picks]
    profile = await profile_for(session, request.media_type, request.quality_profile)
    searched = [part for part in parts if part.season not in picks]
    async with TorznabClient(indexers) as torznab:
        outcomes = await search_and_select(torznab, searched, profile) if searched else []
    await store_verdicts(session, request_id, outcomes)
    await session.commit()

    save_path = await download_folder(session)
    grabbed: list[PartOutcome] = []
    picked_grabs: list[str] = []
    async with httpx.AsyncClient(headers={"User-Agent": "plex-kiosk"}, timeout=30) as http:
        for part in parts:
            if part.season in picks:
                pick = picks[part.season]
                download = await grab_best(
                    session,
                    qbit=qbit,
                    http=http,
                    request_id=request_id,
                    season=part.season,
                    choices=[candidate_of(pick)],
                    save_path=save_path,
                )
                if download is not None:
                    picked_grabs.append(pick.title)
        for outcome in outcomes:
            download = await grab_best(
                session,
                qbit=qbit,
                http=http,
                request_id=request_id,
                season=outcome.part.season,
                choices=[ranked.candidate for ranked in outcome.choices],
                save_path=save_path,
            )
            if download is not None:
                grabbed.append(outcome)
    explanations = [outcome.explanation() for outcome in outcomes]
    if picked_grabs:
        return await _downloading(session, request_id, outcomes, grabbed, explanations, picked_grabs)
    if not grabbed and not existing:
        reason = "; ".join(e["summary"] for e in explanations) or "Nothing suitable found"
        return await _not_found(
            session, request_id, f"No release found yet ({reason})", selection=explanations
        )
    return await _downloading(session, request_id, outcomes, grabbed, explanations)


async def _replace_picked(
    session: AsyncSession, qbit: QbittorrentClient, request_id: int, picks: dict[int | None, Release]
) -> list[Download]:
    """The request's downloads, once those a parent's pick replaces, and those blocklisted since, are gone
    with their data (the library keeps its files: imports are hardlinks or copies)."""
    existing = await downloads_of(session, request_id)
    replaced = [row for row in existing if row.season in picks]
    # The parent turned these down: blocklisted, so no later search grabs them again behind their back.
    for row in replaced:
        await blocklist(session, request_id=request_id, info_hash=row.info_hash)
    # A copy blocklisted since it was grabbed (a problem reported with it) makes way for the next one too.
    blocked = await blocklisted_hashes(session, request_id)
    gone = [row for row in existing if row.season in picks or row.info_hash in blocked]
    if not gone:
        return existing
    await remove_downloads(session, qbit, gone, reason="replaced by another release")
    return [row for row in existing if row not in gone]


async def _release_wait(session: AsyncSession, request_id: int, now: datetime) -> ReleaseWait | None:
    """For a film about to be searched, until when it must wait; read before the row lock, so no lock
    is held while TMDB answers."""
    request = await session.get(MediaRequest, request_id)
    if request is None or request.media_type is not MediaType.MOVIE or request.status not in STARTABLE:
        return None
    chosen = request.quality_profile
    region = (await tmdb_settings(session)).region
    film = await film_release_of(await optional_tmdb(session), request.tmdb_id, region)
    if film is None:
        return None
    profile = await profile_for(session, MediaType.MOVIE, chosen)
    return release_wait(film, now=now, cinema_copies=accepts_cinema_copies(profile))


async def _reload(session: AsyncSession, request_id: int) -> MediaRequest:
    request = await session.get(MediaRequest, request_id, populate_existing=True)
    assert request is not None
    return request


async def _downloading(
    session: AsyncSession,
    request_id: int,
    outcomes: list[PartOutcome],
    grabbed: list[PartOutcome],
    explanations: list[dict[str, Any]],
    picked: list[str] | None = None,
) -> StepResult:
    request = await lock_request(session, request_id)
    assert request is not None
    if request.status is not RequestStatus.SEARCHING:
        # Cancelled while we searched: the monitor removes the torrents of cancelled requests.
        return await leave_unchanged(session, request, "changed while searching")
    missing = [outcome.part.label for outcome in outcomes if outcome not in grabbed]
    several = len(outcomes) > 1
    summary = "; ".join(
        f"{o.part.label}: {o.selection.summary()}" if several else o.selection.summary() for o in grabbed
    )
    if picked:
        head = f"Grabbed the release a parent picked: {', '.join(picked)}"
        summary = f"{head}; {summary}" if summary else head
    summary = summary or "Resuming the downloads already started"
    if missing:
        summary += f" (nothing suitable yet for {', '.join(missing)})"
    request.selection = explanations or request.selection
    request.error = None
    request.next_search_at = None
    transition(
        session,
        request,
        RequestStatus.DOWNLOADING,
        reason=summary,
        details=said(DOWNLOADING, selection=explanations),
    )
    await session.commit()
    await announce(request_id, NotificationEvent.DOWNLOADING)
    return StepResult(request_id, RequestStatus.DOWNLOADING.value, summary)


async def _not_found(
    session: AsyncSession, request_id: int, reason: str, *, selection: list[dict[str, Any]] | None
) -> StepResult:
    request = await lock_request(session, request_id)
    assert request is not None
    if request.status is not RequestStatus.SEARCHING:
        return await leave_unchanged(session, request, "changed while searching")
    settings = await pipeline_settings(session)
    request.next_search_at = utcnow() + settings.research_interval
    request.selection = selection
    # When it is searched again is what the family wants to know.
    details = said(NOT_FOUND, selection=selection, next_search_at=request.next_search_at.isoformat())
    transition(session, request, RequestStatus.NOT_FOUND, reason=reason, details=details)
    request.error = reason
    await session.commit()
    await announce(request_id, NotificationEvent.NOT_FOUND)
    return StepResult(request_id, RequestStatus.NOT_FOUND.value, reason)
