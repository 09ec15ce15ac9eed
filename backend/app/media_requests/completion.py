"""The request worker's last steps: move a finished download into the Plex library, then confirm it.

`complete_request` imports every finished download of the request (idempotent: a rerun after a crash
finds the files already in place), asks Plex to scan only the folders written to, and marks the
request COMPLETED. `confirm_available` then looks the item up in Plex by its ids until it shows up.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import anyio.to_thread
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish
from app.config import get_settings
from app.downloads.models import Download
from app.downloads.removal import remove_downloads
from app.downloads.service import blocklist, downloads_of, given_up_count
from app.imports import (
    ImportResult,
    ImportRootError,
    ImportTarget,
    LibraryRoots,
    SkipReason,
    put_back_set_aside,
    run_import,
)
from app.imports.archives import import_from_archives
from app.imports.naming import episodes_named
from app.imports.target import MOVIES_FOLDER, Episode
from app.imports.transfer_note import in_english, transfer_note
from app.integrations.errors import IntegrationError
from app.media_requests import problems
from app.media_requests.announcements import announce
from app.media_requests.import_facts import with_tmdb_episodes
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.old_copies import OLD_COPIES
from app.media_requests.problem_models import ProblemState
from app.media_requests.processing import StepResult, leave_unchanged
from app.media_requests.service import forget_task, lock_request, transition
from app.media_requests.states import MediaType, RequestStatus
from app.media_requests.step_leases import folder_noter
from app.media_requests.timeline_words import IMPORTED, IMPORTING, said
from app.media_requests.upgrades import upgraded_seasons
from app.notifications.templates import NotificationEvent
from app.releases.quality_profile_choice import profile_for
from app.settings.errors import NotConfigured
from app.settings.folders import folders_in_force
from app.settings.integrations.plex import plex_client
from app.settings.integrations.qbittorrent import qbittorrent_client, qbittorrent_settings
from app.settings.pipeline import pipeline_settings

log = logging.getLogger(__name__)
# Where a download's archives are unpacked, inside its own download folder (same disk: hardlinks work).
UNPACK_FOLDER = ".plex-kiosk-unpacked"
# Why a download held nothing to import, most telling first: (skip code, reason code, words).
_NOTHING_BECAUSE = (
    (SkipReason.EXECUTABLE, "executable", "a program instead of a video"),
    (SkipReason.ARCHIVE, "archives_only", "only archives that could not be unpacked"),
    (SkipReason.NOT_THE_FILM, "wrong_content", "a video of something else"),
    (SkipReason.SAMPLE, "sample_only", "only a sample"),
    (SkipReason.NOT_REQUESTED, "wrong_episodes", "not the episodes asked for"),
    (SkipReason.NO_EPISODE_NUMBER, "wrong_episodes", "videos without episode numbers"),
)


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
            session,
            request,
            RequestStatus.IMPORTING,
            reason="Download finished; moving it into the library",
            details=said(IMPORTING),
        )
    if request.status is RequestStatus.COMPLETED:
        # Imported, but Plex never listed it (it was down, or missed the scan): ask it again.
        await session.rollback()
        return await _scan_again(session, request_id)
    if request.status is not RequestStatus.IMPORTING:
        return await leave_unchanged(session, request, "nothing to do in this state")
    if task_id:
        request.celery_task_id = task_id
    target = import_target(request)
    tmdb_id = request.tmdb_id
    upgrade_from = request.upgrade_from  # a better copy replaces one below the profile's cutoff (upgrades.py)
    media_type, chosen = request.media_type, request.quality_profile
    await session.commit()
    movies = await movies_folder(session, media_type, chosen)
    target = await with_tmdb_episodes(session, target, tmdb_id)

    downloads = [row for row in await downloads_of(session, request_id) if row.completed_at is not None]
    # A parent asked for another copy: the new one takes the old one's place (the old one goes once it is in).
    replacing = await problems.replacing(session, request_id)
    new_copy = bool(replacing) or upgrade_from is not None
    before = await _files_in_library(session, request_id) if new_copy else []
    results = [await _import_download(session, row, target, task_id, new_copy, movies) for row in downloads]
    set_aside = [item for result in results for item in result.set_aside]
    failures = [failure for result in results for failure in result.failures]
    videos = [video for result in results for video in result.videos]
    if failures or not videos:
        # The old copy stays the one in Plex: it takes its name back from whatever new file got in.
        await anyio.to_thread.run_sync(put_back_set_aside, set_aside)
    if failures:
        raise ImportProblem("; ".join(f"{f.library_path}: {f.reason}" for f in failures[:3]))
    summary = "; ".join(result.summary for result in results) or "The download holds nothing to import"
    if not videos:
        return await _next_release(session, request_id, downloads, _why_nothing(results, summary))
    folders = sorted({folder for result in results for folder in result.folders})
    scan_note = await _scan(session, folders)
    transfer = transfer_note([item for result in results for item in result.imported])
    details: dict[str, Any] = {
        "code": IMPORTED,
        "files": [str(video.library_path) for video in videos],
        "folders": [str(folder) for folder in folders],
        "episodes": sorted({episode for video in videos for episode in video.episodes}),
        "missing_episodes": sorted({ep for result in results for ep in result.missing_episodes}),
        # Linked or copied, as a code the timeline renders in the family's language.
        "transfer": transfer,
    }
    reason = f"{summary.rstrip('.')}. {in_english(transfer)} {scan_note}"
    if new_copy:
        library = (await folders_in_force(session)).library_root
        brought = {episode for video in videos for episode in video.episodes}
        # Deleted once Plex lists the request again after this import's scan (old_copies.py), not before.
        details[OLD_COPIES] = [
            *(_in_library(library, item.aside) for item in set_aside),
            *_not_reused(
                before, details["files"], target, None if media_type is MediaType.MOVIE else brought
            ),
        ]
        if replacing:
            reason = f"Another copy is in the library in place of the old one. {reason}"
        else:
            seasons = await upgraded_seasons(session, request_id)
            reason = f"{_upgrade_words(upgrade_from, seasons)} {reason}"
            details["upgraded_from"] = upgrade_from
            if seasons:
                details["upgraded"] = [_without_release(note) for note in seasons]
        for report in replacing:
            report.state = ProblemState.RESOLVED
    return await _finish(session, request_id, RequestStatus.COMPLETED, reason, details=details)


async def _files_in_library(session: AsyncSession, request_id: int) -> list[str]:
    """The files the request's imports put in the library (library-relative): a followed show's seasons
    came in several imports."""
    imports = await session.scalars(
        select(RequestEvent.details).where(
            RequestEvent.request_id == request_id, RequestEvent.to_status == RequestStatus.COMPLETED
        )
    )
    return sorted({str(name) for details in imports for name in (details or {}).get("files", [])})


def _not_reused(
    before: list[str], files: list[str], target: ImportTarget, brought: set[Episode] | None
) -> list[str]:
    """The old copy's files the new import did not reuse; for a show (`brought`: the episodes it brought)
    only those of episodes it brought, so that an episode it lacked keeps its old file."""
    gone = sorted(set(before) - set(files))
    if brought is None:
        return gone
    return [
        name for name in gone if (named := episodes_named(target, Path(name).name)) and set(named) <= brought
    ]


def _upgrade_words(upgrade_from: str | None, seasons: list[dict[str, Any]]) -> str:
    """The timeline's words for a better copy in place: which season went from what to what."""
    words = f"A better copy is in the library in place of the {upgrade_from} one."
    if not seasons:
        return words
    parts = "; ".join(
        f"{_season_words(note.get('season'))}: {note['from']} → {note['to']}" for note in seasons
    )
    return f"{words[:-1]} ({parts})."


