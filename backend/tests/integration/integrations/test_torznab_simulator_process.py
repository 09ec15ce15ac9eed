"""The Torznab simulator also runs as its own process, for manual runs and the e2e stack."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.appliance.simulators.ports import free_port
from app.appliance.simulators.torznab import SimIndexer, SimItem, TorznabScenario, prowlarr_url

pytestmark = pytest.mark.integration

BACKEND_DIR = Path(__file__).resolve().parents[3]


def test_started_from_the_command_line_with_a_scenario_file(tmp_path: Path) -> None:
    scenario = TorznabScenario(
        indexers=[
            SimIndexer(id="7", name="Cli", flavour="prowlarr", items=[SimItem(title="Amelie.2001.1080p")])
        ]
    )
    scenario_file = tmp_path / "scenario.json"
    scenario_file.write_text(scenario.model_dump_json())
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.appliance.simulators.torznab",
            "--port",
            str(port),
            "--scenario",
            str(scenario_file),
        ],
        cwd=BACKEND_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = prowlarr_url(f"http://127.0.0.1:{port}", "7")
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(url, params={"t": "search", "q": "amelie", "apikey": "simkey"})
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "simulator process did not start"
                time.sleep(0.1)
        assert response.status_code == 200
        assert "<prowlarrindexer" in response.text and "Amelie.2001.1080p" in response.text
    finally:
        process.terminate()
        process.wait(timeout=10)
