"""Every notification a request can cause reaches whom it concerns, in their language, through real apprise
json:// targets posting to a loopback receiver; a retried task reaches only the targets it missed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.media_requests.service import fail_request
from app.media_requests.states import MediaType, RequestStatus
from app.notifications.models import NotificationRecord
from app.notifications.records import claim
from app.notifications.request_events import send_request_notification
from tests import factories
from tests.integration.notifications.conftest import Household

pytestmark = pytest.mark.integration

DUNE: dict[str, Any] = {"tmdb_id": 438631, "title": "Dune", "year": 2021}
S = RequestStatus


async def test_a_request_that_needs_no_parent_tells_the_parents_the_search_is_starting(
    db: AsyncSession, household: Household
) -> None:
    request = await factories.media_request(db, **DUNE, requested_by=household.lea)
    await send_request_notification(db, request_id=request.id, event="requested")
    [message] = household.receiver.received
    assert message["path"] == "/parents"
    assert message["json"]["title"] == "Nouvelle demande : Dune (2021)"
    assert message["json"]["message"] == "Léa a demandé le film Dune (2021).\nLa recherche commence."


async def test_each_step_reaches_the_requester_in_their_language(
    db: AsyncSession, household: Household
) -> None:
    emma, lea = household.emma, household.lea
    denied = await factories.media_request(
        db, **DUNE, status=S.DENIED, requested_by=emma, error="Tu as déjà vu trois films cette semaine"
    )
    searched = await factories.media_request(
        db,
        tmdb_id=194,
        title="Amélie",
        year=2001,
        status=S.NOT_FOUND,
        requested_by=lea,
        next_search_at=datetime(2026, 12, 7, 14, 0, tzinfo=UTC),
    )
    show = await factories.media_request(
        db,
        media_type=MediaType.TV,
        tmdb_id=1399,
        title="Game of Thrones",
        year=2011,
        seasons=[1],
        status=S.AVAILABLE,
        requested_by=emma,
        next_search_at=datetime(2026, 12, 7, 14, 0, tzinfo=UTC),
    )
    failed = await factories.media_request(
        db,
        tmdb_id=27205,
        title="Inception",
        year=2010,
        status=S.FAILED,
        requested_by=lea,
        error="disque plein",
    )
    sends = [
        (denied, "denied"),
        (denied, "approved"),
        (searched, "not_found"),
        (show, "not_found"),
        (show, "new_episodes"),
        (show, "available"),
        (failed, "failed"),
    ]
    for request, event in sends:
        await send_request_notification(db, request_id=request.id, event=event)

    r = household.receiver
    assert r.titles("/emma") == [
        "Request denied: Dune (2021)",
        "Request approved: Dune (2021)",
        "Not found yet: Game of Thrones (2011), season 1",
        "New episodes: Game of Thrones (2011), season 1",
        "Available in Plex: Game of Thrones (2011), season 1",
    ]
    assert r.messages("/emma")[0] == (
        "The request for Dune (2021) was denied.\nReason: Tu as déjà vu trois films cette semaine"
    )
    # 14:00 UTC is 15:00 in Paris, the household's time zone.
    assert r.messages("/emma")[2].endswith("It will be searched again on 7 December at 15:00.")
    assert r.titles("/lea") == ["Pas encore trouvé : Amélie (2001)", "Échec de la demande : Inception (2010)"]
    assert r.messages("/lea")[0] == (
        "Aucune version convenable de Amélie (2001) n'a été trouvée pour l'instant.\n"
        "Nouvelle recherche le 7 décembre à 15:00."
    )
    assert "Raison : disque plein" in r.messages("/lea")[1]
    # The parents hear only what the settings give them: the failure, in French.
    assert r.titles("/parents") == ["Échec de la demande : Inception (2010)"]


async def test_a_failure_is_told_in_each_targets_language_from_its_code_not_the_workers_english(
    db: AsyncSession, household: Household
) -> None:
    request = await factories.media_request(db, **DUNE, status=S.DOWNLOADING, requested_by=household.emma)
    await fail_request(
        db,
        request_id=request.id,
        reason="qBittorrent kept failing: connection refused",
        why="service_failed",
        facts={"service": "qBittorrent"},
    )
    await send_request_notification(db, request_id=request.id, event="failed")
    r = household.receiver
    assert r.messages("/emma") == [
        "The request for Dune (2021) failed.\nReason: qBittorrent still did not answer after several tries"
    ]
    assert r.messages("/parents") == [
        "La demande de Dune (2021) a échoué.\n"
        "Raison : qBittorrent ne répondait toujours pas après plusieurs essais"
    ]


async def test_a_retried_task_reaches_only_the_target_it_missed_and_a_repeat_sends_nothing(
    db: AsyncSession, household: Household
) -> None:
    request = await factories.media_request(
        db, **DUNE, status=S.FAILED, requested_by=household.lea, error="qBittorrent refused the torrent"
    )
    r = household.receiver
    r.refuse("/lea", times=1)  # Léa's phone service is down for the first try

    first = await send_request_notification(db, request_id=request.id, event="failed")
    assert (first.sent, first.skipped, len(first.failed)) == (1, 0, 1)
    assert (r.titles("/parents"), r.titles("/lea")) == (["Échec de la demande : Dune (2021)"], [])

    retry = await send_request_notification(db, request_id=request.id, event="failed")
    assert (retry.sent, retry.skipped, retry.failed) == (1, 1, [])
    again = await send_request_notification(db, request_id=request.id, event="failed")
    assert (again.sent, again.skipped, again.failed) == (0, 2, [])

    assert r.titles("/parents") == ["Échec de la demande : Dune (2021)"]
    assert r.titles("/lea") == ["Échec de la demande : Dune (2021)"]
    record = await db.scalar(select(NotificationRecord).where(NotificationRecord.request_id == request.id))
    assert record is not None and record.done_at is not None and len(record.delivered_to) == 2


async def test_new_episodes_are_told_once_per_arrival(db: AsyncSession, household: Household) -> None:
    show = await factories.media_request(
        db, media_type=MediaType.TV, tmdb_id=1399, title="Game of Thrones", status=S.AVAILABLE,
        requested_by=household.emma,
    )  # fmt: skip
    for key in ("101", "101", "245"):
        await send_request_notification(db, request_id=show.id, event="new_episodes", key=key)
    assert household.receiver.titles("/emma") == ["New episodes: Game of Thrones"] * 2


async def test_a_notification_another_run_is_delivering_is_left_to_it(
    db: AsyncSession, household: Household
) -> None:
    request = await factories.media_request(db, **DUNE, status=S.FAILED, requested_by=household.lea)
    held = await claim(db, request_id=request.id, kind="failed", key="")  # a run that is still sending
    assert held is not None

    busy = await send_request_notification(db, request_id=request.id, event="failed")
    assert busy.busy and household.receiver.received == []

    # That run died without giving the record back: once its claim lapses, the next run sends.
    await db.execute(
        update(NotificationRecord)
        .where(NotificationRecord.id == held.record_id)
        .values(claimed_until=utcnow() - timedelta(seconds=1))
    )
    await db.commit()
    after = await send_request_notification(db, request_id=request.id, event="failed")
    assert (after.busy, after.sent) == (False, 2)
