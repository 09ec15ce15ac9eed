"""Run the demo: check its needs, build its world, set the appliance up, run it like `up`, tear down."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
from pathlib import Path

import typer

from app.appliance.demo.catalogue import DEMO_PROFILE_NAME, TITLES
from app.appliance.demo.workspace import NotADemoFolder, fresh_folder, pin_environment
from app.appliance.runner import appliance_commands, prepare, supervise
from app.config import get_settings
from app.logging_setup import configure_logging

QBITTORRENT_MISSING = (
    "qbittorrent-nox est introuvable (absent du PATH) : la démo télécharge avec le vrai qBittorrent.\n"
    "qbittorrent-nox was not found on PATH: the demo downloads with the real qBittorrent.\n"
    "Installez-le / Install it:  sudo apt-get install qbittorrent-nox   (Debian, Ubuntu)\n"
    "puis relancez / then run again:  make demo"
)


class DemoUnavailable(RuntimeError):
    """Something the demo needs is missing; the message says what to do."""


def run_demo(*, port: int, data_dir: Path | None, concurrency: int) -> int:
    """Run the demo until Ctrl-C; the exit code is the supervisor's (DemoUnavailable before anything runs)."""
    binary = shutil.which("qbittorrent-nox")
    if binary is None:
        raise DemoUnavailable(QBITTORRENT_MISSING)
    _check_port_free(port)
    try:
        from app.appliance.demo.world import (
            demo_world,
        )  # the simulators and the seeder (libtorrent, a dev dependency)
    except ImportError as exc:
        raise DemoUnavailable(
            f"The demo needs the development dependencies ({exc.name or exc}): `uv sync`, then `make demo`."
        ) from exc
    from app.appliance.demo.configure import QBITTORRENT_CATEGORY, configure
    from app.appliance.demo.driver import MONITOR_EVERY_S, DemoDriver
    from app.appliance.demo.instructions import welcome
    from app.integrations.qbittorrent import QbittorrentConfig

    configure_logging("WARNING")  # the terminal is for the newcomer; the children log to logs/
    # qBittorrent also gets the terminal's Ctrl-C and may quit first: the driver's retries are no news.
    logging.getLogger("urllib3").setLevel(logging.ERROR)

    try:
        folder = fresh_folder(data_dir or Path.cwd() / "data-demo")
    except NotADemoFolder as exc:
        raise DemoUnavailable(str(exc)) from exc
    pin_environment(folder, port=port)
    settings = get_settings()
    assert settings.library_root is not None
    typer.echo(f"Préparation de la démo / Setting up the demo in {folder} …")
    prepare(settings)
    with demo_world(folder / "world", settings.library_root, TITLES, qbittorrent_binary=binary) as world:
        admin = asyncio.run(configure(world, admin_name=DEMO_PROFILE_NAME))
        url = f"http://127.0.0.1:{port}/"
        qbittorrent = world.qbittorrent
        driver = DemoDriver(
            api_url=url,
            qbittorrent=QbittorrentConfig(
                url=qbittorrent.url,
                username=qbittorrent.username,
                password=qbittorrent.password,
                category=QBITTORRENT_CATEGORY,
            ),
            peer=world.seeder.peer,
            welcome=lambda ui_built: welcome(
                url=url, admin=admin, data_dir=folder, ui_built=ui_built, monitor_every_s=MONITOR_EVERY_S
            ),
        )
        driver.start()
        try:
            code = supervise(
                appliance_commands(settings, concurrency=concurrency),
                banner="Démarrage de Plex Kiosk… / Starting Plex Kiosk…",
                log_dir=folder / "logs",
            )
        finally:
            driver.stop()
    typer.echo(
        f"Démo arrêtée ; ses fichiers restent dans {folder} jusqu'au prochain lancement.\n"
        f"Demo stopped; its files stay in {folder} until the next start."
    )
    return code


def _check_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            raise DemoUnavailable(
                f"Le port {port} est déjà pris / Port {port} is already in use: "
                f"plex-kiosk demo --port {port + 1}"
            ) from exc
