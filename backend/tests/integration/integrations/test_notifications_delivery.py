"""Delivery through apprise to a loopback HTTP receiver (apprise's json:// target)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.notifications import notify
from tests.support.notification_receiver import Receiver, receiving

pytestmark = pytest.mark.integration


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as running:
        yield running


async def test_available_notification_reaches_every_target(receiver: Receiver) -> None:
    targets = [receiver.url("profile-lea"), receiver.url("admin")]
    results = await notify("available", {"title": "Amélie", "year": 2001}, targets, language="fr-FR")
    assert [r.delivered for r in results] == [True, True]
    assert sorted(r["path"] for r in receiver.received) == ["/admin", "/profile-lea"]
    payload = receiver.received[0]["json"]
    assert payload["title"] == "Disponible dans Plex : Amélie (2001)"
    assert payload["message"] == "Amélie (2001) est disponible dans Plex. Bon visionnage !"


async def test_a_broken_or_invalid_target_does_not_stop_the_others(receiver: Receiver) -> None:
    targets = ["json://127.0.0.1:9/unreachable", "not a url at all", receiver.url("ok")]
    results = await notify(
        "failed", {"title": "Fight Club", "reason": "no release found"}, targets, language="en"
    )
    assert [(r.scheme, r.delivered) for r in results] == [("json", False), ("?", False), ("json", True)]
    assert results[1].reason is not None and "not a notification URL" in results[1].reason
    assert [r["json"]["title"] for r in receiver.received] == ["Request failed: Fight Club"]
