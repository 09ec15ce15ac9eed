"""The request worker's last steps: move a finished download into the Plex library, then confirm it.

`complete_request` imports every finished download of the request (idempotent: a rerun after a crash
finds the files already in place), asks Plex to scan only the folders written to, and marks the
request COMPLETED. `confirm_available` then looks the item up in Plex by its ids until it shows up.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import anyio.to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.publish import publish
from app.config import get_settings
from app.downloads.models import Download
from app.downloads.service import downloads_of
from app.imports import ImportResult, ImportRootError, ImportTarget, LibraryRoots, run_import
from app.imports.transfer_note import in_english, transfer_note
from app.integrations.errors import IntegrationError
from app.media_requests.announcements import announce
from app.media_requests.import_facts import with_tmdb_episodes
from app.media_requests.models import MediaRequest
from app.media_requests.processing import StepResult, leave_unchanged
from app.media_requests.service import lock_request, transition
from app.media_requests.states import MediaType, RequestStatus
from app.media_requests.step_leases import folder_noter
from app.notifications.templates import NotificationEvent
from app.settings.errors import NotConfigured
from app.settings.integrations.plex import plex_client
from app.settings.integrations.qbittorrent import qbittorrent_client, qbittorrent_settings

log = logging.getLogger(__name__)


class ImportProblem(RuntimeError):
    """The library could not take the files (disk full, permissions): worth retrying later."""


def import_target(request: MediaRequest) -> ImportTarget:
    """What the import names files after."""
    if request.media_type is MediaType.MOVIE:
        return ImportTarget.movie(request.title, request.year)
    return ImportTarget.show(
        request.title,
        request.year,
        seasons=request.requested_seasons,
        episodes=request.requested_episodes,
    )


async def complete_request(session: AsyncSession, *, request_id: int, task_id: str | None) -> StepResult:
    """Import the request's finished downloads into the library and ask Plex to scan them."""
    request = await lock_request(session, request_id)
    if request is None:
        return StepResult(request_id, "missing", "the request no longer exists")
    if request.status is RequestStatus.DOWNLOADING:
        transition(
            session, request, RequestStatus.IMPORTING, reason="Download finished; moving it into the library"
        )
    if request.status is not RequestStatus.IMPORTING:
        return await leave_unchanged(session, request, "nothing to do in this state")
    if task_id:
        request.celery_task_id = task_id
    target = import_target(request)
    tmdb_id = request.tmdb_id
    await session.commit()
    target = await with_tmdb_episodes(session, target, tmdb_id)

    downloads = [row for row in await downloads_of(session, request_id) if row.completed_at is not None]
    results = [await _import_download(session, row, target, task_id) for row in downloads]
    failures = [failure for result in results for failure in result.failures]
    if failures:
        raise ImportProblem("; ".join(f"{f.library_path}: {f.reason}" for f in failures[:3]))
    videos = [video for result in results for video in result.videos]
    summary = "; ".join(result.summary for result in results) or "The download holds nothing to import"
    if not videos:
        return await _finish(session, request_id, RequestStatus.FAILED, summary, details=None)
    folders = sorted({folder for result in results for folder in result.folders})
    scan_note = await _scan(session, folders)
    transfer = transfer_note([item for result in results for item in result.imported])
    details: dict[str, Any] = {
        "files": [str(video.library_path) for video in videos],
        "folders": [str(folder) for folder in folders],
        "episodes": sorted({episode for video in videos for episode in video.episodes}),
        "missing_episodes": sorted({ep for result in results for ep in result.missing_episodes}),
        # Linked or copied, as a code the timeline renders in the family's language.
        "transfer": transfer,
    }
    reason = f"{summary.rstrip('.')}. {in_english(transfer)} {scan_note}"
    return await _finish(session, request_id, RequestStatus.COMPLETED, reason, details=details)


async def _import_download(
    session: AsyncSession, row: Download, target: ImportTarget, task_id: str | None
) -> ImportResult:
    qbit = await qbittorrent_client(session)
    files = await qbit.files(row.info_hash)
    library_root = get_settings().library_root
    assert library_root is not None
    # qBittorrent reports its own path for the files; read them where this appliance sees that folder.
    qbit_settings = await qbittorrent_settings(session)
    saved_at = qbit_settings.local_path(row.save_path) if row.save_path else None
    content_root = Path(saved_at or get_settings().download_root or ".")
    roots = LibraryRoots.under(library_root)
    noted = folder_noter(row.request_id, task_id)  # the step's lease learns where partial files may be
    try:
        return await anyio.to_thread.run_sync(
            lambda: run_import(target, content_root, files, roots, before_writing=noted)
        )
    except ImportRootError as exc:
        # An unmounted disk looks like this: worth retrying before the request fails with the reason.
        raise ImportProblem(str(exc)) from exc


async def _scan(session: AsyncSession, folders: list[Path]) -> str:
    """Ask Plex to scan each folder; a Plex problem never undoes an import (the hourly sync catches up)."""
    try:
        plex = await plex_client(session)
        for folder in folders:
            await plex.scan_path(str(folder))
    except NotConfigured:
        return "Plex is not set up, so it was not asked to scan"
    except IntegrationError as exc:
        log.warning("Plex scan failed: %s", exc)
        return f"Plex could not be asked to scan ({exc.message}); the next library sync will find it"
    return "Plex is scanning it"


async def _finish(
    session: AsyncSession,
    request_id: int,
    status: RequestStatus,
    reason: str,
    *,
    details: dict[str, Any] | None,
) -> StepResult:
    request = await lock_request(session, request_id)
    if request is None:
        return StepResult(request_id, "missing", "the request no longer exists")
    if request.status is not RequestStatus.IMPORTING:
        return await leave_unchanged(session, request, "changed while importing")
    transition(session, request, status, reason=reason, details=details)
    if status is RequestStatus.FAILED:
        request.error = reason
    await session.commit()
    if status is RequestStatus.FAILED:
        await announce(request_id, NotificationEvent.FAILED)
    if status is RequestStatus.COMPLETED:
        # Plex lists a scanned film within seconds: ask it soon (the hourly sync catches a lost message).
        await publish(task_names.CONFIRM_AVAILABLE, request_id, countdown=get_settings().confirm_after_s)
    return StepResult(request_id, status.value, reason)
