"""Deleted means deleted: media someone removed from Plex is never downloaded again on its own.

A film watched and deleted used to go back to PENDING and download again minutes after the 03:00 sync; a
section switched off did the same to every film in it. Here the whole path runs on PostgreSQL with the
Plex simulator: the stored settings, the full sync, the request moves it calls for, then the reconciler
that re-queues lost work, again and again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.library.models import LibraryItem, LibrarySection
from app.media_requests.availability import sync_plex
from app.media_requests.creation import NewRequest, create_request
from app.media_requests.pipeline import reconcile
from app.media_requests.reconcile import find_stuck
from app.media_requests.schemas import RequestCreate
from app.media_requests.service import get_request
from app.media_requests.states import MediaType, RequestStatus
from app.settings.service import put_setting
from tests import factories
from tests.support.broker_queue import Sent
from tests.support.plex_sim import PlexSim

pytestmark = pytest.mark.integration

S = RequestStatus
# Simulated Plex: film n (rating key 10000000 + n) is TMDB 100 + n; show n's S01Eyy is 200n1 00y.
FILM = RequestCreate(media_type=MediaType.MOVIE, tmdb_id=101, title="Crimson 1", year=1951)
FILM_KEY = "10000001"
SHOW_4_SEASON_1 = {"20041001", "20041002", "20041003"}


async def _timeline(db: AsyncSession, request_id: int) -> list[RequestStatus]:
    db.expire_all()
    return [event.to_status for event in (await get_request(db, request_id, with_events=True)).events]


async def test_a_film_deleted_after_it_was_available_is_not_grabbed_again(
    db: AsyncSession, plex_configured: PlexSim
) -> None:
    await sync_plex(db, full=True)
    film = (await factories.media_request(db, **FILM.model_dump(), status=S.AVAILABLE)).id
    show = (
        await factories.media_request(db, media_type="tv", tmdb_id=5004, title="Show 4", seasons=[1],
                                      status=S.AVAILABLE)
    ).id  # fmt: skip

    plex_configured.scenario.removed |= {FILM_KEY, *SHOW_4_SEASON_1}  # watched, then deleted in Plex
    run = await sync_plex(db, full=True)

    assert run.details is not None
    assert run.details["requests"]["removed_from_plex"] == [film, show]
    assert await _timeline(db, film) == [S.AVAILABLE, S.REMOVED_FROM_PLEX]
    assert await _timeline(db, show) == [S.AVAILABLE, S.REMOVED_FROM_PLEX]

    # The monitor's reconciler runs every five minutes; weeks of it queue nothing for these requests.
    sent = Sent()
    for _ in range(3):
        await reconcile(db, send=sent)
        await sync_plex(db, full=True)
        await sync_plex(db, full=False)
    later = await find_stuck(db, now_delta=timedelta(days=60))
    assert not {film, show} & (sent.request_ids() | {stuck.request_id for stuck in later})
    assert await _timeline(db, film) == [S.AVAILABLE, S.REMOVED_FROM_PLEX]
    assert (await get_request(db, show)).status is S.REMOVED_FROM_PLEX

    # "Demander à nouveau": asking again is a new request, searched like any other.
    again, created = await create_request(db, NewRequest(FILM, task_id="asked-again"))
    assert created and again.id != film
    assert again.status is S.PENDING and again.celery_task_id == "asked-again"
    assert (await get_request(db, film)).status is S.REMOVED_FROM_PLEX


async def test_a_section_switched_off_or_left_out_of_plex_listing_deletes_nothing(
    db: AsyncSession, plex_configured: PlexSim
) -> None:
    await sync_plex(db, full=True)
    film = (await factories.media_request(db, **FILM.model_dump(), status=S.AVAILABLE)).id
    show = (
        await factories.media_request(db, media_type="tv", tmdb_id=5004, title="Show 4", seasons=[1],
                                      status=S.AVAILABLE)
    ).id  # fmt: skip

    # A parent unticks the films section in Settings: the sync forgets it, which is not a deletion.
    await put_setting(db, "plex_sync", {"sections": ["2"]})
    await db.commit()
    switched_off = await sync_plex(db, full=True)
    assert switched_off.removed > 0 and await _mirrored(db, "1") == 0
    # Ticked again; then Plex leaves the shows section out of its list (being rebuilt, a shared server
    # away): its items stay mirrored, and the run says why it is partial.
    await put_setting(db, "plex_sync", {"sections": None})
    await db.commit()
    plex_configured.scenario.hidden_sections.add("2")
    left_out = await sync_plex(db, full=True)
    assert (left_out.status, left_out.removed) == ("partial", 0)
    assert await _mirrored(db, "2") > 0
    notes = [n for s in (left_out.details or {})["sections"] if s["key"] == "2" for n in s["notes"]]
    assert notes and notes[0].startswith("Plex did not list this section; its items are kept until")
    # A week later it is still not listed: forgotten, and still not a deletion.
    await db.execute(
        update(LibrarySection).values(last_full_sync_at=utcnow() - timedelta(days=8))
        .where(LibrarySection.section_key == "2")
    )  # fmt: skip
    await db.commit()
    long_gone = await sync_plex(db, full=True)
    assert long_gone.removed > 0 and await _mirrored(db, "2") == 0

    for run in (switched_off, left_out, long_gone):
        assert run.details is not None and run.details["requests"]["removed_from_plex"] == []
    assert await _timeline(db, film) == [S.AVAILABLE]
    assert await _timeline(db, show) == [S.AVAILABLE]
    sent = Sent()
    await reconcile(db, send=sent)
    assert not {film, show} & sent.request_ids()


async def _mirrored(db: AsyncSession, section_key: str) -> int:
    query = select(func.count()).select_from(LibraryItem).where(LibraryItem.section_key == section_key)
    return await db.scalar(query) or 0
