"""The broker away: the API's task routes answer 503 with Retry-After (never 500, nothing of the driver's
words), and answer again once it is back. A real API process talks to the real Redis through a TCP relay
that the test cuts and restores, as a Redis restart would."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.conftest import REDIS_SERVER_URL, TEST_BROKER_URL, TEST_RESULT_BACKEND
from tests.processes import answers, free_port, running, wait_until

pytestmark = pytest.mark.integration


class Relay:
    """Forwards TCP connections from a local port to Redis until cut; `restore` listens again."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Close the listener and every relayed connection: clients see resets and refusals."""
        for sock in [self._listener, *self._sockets]:
            if sock is not None:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self._sockets.clear()
        self._listener = None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@contextmanager
def relay_to_redis() -> Iterator[Relay]:
    host, port = REDIS_SERVER_URL.removeprefix("redis://").split(":")
    relay = Relay((host, int(port)))
    relay.restore()
    try:
        yield relay
    finally:
        relay.cut()


def _through(relay: Relay, url: str) -> str:
    return url.replace(REDIS_SERVER_URL, f"redis://127.0.0.1:{relay.port}")


async def test_task_routes_answer_503_while_the_broker_is_away_then_heal(
    db: AsyncSession, broker: redis.Redis, tmp_path: Path
) -> None:
    key = await factories.api_key(db)
    api_port = free_port()
    base = f"http://127.0.0.1:{api_port}"
    routes = ["/api/v1/tasks/stats", "/api/v1/tasks/list/active", "/api/v1/tasks/status/no-such-task"]
    with relay_to_redis() as relay:
        env = {
            "CELERY_BROKER_URL": _through(relay, TEST_BROKER_URL),
            "CELERY_RESULT_BACKEND": _through(relay, TEST_RESULT_BACKEND),
        }
        argv = [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(api_port)]
        with running(argv, env=env, log=tmp_path / "api.log"):
            wait_until(lambda: answers(f"{base}/api/v1/health"), timeout=30, what="the API to start")
            async with httpx.AsyncClient(base_url=base, headers={"X-Api-Key": key}, timeout=30) as api:
                before = [await api.get(path) for path in routes]
                relay.cut()
                away = [await api.get(path) for path in routes]
                relay.restore()
                back = [await api.get(path) for path in routes]

    assert [r.status_code for r in before] == [200, 200, 200], [r.text for r in before]
    assert [r.status_code for r in away] == [503, 503, 503], [r.text for r in away]
    assert all(int(r.headers["Retry-After"]) > 0 for r in away)
    assert all(r.json()["detail"].startswith("The task queue is not answering") for r in away)
    assert all(str(relay.port) not in r.text and "redis" not in r.text.lower() for r in away)
    assert [r.status_code for r in back] == [200, 200, 200], [r.text for r in back]
    # Each answer names its call, and the API's log lines of that call carry the same id.
    api_log = (tmp_path / "api.log").read_text()
    assert all(f"[HTTP {r.headers['X-Request-Id']}]" in api_log for r in away)
