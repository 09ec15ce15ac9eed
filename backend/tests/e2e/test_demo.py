"""`plex-kiosk demo` as a newcomer runs it: one command, the PIN on screen, a film requested, in Plex.

The demo runs as a subprocess in its own process group (a terminal's foreground job), with the test suite's
environment: its PostgreSQL and Redis URLs must not lead the demo anywhere but its own throwaway folder.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.processes import BACKEND, free_port, wait_until
from tests.support.qbittorrent_nox import require_qbittorrent_nox

pytestmark = pytest.mark.integration

START_TIMEOUT_S = (
    180  # migrations, qbittorrent-nox, seeding, three simulators, then the appliance's processes
)
AVAILABLE_TIMEOUT_S = 120
JOURNEY = ["PENDING", "SEARCHING", "DOWNLOADING", "IMPORTING", "COMPLETED", "AVAILABLE"]


def _demo(tmp_path: Path, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    argv = [
        sys.executable,
        "-m",
        "app.appliance.cli",
        "demo",
        "--port",
        str(port),
        "--data-dir",
        str(tmp_path / "demo"),
    ]
    return subprocess.Popen(
        [*argv, "--concurrency", "1"],
        cwd=BACKEND,
        env=env,
        stdout=(tmp_path / "demo.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )


def _printed_pin(log: Path) -> str | None:
    match = re.search(r"code PIN : (\d{4,8})", log.read_text(errors="replace"))
    return match.group(1) if match else None


def _until_available(api: httpx.Client, request_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + AVAILABLE_TIMEOUT_S
    detail: dict[str, Any] = {}
    while time.monotonic() < deadline:
        detail = api.get(f"/api/v1/requests/{request_id}").json()
        if detail["status"] == "AVAILABLE":
            return detail
        assert detail["status"] not in ("FAILED", "NOT_FOUND", "CANCELLED"), detail
        time.sleep(0.5)
    raise AssertionError(f"not AVAILABLE within {AVAILABLE_TIMEOUT_S} s: {detail.get('status')}")


def test_demo_takes_a_requested_film_into_plex_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    require_qbittorrent_nox()
    port = free_port()
    demo = _demo(tmp_path, port, dict(os.environ))
    log = tmp_path / "demo.log"
    try:
        wait_until(lambda: _printed_pin(log) is not None, timeout=START_TIMEOUT_S, what="the demo's welcome")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as api:
            # What the newcomer does: pick the demo profile, type the PIN on screen, search, request.
            profiles = api.get("/api/v1/profiles/picker").json()["profiles"]
            profile = next(p for p in profiles if p["name"] == "Démo")
            signed_in = api.post(
                "/api/v1/auth/session", json={"profile_id": profile["id"], "secret": _printed_pin(log)}
            )
            assert signed_in.status_code == 200, signed_in.text
            found = api.get("/api/v1/search", params={"query": "Inception", "media_type": "movie"}).json()
            inception = next(r for r in found["results"] if r["tmdb_id"] == 27205)
            assert (inception["in_plex"], inception["request"]) == (False, None)
            already = api.get("/api/v1/search", params={"query": "Fight Club", "media_type": "movie"}).json()
            assert already["results"][0]["in_plex"] is True  # the film the demo's Plex holds from the start

            body = {key: inception[key] for key in ("media_type", "tmdb_id", "title", "year")}
            created = api.post("/api/v1/requests", json=body)
            assert created.status_code == 201, created.text
            available = _until_available(api, created.json()["id"])
    finally:
        os.killpg(demo.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        try:
            code = demo.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            raise
    output = log.read_text(errors="replace")
    assert code == 0, output[-3000:]
    time.sleep(0.5)
    leftovers = subprocess.run(["pgrep", "-g", str(demo.pid)], capture_output=True, text=True).stdout.split()
    assert leftovers == [], f"processes left running after Ctrl-C: {leftovers}"

    assert [event["to_status"] for event in available["timeline"]] == JOURNEY
    assert available["selection"][0]["chosen"]["title"] == "Inception.2010.MULTi.1080p.BluRay.x264-BRiOCHE"
    film = tmp_path / "demo" / "library" / "Movies" / "Inception (2010)" / "Inception (2010).mkv"
    assert film.is_file()
    assert film.stat().st_size == 4_000_000  # the film itself, not the sample beside it in the torrent
    assert "Inception : disponible dans Plex / available in Plex" in output  # told in the terminal too


def test_demo_without_qbittorrent_says_how_to_install_it(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    demo = subprocess.run(
        [sys.executable, "-m", "app.appliance.cli", "demo", "--data-dir", str(tmp_path / "demo")],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert demo.returncode == 2
    assert "apt-get install qbittorrent-nox" in demo.stderr
    assert not (tmp_path / "demo").exists()  # nothing was set up
