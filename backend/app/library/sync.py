"""The Plex library sync: full (every page, then remove what Plex no longer lists) or incremental (changes).

A full sync removes an item only when every listing of its section came back whole: each page full, the
same totalSize throughout, as many distinct items as that total. A Plex outage or a short page stops the
removal of that section (Seerr's #2296 marked seasons deleted when Plex was unreachable). An incremental sync
lists what was updated since the section's checkpoint (minus an overlap), so its cost follows the changes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Collection, Sequence
from contextlib import aclosing
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.integrations.errors import IntegrationError, TransientError
from app.integrations.plex import IncompleteListingError, PlexClient, PlexItem, PlexSection
from app.integrations.tmdb import TmdbClient
from app.library.links import learn_tmdb_ids
from app.library.matching import MediaIds
from app.library.mirror import identities_of, keys_outside, remove_items, section_keys, write_items
from app.library.models import LibrarySection, SyncRun
from app.library.prefetch import prefetched
from app.library.sync_lock import FULL, INCREMENTAL, LockTimings, SyncInterrupted, SyncLock

log = logging.getLogger(__name__)

# Called once the mirror is written, with the titles that lost items and TMDB if set up: the request
# domain's reaction (which requests it moved, for the run's details). The library never moves a request.
AfterMirror = Callable[[Collection[MediaIds], TmdbClient | None], Awaitable[dict[str, Any]]]

LISTED_TYPES = {"movie": ("movie",), "show": ("show", "season", "episode")}


@dataclass(frozen=True)
class SyncOptions:
    """How a sync reads Plex: page size, the incremental overlap, the lock's timings, the sections, TMDB."""

    page_size: int = 5000
    # Items updated just before the checkpoint may have been listed after it was taken: read them again.
    overlap: timedelta = timedelta(minutes=10)
    lock: LockTimings = field(default_factory=LockTimings)
    sections: frozenset[str] | None = None  # None: every movie and show section
    tmdb_lookups: int = 200


@dataclass
class SectionReport:
    """What one section's pass saw and did."""

    key: str
    title: str
    mode: str
    seen: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    complete: bool = True
    notes: list[str] = field(default_factory=list)


class _Pass:
    """One run's shared state: the session, Plex, the lock, what disappeared and the sections' reports."""

    def __init__(self, session: AsyncSession, plex: PlexClient, run: SyncRun, lock: SyncLock,
                 options: SyncOptions) -> None:  # fmt: skip
        self.session, self.plex, self.run, self.lock, self.options = session, plex, run, lock, options
        self.now = utcnow()
        self.disappeared: set[MediaIds] = set()
        self.reports: list[SectionReport] = []


def _newest(items: Sequence[PlexItem]) -> datetime | None:
    stamps = [stamp for item in items if (stamp := item.updated_at or item.added_at) is not None]
    return max(stamps) if stamps else None


async def _list_type(p: _Pass, section: PlexSection, item_type: str, since: datetime | None,
                     report: SectionReport, seen: set[str]) -> datetime | None:  # fmt: skip
    """Mirror one item type of a section page by page; the newest change seen."""
    newest: datetime | None = None
    distinct: set[str] = set()
    total: int | None = None
    pages = p.plex.iter_section(section.key, item_type=item_type, page_size=p.options.page_size,
                                updated_since=since)  # fmt: skip
    try:
        async with aclosing(prefetched(pages)) as stream:  # stops the read-ahead however the loop ends
            async for page in stream:
                counts = await write_items(p.session, page.items, section_key=section.key, synced_at=p.now)
                report.added += counts.added
                report.updated += counts.updated
                p.run.added += counts.added
                p.run.updated += counts.updated
                distinct.update(item.rating_key for item in page.items)
                total = page.total_size
                page_newest = _newest(page.items)
                if page_newest is not None and (newest is None or page_newest > newest):
                    newest = page_newest
                await p.session.commit()
                await p.lock.hold()
    except IncompleteListingError as exc:
        report.complete = False
        report.notes.append(f"{item_type}s: {exc.message}")
    else:
        if total is not None and len(distinct) != total:
            report.complete = False
            report.notes.append(
                f"{item_type}s: saw {len(distinct)} distinct items of the {total} Plex counted"
            )
    seen.update(distinct)
    report.seen += len(distinct)
    return newest