def _season_words(season: int | None) -> str:
    return "every season" if season is None else f"season {season}"


def _without_release(note: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in note.items() if key != "release"}


async def _last_import(session: AsyncSession, request_id: int, key: str) -> list[str]:
    """What the request's last import wrote down under `key` ("files", "folders")."""
    details = await session.scalar(
        select(RequestEvent.details)
        .where(RequestEvent.request_id == request_id, RequestEvent.to_status == RequestStatus.COMPLETED)
        .order_by(RequestEvent.id.desc())
        .limit(1)
    )
    return [str(name) for name in (details or {}).get(key, [])]


async def _scan_again(session: AsyncSession, request_id: int) -> StepResult:
    """Ask Plex to scan the last import's folders again, then to confirm (the reconciler's late retry)."""
    folders = [Path(folder) for folder in await _last_import(session, request_id, "folders")]
    note = await _scan(session, folders) if folders else "no folder to scan"
    await publish(task_names.CONFIRM_AVAILABLE, request_id, countdown=get_settings().confirm_after_s)
    return StepResult(request_id, RequestStatus.COMPLETED.value, f"Asked Plex again: {note}")


def _in_library(library: Path, path: Path) -> str:
    """`path` relative to the library root, as the import's other file names are kept."""
    return str(path.resolve().relative_to(library.resolve()))


async def movies_folder(session: AsyncSession, media_type: MediaType, chosen: str | None) -> str:
    """Where a film goes: the 4K folder (a setting) for a request whose chosen profile prefers 2160p, so
    Plex lists it beside the HD copy; Movies/ otherwise."""
    uhd_folder = (await pipeline_settings(session)).movies_4k_folder
    if media_type is not MediaType.MOVIE or chosen is None or uhd_folder is None:
        return MOVIES_FOLDER
    profile = await profile_for(session, media_type, chosen)
    return uhd_folder if profile.preferred.value.endswith("2160p") else MOVIES_FOLDER


