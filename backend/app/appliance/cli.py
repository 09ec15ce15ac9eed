"""`plex-kiosk`: run the appliance, its parts, its migrations, and check its health."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from app.appliance.cli_health import health_cli
from app.appliance.runner import ALL_QUEUES, appliance_commands, prepare, supervise, worker_argv
from app.appliance.runner import celery_argv as _celery
from app.appliance.simulators import Simulator, run_simulator
from app.catalog.media_types import MediaType
from app.config import ConfigError, Mode, configure_from_settings, get_settings

cli = typer.Typer(help="Plex Kiosk: request a film or a show, it lands in Plex.", no_args_is_help=True)
cli.add_typer(health_cli, name="health")


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

    try:
        get_settings().ensure_dirs()
    except OSError as exc:
        # Typically a mounted folder Docker created as root: say whose it must be, not a traceback.
        typer.secho(
            f"Cannot create {exc.filename} ({exc.strerror}). DATA_DIR, DOWNLOAD_ROOT and LIBRARY_ROOT "
            f"must be writable by this user (uid {os.getuid()}); in Docker Compose, give the DATA_PATH "
            "folder to PUID:PGID (see docs/install.md).",
            fg="red",
            err=True,
        )
        raise typer.Exit(2) from exc
    migrations.upgrade(revision=revision)
    typer.echo(f"database migrated to {revision}")


@cli.command()
def api(
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
    migrate_first: Annotated[
        bool, typer.Option("--migrate", help="apply the database migrations before starting")
    ] = False,
) -> None:
    """Run the REST API (uvicorn)."""
    _secret_or_exit()
    settings = get_settings()
    if migrate_first:
        migrate()
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
    name: Annotated[
        str | None,
        typer.Option("-n", "--name", help="node name (default: the queues and the host, e.g. requests@%h)"),
    ] = None,
) -> None:
    """Run a Celery worker on the given queues."""
    _secret_or_exit()
    _exec(worker_argv(queues, concurrency=concurrency, loglevel=loglevel, node_name=name))


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
    # In this process rather than exec'd: Flower's tornado adds its own log handler unless the root logger
    # already has one, so the appliance's (JSON or console, secrets masked) must be in place first.
    from app.celery_app.application import celery_app

    raise typer.Exit(celery_app.start(["flower", f"--port={port}", f"--address={address}"]) or 0)


@cli.command()
def up(
    concurrency: Annotated[int, typer.Option("-c", "--concurrency", help="worker processes")] = 2,
) -> None:
    """Run the whole appliance in one terminal: migrations, API, a worker on every queue, and Beat."""
    settings = get_settings()
    try:
        prepare(settings)
    except ConfigError as exc:
        typer.secho(f"Refusing to start: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc
    if settings.mode is Mode.EMBEDDED:
        typer.echo(f"embedded mode: data in {settings.data_dir}")
    banner = f"Plex Kiosk is starting on http://{settings.api_host}:{settings.api_port}/ — Ctrl-C stops it"
    raise typer.Exit(supervise(appliance_commands(settings, concurrency=concurrency), banner=banner))


@cli.command()
def demo(
    port: Annotated[int, typer.Option(help="port of the kiosk on 127.0.0.1")] = 8000,
    data_dir: Annotated[
        Path | None, typer.Option(help="throwaway folder, emptied at each start (default: data-demo/)")
    ] = None,
    concurrency: Annotated[int, typer.Option("-c", "--concurrency", help="worker processes")] = 2,
) -> None:
    """See it work: the whole journey on this machine, with simulated Plex, indexer and TMDB.

    Needs qbittorrent-nox on PATH. Never touches data/: everything lives in the demo folder.
    """
    from app.appliance.demo.run import DemoUnavailable, run_demo

    try:
        code = run_demo(port=port, data_dir=data_dir, concurrency=concurrency)
    except DemoUnavailable as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc
    except KeyboardInterrupt:
        code = 130  # Ctrl-C while the demo was still being set up: everything started is stopped
    raise typer.Exit(code)


@cli.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def simulate(
    ctx: typer.Context,
    service: Annotated[Simulator, typer.Argument(help="which service to imitate")],
    port: Annotated[
        int | None, typer.Option(help="port to listen on (default: the service's usual one)")
    ] = None,
    scenario: Annotated[
        Path | None, typer.Option(help="JSON file describing what the simulator serves")
    ] = None,
) -> None:
    """Run a Plex, Torznab indexer or TMDB simulator on 127.0.0.1 (development).

    Other options go to the simulator itself, e.g. `plex-kiosk simulate plex --movies 250000`.
    """
    argv = [*(["--port", str(port)] if port is not None else []), *ctx.args]
    if scenario is not None:
        argv += ["--scenario", str(scenario)]
    run_simulator(service, argv)


@cli.command("create-admin")
def create_admin(
    name: Annotated[str, typer.Option("--name", help="the admin profile's name")],
    password: Annotated[
        bool, typer.Option("--password", help="use a password (8+ characters) instead of a 4-8 digit PIN")
    ] = False,
    language: Annotated[str, typer.Option("--language", help="fr or en")] = "fr",
) -> None:
    """Make an admin profile (first run, or a lost PIN); prints the API key if none existed yet."""
    from app.profiles.cli_admin import make_admin

    kind = "password" if password else "PIN"
    # Asked for, never taken from argv: the shell history and `ps` would otherwise show it.
    secret = typer.prompt(f"{kind} for {name}", hide_input=True, confirmation_prompt=True)
    try:
        message = asyncio.run(make_admin(name=name, secret=secret, password=password, language=language))
    except ValueError as exc:
        typer.secho(f"Could not make the admin: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    typer.echo(message)


@cli.command("request")
def request_media(
    media_type: Annotated[MediaType, typer.Argument(help="movie or tv")],
    tmdb_id: Annotated[int, typer.Argument(help="the film's or show's TMDB id", min=1)],
    title: Annotated[str, typer.Option("--title", help="the title the family reads")],
    year: Annotated[int | None, typer.Option("--year")] = None,
    season: Annotated[
        list[int] | None, typer.Option("--season", help="a season to ask for (repeatable)")
    ] = None,
    profile: Annotated[int | None, typer.Option("--for", help="the profile id it is made for")] = None,
) -> None:
    """Request a film or a show as a parent would in the kiosk (media already asked for: that request)."""
    from pydantic import ValidationError

    from app.db import dispose_engines
    from app.media_requests.creation import UnknownProfile, submit_request
    from app.media_requests.schemas import RequestCreate

    async def submit() -> str:
        try:
            data = RequestCreate(
                media_type=media_type, tmdb_id=tmdb_id, title=title, year=year, seasons=season or None,
                requested_by=profile,
            )  # fmt: skip
            request, created = await submit_request(
                data, actor="command line", judged=None, timezone=get_settings().timezone
            )
        finally:
            await dispose_engines()
        verb = "created" if created else "already asked for"
        return f"Request {request.id} {verb}: {request.title} ({request.status.value})"

    try:
        typer.echo(asyncio.run(submit()))
    except (ValidationError, UnknownProfile) as exc:
        typer.secho(f"Could not make the request: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc


@cli.command()
def doctor() -> None:
    """Check the configuration, the database and the broker, and say in plain words what is wrong."""
    from app.appliance.doctor import run_checks

    results = asyncio.run(run_checks())
    for check in results:
        if check.warning:
            mark = typer.style("--  ", fg="yellow")
        else:
            mark = typer.style("ok  ", fg="green") if check.ok else typer.style("FAIL", fg="red")
        typer.echo(f"{mark} {check.name}: {check.message}")
    if not all(check.ok for check in results):
        raise typer.Exit(1)


@cli.command()
def backup(
    output: Annotated[
        Path | None, typer.Option(help="folder to write it in (default: BACKUP_DIR, else DATA_DIR/backups)")
    ] = None,
) -> None:
    """Save the database (requests, profiles, settings and their secrets) in a file sealed with SECRET_KEY."""
    from app.backups import dumps, service

    _secret_or_exit()
    try:
        made = service.make_backup(get_settings(), output)
    except (dumps.BackupToolMissing, RuntimeError, ValueError) as exc:
        typer.secho(f"Backup failed: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    typer.echo(str(made))
    typer.echo("It opens only with this installation's SECRET_KEY: keep a copy of the key somewhere else.")


@cli.command()
def restore(
    backup_file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a .backup file")],
    yes: Annotated[bool, typer.Option("--yes", help="do not ask before replacing the database")] = False,
) -> None:
    """Replace the database's contents with a backup (stop the API, workers and Beat first)."""
    from app.backups import dumps, service
    from app.backups.sealing import WrongKey

    _secret_or_exit()
    if not yes:
        typer.confirm("Everything in the current database will be replaced by the backup. Go on?", abort=True)
    try:
        manifest = service.restore_backup(get_settings(), backup_file)
    except (WrongKey, dumps.BackupToolMissing, RuntimeError, ValueError) as exc:
        typer.secho(f"Restore failed: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"restored the backup made {manifest.created_at}; run `plex-kiosk migrate` if this version is newer"
    )


def main() -> None:
    """Entry point of the `plex-kiosk` command."""
    # Unusable settings: the command that needs them says so in its own words.
    with contextlib.suppress(ValueError):
        configure_from_settings()
    cli()


if __name__ == "__main__":
    main()
