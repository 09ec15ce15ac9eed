"""`plex-kiosk health api|worker|beat|flower`: the containers' healthchecks, exit 0 when healthy."""

from __future__ import annotations

from typing import Annotated

import typer

from app.appliance.healthchecks import Health, beat_renews_its_lease, http_ok, worker_answers
from app.config import get_settings

health_cli = typer.Typer(help="Healthchecks of the appliance's processes (exit code 0: healthy).")


def _report(health: Health) -> None:
    typer.echo(("healthy: " if health.ok else "unhealthy: ") + health.message, err=not health.ok)
    raise typer.Exit(0 if health.ok else 1)


@health_cli.command("api")
def api_health(
    port: Annotated[int | None, typer.Option(help="the API's port (default API_PORT)")] = None,
) -> None:
    """The API of this container answers /api/v1/health."""
    _report(http_ok(f"http://127.0.0.1:{port or get_settings().api_port}/api/v1/health"))


@health_cli.command("worker")
def worker_health(
    node: Annotated[str, typer.Argument(help="the worker's node name as given to -n, e.g. requests@%h")],
    timeout: Annotated[float, typer.Option(help="seconds to wait for its answer")] = 3.0,
) -> None:
    """The Celery worker of this container answers a ping addressed to its own node name."""
    _report(worker_answers(node, timeout_s=timeout))


@health_cli.command("beat")
def beat_health(
    max_age: Annotated[
        float | None, typer.Option(help="seconds since its last renewal (default: the lease's lifetime)")
    ] = None,
) -> None:
    """The Beat of this container holds the single-Beat lease and keeps renewing it."""
    _report(beat_renews_its_lease(get_settings().db_url, max_age_s=max_age))


@health_cli.command("flower")
def flower_health(port: Annotated[int, typer.Option(help="Flower's port")] = 5555) -> None:
    """Flower answers its /healthcheck page (open without the basic auth, so no password is needed)."""
    _report(http_ok(f"http://127.0.0.1:{port}/healthcheck"))
