"""Delivery through apprise to a loopback HTTP receiver (apprise's json:// target)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from app.notifications import notify

pytestmark = pytest.mark.integration


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.received.append({"path": self.path, "json": json.loads(self.rfile.read(length))})
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def notification_receiver() -> Iterator[tuple[int, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []
    handler = type("Handler", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], received
    finally:
        server.shutdown()
        server.server_close()


async def test_available_notification_reaches_every_target(
    notification_receiver: tuple[int, list[dict[str, Any]]],
) -> None:
    port, received = notification_receiver
    targets = [f"json://127.0.0.1:{port}/profile-lea", f"json://127.0.0.1:{port}/admin"]
    results = await notify("available", {"title": "Amélie", "year": 2001}, targets, language="fr-FR")
    assert [r.delivered for r in results] == [True, True]
    assert sorted(r["path"] for r in received) == ["/admin", "/profile-lea"]
    payload = received[0]["json"]
    assert payload["title"] == "Disponible dans Plex : Amélie (2001)"
    assert payload["message"] == "Amélie (2001) est disponible dans Plex. Bon visionnage !"


async def test_a_broken_or_invalid_target_does_not_stop_the_others(
    notification_receiver: tuple[int, list[dict[str, Any]]],
) -> None:
    port, received = notification_receiver
    targets = ["json://127.0.0.1:9/unreachable", "not a url at all", f"json://127.0.0.1:{port}/ok"]
    results = await notify(
        "failed", {"title": "Fight Club", "reason": "no release found"}, targets, language="en"
    )
    assert [(r.scheme, r.delivered) for r in results] == [("json", False), ("?", False), ("json", True)]
    assert results[1].reason is not None and "not a notification URL" in results[1].reason
    assert [r["json"]["title"] for r in received] == ["Request failed: Fight Club"]
