"""A loopback HTTP server that records what apprise's json:// targets post to it.

`Receiver.refuse(path, times)` makes it answer 500 to the next `times` posts under `path` (a service
briefly down), without recording them; `Receiver.while_receiving` runs a check while a post is being
answered (what the sender may hold open meanwhile).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Receiver:
    """Where the server listens and every notification it got: {"path": "/…", "json": {...}}."""

    port: int
    received: list[dict[str, Any]] = field(default_factory=list)
    refusing: dict[str, int] = field(default_factory=dict)
    checks: list[Callable[[], None]] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        """An apprise json:// target that lands here under `path`."""
        return f"json://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def titles(self, path: str) -> list[str]:
        """The titles received under `path`."""
        return [entry["json"]["title"] for entry in self.received if entry["path"] == path]

    def messages(self, path: str) -> list[str]:
        """The bodies received under `path`."""
        return [entry["json"]["message"] for entry in self.received if entry["path"] == path]

    def while_receiving(self, check: Callable[[], None]) -> None:
        """Run `check` in the server's thread each time a post arrives, before answering it."""
        self.checks.append(check)

    def refuse(self, path: str, times: int = 1) -> None:
        """Answer 500 to the next `times` posts under `path`."""
        self.refusing[path] = times


class _Handler(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]
    refusing: dict[str, int]
    checks: list[Callable[[], None]]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length))
        for check in self.checks:
            check()
        if self.refusing.get(self.path, 0) > 0:
            self.refusing[self.path] -= 1
            self.send_response(500)
            self.end_headers()
            return
        self.received.append({"path": self.path, "json": body})
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@contextmanager
def receiving() -> Iterator[Receiver]:
    """Run the receiver on a free loopback port for the duration of the block."""
    received: list[dict[str, Any]] = []
    refusing: dict[str, int] = {}
    checks: list[Callable[[], None]] = []
    handler = type("Handler", (_Handler,), {"received": received, "refusing": refusing, "checks": checks})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Receiver(port=server.server_address[1], received=received, refusing=refusing, checks=checks)
    finally:
        server.shutdown()
        server.server_close()
