"""Start the application's real processes (API, worker, Beat) for a test, and always stop them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from app.appliance.runner import ALL_QUEUES
from app.appliance.simulators.ports import free_port

__all__ = [
    "BACKEND",
    "answers",
    "celery_argv",
    "free_port",
    "kill_group",
    "running",
    "wait_until",
    "worker_argv",
]

BACKEND = Path(__file__).resolve().parents[1]


def celery_argv(*args: str) -> list[str]:
    """`celery -A app.celery_app …` with this interpreter."""
    return [sys.executable, "-m", "celery", "-A", "app.celery_app", *args]


def worker_argv(node: str | None = None) -> list[str]:
    """A real worker on every queue, as `plex-kiosk up` runs it (named `node`, else a name of its own)."""
    return celery_argv(
        "worker", "-Q", ALL_QUEUES, "--pool=solo", "--loglevel=info", "--without-mingle", "--without-gossip",
        "-n", node or f"journey-{free_port()}@%h",
    )  # fmt: skip


def answers(url: str) -> bool:
    """Whether `url` answers 200 right now (False while the server is still starting)."""
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.1) -> None:
    """Poll `condition` until it holds, or fail saying what did not happen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@contextmanager
def running(
    argv: list[str], *, env: dict[str, str] | None = None, log: Path, own_group: bool = False
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `argv` from backend/ with `env` added, its output in `log`; SIGTERM then SIGKILL on the way out.

    With `own_group` the process leads a process group of its own, which `kill_group` kills whole, as a
    container's end or an OOM kill takes a worker and its pool children at once.
    """
    with log.open("ab") as out:
        process = subprocess.Popen(
            argv,
            cwd=BACKEND,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=own_group,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL `process` and every process of its group (started with `own_group`), and reap it."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
