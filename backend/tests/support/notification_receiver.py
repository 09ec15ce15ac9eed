"""A loopback HTTP server that records what apprise's json:// targets post to it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Receiver:
    """Where the server listens and every notification it got: {"path": "/…", "json": {...}}."""

    port: int
    received: list[dict[str, Any]] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        """An apprise json:// target that lands here under `path`."""
        return f"json://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def titles(self, path: str) -> list[str]:
        """The titles received under `path`."""
        return [entry["json"]["title"] for entry in self.received if entry["path"] == path]


class _Handler(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.received.append({"path": self.path, "json": json.loads(self.rfile.read(length))})
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@contextmanager
def receiving() -> Iterator[Receiver]:
    """Run the receiver on a free loopback port for the duration of the block."""
    received: list[dict[str, Any]] = []
    handler = type("Handler", (_Handler,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Receiver(port=server.server_address[1], received=received)
    finally:
        server.shutdown()
        server.server_close()