async def _import_download(
    session: AsyncSession,
    row: Download,
    target: ImportTarget,
    task_id: str | None,
    new_copy: bool,
    movies: str = MOVIES_FOLDER,
) -> ImportResult:
    qbit = await qbittorrent_client(session)
    files = await qbit.files(row.info_hash)
    in_force = await folders_in_force(session)
    library_root = in_force.library_root
    # qBittorrent reports its own path for the files; read them where this appliance sees that folder.
    qbit_settings = await qbittorrent_settings(session)
    saved_at = qbit_settings.local_path(row.save_path) if row.save_path else None
    content_root = Path(saved_at) if saved_at else in_force.download_root
    roots = replace(LibraryRoots.under(library_root), movies=library_root / movies)
    noted = folder_noter(row.request_id, task_id)  # the step's lease learns where partial files may be
    try:
        result = await anyio.to_thread.run_sync(
            lambda: run_import(target, content_root, files, roots, before_writing=noted, replace=new_copy)
        )
    except ImportRootError as exc:
        # An unmounted disk looks like this: worth retrying before the request fails with the reason.
        raise ImportProblem(str(exc)) from exc
    if result.videos or not any(skip.code is SkipReason.ARCHIVE for skip in result.skipped):
        return result
    # Only archives (a scene RAR set): unpacked inside the download folder, imported, then cleared away.
    into = content_root / UNPACK_FOLDER / row.info_hash
    names = [file.name for file in files]
    unpacked, problems = await anyio.to_thread.run_sync(
        lambda: import_from_archives(target, content_root, names, roots, into=into, before_writing=noted)
    )
    if unpacked is not None and (unpacked.videos or not problems):
        return unpacked
    return replace(result, problem="; ".join(problems) or result.problem)


def _why_nothing(results: list[ImportResult], summary: str) -> tuple[str, str]:
    """A stable code and the words for why the downloads gave nothing to import."""
    codes = {skip.code for result in results for skip in result.skipped}
    problems = "; ".join(result.problem for result in results if result.problem)
    for skip, code, words in _NOTHING_BECAUSE:
        if skip in codes:
            return code, f"{words} ({problems})" if problems and skip is SkipReason.ARCHIVE else words
    return "nothing_to_import", problems or summary


async def _next_release(
    session: AsyncSession, request_id: int, rows: list[Download], why: tuple[str, str]
) -> StepResult:
    """The download held nothing to import: blocklist it with the reason, remove it with its data, and
    search for the next best release; after too many such releases the request fails, saying why."""
    code, words = why
    for row in rows:
        await blocklist(session, request_id=request_id, info_hash=row.info_hash, reason=why)
    await remove_downloads(
        session, await qbittorrent_client(session), rows, reason=f"nothing to import: {words}"
    )
    given_up = await given_up_count(session, request_id)
    if given_up >= (await pipeline_settings(session)).max_failed_releases:
        reason = f"{given_up} releases had nothing that could be imported; the last one: {words}"
        details = {"code": "too_many_failed_releases", "why": code, "count": given_up}
        return await _finish(session, request_id, RequestStatus.FAILED, reason, details=details)
    request = await lock_request(session, request_id)
    if request is None:
        return StepResult(request_id, "missing", "the request no longer exists")
    if request.status is not RequestStatus.IMPORTING:
        return await leave_unchanged(session, request, "changed while importing")
    request.celery_task_id = task_id = new_task_id()
    reason = f"Nothing to import ({words}); trying the next best release"
    details = {"code": "nothing_to_import", "why": code, "blocklisted": [row.info_hash for row in rows]}
    transition(session, request, RequestStatus.SEARCHING, reason=reason, details=details)
    await session.commit()
    if not await publish(task_names.PROCESS_REQUEST, request_id, task_id=task_id):
        await forget_task(session, request_id=request_id, task_id=task_id)
    return StepResult(request_id, RequestStatus.SEARCHING.value, reason)


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
    if status is RequestStatus.COMPLETED:
        request.upgrade_from = None
        # A new copy (new episodes, or the better copy itself) is looked at by the next daily pass, even
        # when the request's earlier copies had reached their cutoff.
        request.next_upgrade_at = None
    await session.commit()
    if status is RequestStatus.FAILED:
        await announce(request_id, NotificationEvent.FAILED)
    if status is RequestStatus.COMPLETED:
        # Plex lists a scanned film within seconds: ask it soon (the hourly sync catches a lost message).
        await publish(task_names.CONFIRM_AVAILABLE, request_id, countdown=get_settings().confirm_after_s)
    return StepResult(request_id, status.value, reason)