async def _remove_unseen(p: _Pass, section: PlexSection, seen: set[str], report: SectionReport) -> None:
    """After a whole listing: delete what the mirror holds for the section and Plex did not list."""
    gone = await section_keys(p.session, section.key) - seen
    if not gone:
        return
    if not seen:
        report.notes.append(f"Plex listed nothing in this section; kept its {len(gone)} mirrored items")
        return
    await p.lock.hold()  # still ours, right before deleting
    p.disappeared |= await identities_of(p.session, gone)
    report.removed = await remove_items(p.session, gone)
    p.run.removed += report.removed
    await p.session.commit()


async def _sync_section(p: _Pass, section: PlexSection, row: LibrarySection, full: bool) -> None:
    whole = full or row.checkpoint is None
    since = None if whole or row.checkpoint is None else row.checkpoint - p.options.overlap
    report = SectionReport(key=section.key, title=section.title, mode=FULL if whole else INCREMENTAL)
    p.reports.append(report)  # listed even if Plex fails half-way through this section
    seen: set[str] = set()
    newest: datetime | None = None
    for item_type in LISTED_TYPES[section.type]:
        type_newest = await _list_type(p, section, item_type, since, report, seen)
        if type_newest is not None and (newest is None or type_newest > newest):
            newest = type_newest
    row.last_sync_at = p.now
    if report.complete:
        # Only a whole listing moves the checkpoint: an interrupted one is read again next time.
        if newest is not None and (row.checkpoint is None or newest > row.checkpoint):
            row.checkpoint = newest
        if whole:
            row.last_full_sync_at = p.now
            await _remove_unseen(p, section, seen, report)
    else:
        report.notes.append("the listing was not whole: nothing removed, checkpoint kept")
    await p.session.commit()


async def _section_rows(p: _Pass, sections: Sequence[PlexSection]) -> dict[str, LibrarySection]:
    rows = {row.section_key: row for row in await p.session.scalars(select(LibrarySection))}
    for section in sections:
        row = rows.get(section.key)
        if row is None:
            row = rows[section.key] = LibrarySection(section_key=section.key, title=section.title,
                                                     section_type=section.type)  # fmt: skip
            p.session.add(row)
        row.title, row.section_type = section.title[:255], section.type
    await p.session.commit()
    return rows


# A section Plex leaves out of its list may be back at the next look (being rebuilt, a shared server away):
# its items stay mirrored this long after its last whole listing before the section is forgotten.
MISSING_SECTION_GRACE = timedelta(days=7)


async def _drop_other_sections(p: _Pass, kept: Sequence[PlexSection]) -> None:
    """A full sync forgets sections switched off in the settings, and those Plex stopped listing long ago.

    Neither is a deletion: their items leave the mirror without being reported as disappeared, so no
    request moves (a section switched off says nothing about what someone deleted). A section Plex merely
    left out of this listing keeps its items for MISSING_SECTION_GRACE. Only an item missing from a whole
    listing of its own section is a deletion (`_remove_unseen`).
    """
    keys = [section.key for section in kept]
    if not keys:
        if await keys_outside(p.session, keys):
            note = "Plex listed no movie or show section; nothing removed"
            p.reports.append(SectionReport(key="-", title="(none)", mode=FULL, complete=False, notes=[note]))
        return
    retained: list[str] = []
    forgotten: list[str] = []
    for row in await p.session.scalars(select(LibrarySection).where(LibrarySection.section_key.not_in(keys))):
        switched_off = p.options.sections is not None and row.section_key not in p.options.sections
        listed = row.last_full_sync_at
        if switched_off or listed is None or listed <= p.now - MISSING_SECTION_GRACE:
            forgotten.append(row.section_key)
            continue
        retained.append(row.section_key)
        until = (listed + MISSING_SECTION_GRACE).date().isoformat()
        note = f"Plex did not list this section; its items are kept until {until} in case it comes back"
        p.reports.append(SectionReport(key=row.section_key, title=row.title, mode=FULL, complete=False,
                                       notes=[note]))  # fmt: skip
    await p.session.execute(delete(LibrarySection).where(LibrarySection.section_key.in_(forgotten)))
    gone = await keys_outside(p.session, keys + retained)
    if gone:
        await p.lock.hold()
        p.run.removed += await remove_items(p.session, gone)
    await p.session.commit()


