"""`plex-kiosk`: run the appliance, its parts, its migrations, and check its health."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from typing import Annotated

import typer

from app.config import ConfigError, Mode, get_settings

cli = typer.Typer(help="Plex Kiosk: request a film or a show, it lands in Plex.", no_args_is_help=True)

ALL_QUEUES = "requests,downloads,plex_sync,cleanup,default,priority"
STOP_GRACE_S = 15


def _celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "app.celery_app", *args]


def _exec(argv: list[str]) -> None:
    os.execvp(argv[0], argv)  # noqa: S606 - replaces this process with the component it names


def _secret_or_exit() -> None:
    try:
        get_settings().resolved_secret_key()
    except ConfigError as exc:
        typer.secho(f"Refusing to start: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc


@cli.command()
def migrate(revision: Annotated[str, typer.Argument(help="target revision")] = "head") -> None:
    """Apply database migrations (alembic upgrade)."""
    from app import migrations

    get_settings().ensure_dirs()
    migrations.upgrade(revision=revision)
    typer.echo(f"database migrated to {revision}")


@cli.command()
def api(
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
) -> None:
    """Run the REST API (uvicorn)."""
    _secret_or_exit()
    settings = get_settings()
    _exec(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            host or settings.api_host,
            "--port",
            str(port or settings.api_port),
            "--workers",
            str(workers),
            "--no-server-header",
        ]
    )


@cli.command()
def worker(
    queues: Annotated[str, typer.Option("-Q", "--queues", help="comma-separated queues")] = ALL_QUEUES,
    concurrency: Annotated[int, typer.Option("-c", "--concurrency")] = 2,
    loglevel: Annotated[str, typer.Option("--loglevel")] = "info",
) -> None:
    """Run a Celery worker on the given queues."""
    _secret_or_exit()
    _exec(_celery("worker", f"--loglevel={loglevel}", "-Q", queues, f"--concurrency={concurrency}"))


@cli.command()
def beat(loglevel: Annotated[str, typer.Option("--loglevel")] = "info") -> None:
    """Run Celery Beat (exactly one per installation: a second one refuses to start)."""
    _secret_or_exit()
    _exec(_celery("beat", f"--loglevel={loglevel}"))


@cli.command()
def flower(
    port: Annotated[int, typer.Option(help="port to listen on")] = 5555,
    address: Annotated[str, typer.Option(help="address to listen on (0.0.0.0 in a container)")] = "127.0.0.1",
) -> None:
    """Run Flower, the Celery monitor, behind basic auth (FLOWER_USER / FLOWER_PASSWORD)."""
    settings = get_settings()
    if settings.flower_password is None or len(settings.flower_password.get_secret_value()) < 8:
        typer.secho("Set FLOWER_PASSWORD (8 characters or more) before exposing Flower.", fg="red", err=True)
        raise typer.Exit(2)
    auth = f"{settings.flower_user}:{settings.flower_password.get_secret_value()}"
    # The credentials go through the environment, not argv, so `ps` does not show them.
    os.environ["FLOWER_BASIC_AUTH"] = auth
    _exec(_celery("flower", f"--port={port}", f"--address={address}"))


@cli.command()
def up(
    concurrency: Annotated[int, typer.Option("-c", "--concurrency", help="worker processes")] = 2,
) -> None:
    """Run the whole appliance in one terminal: migrations, API, a worker on every queue, and Beat."""
    settings = get_settings()
    _secret_or_exit()
    settings.ensure_dirs()
    from app import migrations

    migrations.upgrade()
    if settings.mode is Mode.EMBEDDED:
        typer.echo(f"embedded mode: data in {settings.data_dir}")
    commands = {
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
        ],
        "worker": _celery("worker", "--loglevel=info", "-Q", ALL_QUEUES, f"--concurrency={concurrency}"),
        "beat": _celery("beat", "--loglevel=info"),
    }
    children = {name: subprocess.Popen(argv) for name, argv in commands.items()}  # noqa: S603
    typer.echo(f"Plex Kiosk is starting on http://{settings.api_host}:{settings.api_port}/ — Ctrl-C stops it")
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                typer.secho(
                    f"{name} exited with code {child.returncode}; stopping everything", fg="red", err=True
                )
                exit_code, stopping = 1, True
        time.sleep(0.5)
    _stop_all(children)
    raise typer.Exit(exit_code)


def _stop_all(children: dict[str, subprocess.Popen[bytes]]) -> None:
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


@cli.command()
def doctor() -> None:
    """Check the configuration, the database and the broker, and say in plain words what is wrong."""
    from app.doctor import run_checks

    results = asyncio.run(run_checks())
    for check in results:
        mark = typer.style("ok  ", fg="green") if check.ok else typer.style("FAIL", fg="red")
        typer.echo(f"{mark} {check.name}: {check.message}")
    if not all(check.ok for check in results):
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the `plex-kiosk` command."""
    cli()


if __name__ == "__main__":
    main()
