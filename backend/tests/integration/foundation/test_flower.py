"""`plex-kiosk flower`: refuses to run unprotected, and asks for the password it was given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import redis

from tests.processes import BACKEND, free_port, running, wait_until

pytestmark = pytest.mark.integration


def _status(url: str, auth: tuple[str, str] | None = None) -> int | None:
    try:
        return httpx.get(url, auth=auth, timeout=2).status_code
    except httpx.HTTPError:
        return None


def test_flower_refuses_to_start_without_a_password() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.appliance.cli", "flower"],
        cwd=BACKEND,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Set FLOWER_PASSWORD" in result.stderr


def test_flower_asks_for_its_password(broker: redis.Redis, tmp_path: Path) -> None:
    port = free_port()
    argv = [sys.executable, "-m", "app.appliance.cli", "flower", "--port", str(port)]
    env = {"FLOWER_USER": "parent", "FLOWER_PASSWORD": "correct-horse"}
    with running(argv, env=env, log=tmp_path / "flower.log") as flower:
        url = f"http://127.0.0.1:{port}/"
        wait_until(lambda: _status(url) is not None or flower.poll() is not None, timeout=60, what="Flower")
        assert _status(url) == 401, (tmp_path / "flower.log").read_text()
        assert _status(url, ("parent", "wrong")) == 401
        assert _status(url, ("parent", "correct-horse")) == 200
    assert "correct-horse" not in (tmp_path / "flower.log").read_text()