async def _mirror(p: _Pass, full: bool) -> None:
    wanted = p.options.sections
    sections = [s for s in await p.plex.sections() if wanted is None or s.key in wanted]
    rows = await _section_rows(p, sections)
    for section in sections:
        await _sync_section(p, section, rows[section.key], full)
    if full:
        await _drop_other_sections(p, sections)


async def _finish(session: AsyncSession, run: SyncRun, status: str, *, error: str | None = None,
                  details: dict[str, object] | None = None) -> SyncRun:  # fmt: skip
    run.status = status
    run.error = error
    run.details = {**(run.details or {}), **(details or {})}
    run.finished_at = utcnow()
    await session.commit()
    return run


async def sync_library(
    session: AsyncSession,
    plex: PlexClient,
    *,
    full: bool,
    tmdb: TmdbClient | None = None,
    options: SyncOptions | None = None,
    task_id: str | None = None,
    on_mirrored: AfterMirror | None = None,
) -> SyncRun:
    """Run one sync and return its run (committed). Plex failures end the run "failed", never raised.

    The run's details say per section what was seen, added, updated and removed, and what `on_mirrored`
    reported (which requests moved);
    `details["retryable"]` is True when Plex was only briefly away.
    """
    options = options or SyncOptions()
    run = SyncRun(kind=FULL if full else INCREMENTAL, status="running", added=0, updated=0, removed=0,
                  details={"task_id": task_id} if task_id else {})  # fmt: skip
    session.add(run)
    await session.commit()
    lock = SyncLock(session, run, options.lock)
    holder = await lock.acquire()
    if holder is not None:
        return await _finish(
            session,
            run,
            "skipped",
            error=f"another sync is running ({holder})",
            details={"why": "already_running"},
        )
    await _close_abandoned_runs(session, run, options.lock)
    started = time.monotonic()
    p = _Pass(session, plex, run, lock, options)
    details: dict[str, object] = {}
    error: str | None = None
    try:
        await _mirror(p, full)
        learnt = await learn_tmdb_ids(session, tmdb, limit=options.tmdb_lookups) if tmdb else 0
        changes = await on_mirrored(p.disappeared, tmdb) if on_mirrored else {}
        status = "success" if all(r.complete for r in p.reports) else "partial"
        details = {"tmdb_lookups": learnt, "requests": changes}
    except SyncInterrupted as exc:
        status, error = exc.status, str(exc)
        details = {"why": "superseded" if exc.status == "superseded" else "lease_lost"}
    except IntegrationError as exc:
        status, error = "failed", str(exc)
        details = {"retryable": isinstance(exc, TransientError), "why": exc.why, "service": exc.service}
        log.warning("Plex sync %s failed: %s", run.id, exc)
    except Exception as exc:
        await _abandon(session, run, lock, f"{type(exc).__name__}: {exc}")
        raise
    # What was committed page by page stays; only the page in flight is dropped.
    await session.rollback()
    await session.refresh(run)
    await lock.release()
    details["sections"] = [asdict(report) for report in p.reports]
    details["seconds"] = round(time.monotonic() - started, 3)
    return await _finish(session, run, status, error=error, details=details)


async def _close_abandoned_runs(session: AsyncSession, run: SyncRun, timings: LockTimings) -> None:
    """Runs left "running" by a killed worker: holding the lock proves they stopped; say so."""
    stale = utcnow() - timedelta(seconds=timings.lease_ttl_s)
    abandoned = await session.scalars(
        select(SyncRun).where(SyncRun.status == "running", SyncRun.id != run.id, SyncRun.started_at < stale)
    )
    for left in abandoned:
        left.status, left.error, left.finished_at = "failed", "stopped mid-run: its worker ended", utcnow()
        left.details = {**(left.details or {}), "why": "worker_lost"}
    await session.commit()


async def _abandon(session: AsyncSession, run: SyncRun, lock: SyncLock, error: str) -> None:
    """Record an unexpected failure as best it can, and free the lease."""
    try:
        await session.rollback()
        await session.refresh(run)
        await _finish(session, run, "failed", error=error, details={"why": "unexpected"})
    finally:
        await lock.release()
