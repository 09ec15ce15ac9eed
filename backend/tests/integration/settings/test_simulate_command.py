"""`plex-kiosk simulate …` serves the simulators from a checkout, whatever the current folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from app.appliance.simulators.ports import free_port
from tests.processes import wait_until

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("service", "extra", "probe"),
    [
        ("plex", ["--movies", "2"], "/library/sections?X-Plex-Token=sim-plex-token"),
        ("torznab", [], "/demo-prowlarr/api?t=caps&apikey=simkey"),
        ("tmdb", [], "/3/movie/550?api_key=simkey"),
    ],
)
def test_each_simulator_starts_from_the_command(
    service: str, extra: list[str], probe: str, tmp_path: Path
) -> None:
    port = free_port()
    command = str(Path(sys.executable).with_name("plex-kiosk"))
    log = tmp_path / "sim.log"
    # Started from a folder outside the checkout: the command finds the simulators by itself.
    with log.open("wb") as out:
        process = subprocess.Popen(
            [command, "simulate", service, "--port", str(port), *extra], cwd=tmp_path, stdout=out, stderr=out
        )
    try:
        url = f"http://127.0.0.1:{port}{probe}"

        def ready() -> bool:
            assert process.poll() is None, log.read_text()
            try:
                return httpx.get(url, timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(ready, timeout=60, what=f"the {service} simulator on port {port}")
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert f"127.0.0.1:{port}" in log.read_text()
