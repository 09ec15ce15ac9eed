"""send_request_notification (the notification task's body): the requester and the admins hear what the
settings say, through real apprise json:// targets posting to a loopback receiver; a failing target is
logged without its secrets."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.states import MediaType, RequestStatus
from app.notifications.request_events import send_request_notification
from app.profiles.models import Profile, Role
from tests import factories
from tests.support.notification_receiver import Receiver, receiving

pytestmark = pytest.mark.integration

AMELIE: dict[str, Any] = {"tmdb_id": 194, "title": "Amélie", "year": 2001}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as running:
        yield running


async def _set_up(admin: httpx.AsyncClient, receiver: Receiver, profile: Profile) -> None:
    response = await admin.put(
        "/api/v1/settings/notifications",
        json={
            "admin_targets": [{"url": receiver.url("admin")}],
            "admin_events": ["requested", "failed"],
            "profile_events": ["approved", "downloading", "available", "failed"],
            "language": "fr",
        },
    )
    assert response.status_code == 200
    personal = await admin.put(
        f"/api/v1/settings/notifications/profiles/{profile.id}",
        json={"targets": [{"url": receiver.url("lea")}]},
    )
    assert personal.status_code == 200


async def test_each_audience_hears_its_events_in_its_language(
    admin: httpx.AsyncClient, db: AsyncSession, receiver: Receiver
) -> None:
    lea = await factories.profile(db, "Léa", language="en")
    await _set_up(admin, receiver, lea)
    request = await factories.media_request(
        db, **AMELIE, requested_by=lea, error="no release with French audio"
    )

    for event in ("requested", "available", "failed"):
        await send_request_notification(db, request_id=request.id, event=event)

    assert receiver.titles("/admin") == [
        "Nouvelle demande : Amélie (2001)",
        "Échec de la demande : Amélie (2001)",
    ]
    assert receiver.titles("/lea") == ["Available in Plex: Amélie (2001)", "Request failed: Amélie (2001)"]
    requested = next(r["json"] for r in receiver.received if r["path"] == "/admin")
    assert requested["message"].startswith("Léa a demandé le film Amélie (2001).")
    failed = next(
        r["json"] for r in receiver.received if r["path"] == "/lea" and "failed" in r["json"]["title"]
    )
    assert "Reason: no release with French audio" in failed["message"]


async def test_a_show_names_its_seasons_and_a_request_waiting_for_approval_says_so(
    admin: httpx.AsyncClient, db: AsyncSession, receiver: Receiver
) -> None:
    tom = await factories.profile(db, "Tom", Role.CHILD)
    await _set_up(admin, receiver, tom)
    request = await factories.media_request(
        db,
        media_type=MediaType.TV,
        tmdb_id=1399,
        title="Game of Thrones",
        year=2011,
        seasons=[1, 2],
        status=RequestStatus.AWAITING_APPROVAL,
        requested_by=tom,
    )
    await send_request_notification(db, request_id=request.id, event="requested")
    [message] = [r["json"] for r in receiver.received]
    assert message["title"] == "Nouvelle demande : Game of Thrones (2011), saisons 1, 2"
    assert "attend l'accord d'un administrateur" in message["message"]


async def test_a_failing_target_is_logged_without_its_secret_and_never_raises(
    admin: httpx.AsyncClient, db: AsyncSession, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    secret_target = "json://kiosk:hunter2-secret@127.0.0.1:9/down"
    await admin.put(
        "/api/v1/settings/notifications",
        json={
            "admin_targets": [{"url": secret_target}, {"url": receiver.url("admin")}],
            "admin_events": ["failed"],
        },
    )
    request = await factories.media_request(db, **AMELIE, error="qBittorrent refused the torrent")
    with caplog.at_level(logging.WARNING):
        outcome = await send_request_notification(db, request_id=request.id, event="failed")
    assert receiver.titles("/admin") == ["Échec de la demande : Amélie (2001)"]
    assert (outcome.sent, len(outcome.failed)) == (1, 1)
    assert f"notification failed for request {request.id} not delivered to a json target" in caplog.text
    assert "hunter2-secret" not in caplog.text


async def test_nothing_is_sent_to_nobody(db: AsyncSession, receiver: Receiver) -> None:
    lea = await factories.profile(db, "Léa")
    request = await factories.media_request(db, **AMELIE, requested_by=lea)
    for event in ("requested", "approved", "downloading", "available", "failed"):
        await send_request_notification(db, request_id=request.id, event=event)
    assert receiver.received == []


async def test_the_test_button_sends_to_a_draft_or_the_stored_targets(
    admin: httpx.AsyncClient, receiver: Receiver
) -> None:
    draft = await admin.post(
        "/api/v1/settings/notifications/test",
        json={"targets": [{"url": receiver.url("draft")}, {"url": "json://127.0.0.1:9/down"}]},
    )
    assert draft.status_code == 200
    assert [(d["service"], d["delivered"]) for d in draft.json()] == [("json", True), ("json", False)]
    # Why the stopped one failed, as a code the parents' screen words; the English reason beside it.
    assert [(d["code"], d["reason"]) for d in draft.json()] == [
        (None, None),
        ("service_failed", "the service refused or was unreachable"),
    ]
    assert receiver.titles("/draft") == ["Plex Kiosk : notification de test"]

    await admin.put(
        "/api/v1/settings/notifications", json={"admin_targets": [{"url": receiver.url("admin")}]}
    )
    stored = await admin.post("/api/v1/settings/notifications/test")
    assert [d["delivered"] for d in stored.json()] == [True]
    assert receiver.titles("/admin") == ["Plex Kiosk : notification de test"]
