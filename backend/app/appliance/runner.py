"""The whole appliance in one terminal: migrations, then the API, a worker on every queue and Beat as
children of one supervisor that stops them all on Ctrl-C (or when one of them dies).

`plex-kiosk up` and `plex-kiosk demo` both run it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import IO

import typer

from app.config import Settings

ALL_QUEUES = "requests,downloads,plex_sync,cleanup,default,priority"
STOP_GRACE_S = 15
POLL_S = 0.5


def celery_argv(*args: str) -> list[str]:
    """`celery -A app.celery_app …` with this interpreter."""
    return [sys.executable, "-m", "celery", "-A", "app.celery_app", *args]


def worker_node_name(queues: str) -> str:
    """The Celery node name of a worker on `queues`: its queues and its host ("requests@kiosk", "all@kiosk").

    Celery's default (celery@host) is the same for every worker of a host, so `celery inspect` and
    /api/v1/tasks/stats counted one worker where four ran. %h is Celery's placeholder for the host name
    (a container's own name under compose).
    """
    names = [name.strip() for name in queues.split(",") if name.strip()]
    label = "all" if set(names) == set(ALL_QUEUES.split(",")) else "+".join(names)
    return f"{label}@%h"


def worker_argv(
    queues: str, *, concurrency: int, loglevel: str = "info", node_name: str | None = None
) -> list[str]:
    """`celery worker` on `queues`, named after them and the host unless `node_name` is given."""
    return celery_argv(
        "worker",
        f"--loglevel={loglevel}",
        "-Q",
        queues,
        f"--concurrency={concurrency}",
        "-n",
        node_name or worker_node_name(queues),
    )


def prepare(settings: Settings) -> None:
    """Check the secret (ConfigError if unusable), create the folders and migrate the database."""
    from app import migrations

    settings.resolved_secret_key()
    settings.ensure_dirs()
    migrations.upgrade()


def appliance_commands(
    settings: Settings, *, concurrency: int, loglevel: str = "info"
) -> dict[str, list[str]]:
    """The API, one worker on every queue and Beat, by name."""
    return {
        "api": [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            settings.api_host,
            "--port",
            str(settings.api_port),
            "--no-server-header",
            f"--log-level={loglevel}",
        ],
        "worker": worker_argv(ALL_QUEUES, concurrency=concurrency, loglevel=loglevel),
        "beat": celery_argv("beat", f"--loglevel={loglevel}"),
    }


def supervise(commands: Mapping[str, list[str]], *, banner: str, log_dir: Path | None = None) -> int:
    """Start every command, print `banner`, wait for Ctrl-C/SIGTERM or a child's death, then stop them all.

    Returns 0 after a requested stop, 1 when a child died. With `log_dir`, each child writes to `<name>.log`
    there instead of this terminal.
    """
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    # Handlers first: a Ctrl-C while the children start must still stop the ones already started.
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    children: dict[str, subprocess.Popen[bytes]] = {}
    exit_code = 0
    with ExitStack() as logs:
        try:
            for name, argv in commands.items():
                log = _log_file(logs, log_dir, name)
                children[name] = subprocess.Popen(  # noqa: S603 - our own argv
                    argv, stdout=log, stderr=subprocess.STDOUT if log else None
                )
            typer.echo(banner)
            while not stopping:
                for name, child in children.items():
                    if child.poll() is not None:
                        where = f" (see {log_dir / f'{name}.log'})" if log_dir else ""
                        typer.secho(
                            f"{name} exited with code {child.returncode}{where}; stopping everything",
                            fg="red",
                            err=True,
                        )
                        exit_code, stopping = 1, True
                time.sleep(POLL_S)
        finally:
            stop_all(children)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return exit_code


def _log_file(logs: ExitStack, log_dir: Path | None, name: str) -> IO[bytes] | None:
    """`<log_dir>/<name>.log` opened for appending (closed with `logs`), or None: the terminal."""
    if log_dir is None:
        return None
    log_dir.mkdir(parents=True, exist_ok=True)
    return logs.enter_context((log_dir / f"{name}.log").open("ab"))


def stop_all(children: Mapping[str, subprocess.Popen[bytes]]) -> None:
    """SIGTERM every child still running, then kill those not gone within STOP_GRACE_S."""
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S
    for name, child in children.items():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            typer.echo(f"{name} did not stop in {STOP_GRACE_S} s; killing it", err=True)
            child.kill()
            child.wait()
