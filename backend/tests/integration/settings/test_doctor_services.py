"""`plex-kiosk doctor` run as a process: one line per service set up in Settings (simulators and a real
qbittorrent-nox), readable when nothing is set up yet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.plex import PlexScenario
from app.appliance.simulators.torznab import TorznabScenario, jackett_url, prowlarr_url
from app.settings.service import put_setting
from tests.integration.settings.conftest import TmdbServer
from tests.processes import BACKEND
from tests.support.qbittorrent_nox import QbittorrentNox

pytestmark = pytest.mark.integration


def _doctor() -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "app.appliance.cli", "doctor"],
        cwd=BACKEND,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout.splitlines()


def _service_lines(lines: list[str]) -> list[str]:
    services = ("Plex:", "qBittorrent:", "TMDB:", "indexer", "indexers:", "services:")
    return [line for line in lines if line[5:].startswith(services)]


async def test_doctor_says_which_services_are_not_set_up(db: AsyncSession) -> None:
    _, lines = _doctor()
    assert _service_lines(lines) == [
        "--   Plex: not set up: enter its address and token in Settings",
        "--   qBittorrent: not set up: enter its WebUI address in Settings",
        "--   TMDB: not set up: enter a TMDB API key in Settings",
        "--   indexers: not set up: add one in Settings",
    ]


async def test_doctor_reports_each_configured_service(
    db: AsyncSession,
    plex_server: tuple[str, PlexScenario],
    tmdb_server: TmdbServer,
    torznab_server: tuple[str, TorznabScenario],
    qbt_daemon: QbittorrentNox,
) -> None:
    plex_url, plex = plex_server
    torznab_url, _ = torznab_server
    await put_setting(db, "plex", {"url": plex_url, "token": plex.token})
    qbt = {"url": qbt_daemon.url, "username": qbt_daemon.username, "password": qbt_daemon.password}
    await put_setting(db, "qbittorrent", qbt)
    await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": tmdb_server.url})
    await put_setting(
        db,
        "indexers",
        [
            {"id": 1, "name": "Ygg", "base_url": jackett_url(torznab_url, "yggjack"), "api_key": "simkey"},
            {
                "id": 2,
                "name": "Nyaa",
                "base_url": prowlarr_url(torznab_url, "7"),
                "api_key": "wrong-key-0042",
            },
            {"id": 3, "name": "Old", "base_url": "http://127.0.0.1:1", "api_key": "k", "enabled": False},
        ],
    )
    await db.commit()

    code, lines = _doctor()
    assert _service_lines(lines) == [
        f"ok   Plex: reachable, authenticated, version {plex.version}",
        f"ok   qBittorrent: reachable, authenticated, version {qbt_daemon.version}",
        "ok   TMDB: reachable, authenticated, version API v3",
        "ok   indexer Ygg: reachable, authenticated, version Jackett",
        "FAIL indexer Nyaa: reachable, not authenticated: indexer error 100: Invalid API Key",
    ]
    assert code == 1
    assert not any("wrong-key-0042" in line or "simkey" in line for line in lines)


async def test_doctor_checks_the_folders_chosen_in_settings(db: AsyncSession, tmp_path: Path) -> None:
    downloads, library = tmp_path / "downloads", tmp_path / "library"
    downloads.mkdir()
    await put_setting(db, "folders", {"download_root": str(downloads), "library_root": str(library)})
    await db.commit()

    code, lines = _doctor()

    assert f"ok   download root: {downloads} is writable" in lines
    assert f"FAIL library root: {library} is missing or not writable" in lines, lines
    assert code != 0
