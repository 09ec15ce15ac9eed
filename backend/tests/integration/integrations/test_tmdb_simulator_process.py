"""The TMDB simulator also runs as its own process, for manual runs and the e2e stack."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.appliance.simulators.ports import free_port

pytestmark = pytest.mark.integration

BACKEND_DIR = Path(__file__).resolve().parents[3]


def test_started_from_the_command_line_serving_the_recorded_fixtures() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app.appliance.simulators.tmdb", "--port", str(port)],
        cwd=BACKEND_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/3/tv/1399"
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(url, params={"api_key": "simkey"})
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "simulator process did not start"
                time.sleep(0.1)
        assert response.status_code == 200
        assert response.json()["seasons"][0]["name"] == "Specials"
        refused = httpx.get(url, params={"api_key": "wrong"})
        assert (refused.status_code, refused.json()["status_code"]) == (401, 7)
    finally:
        process.terminate()
        process.wait(timeout=10)
