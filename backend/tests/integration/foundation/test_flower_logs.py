"""Flower logs through the appliance's set-up: JSON lines in production format, no password in them."""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path

import httpx
import pytest
import redis

from tests.processes import free_port, running, wait_until

pytestmark = pytest.mark.integration


def _status(url: str, auth: tuple[str, str] | None = None) -> int | None:
    try:
        return httpx.get(url, auth=auth, timeout=2).status_code
    except httpx.HTTPError:
        return None


def test_flower_logs_json_lines_without_its_password(broker: redis.Redis, tmp_path: Path) -> None:
    port, password, secret_key = free_port(), secrets.token_urlsafe(16), secrets.token_urlsafe(48)
    argv = [sys.executable, "-m", "app.appliance.cli", "flower", "--port", str(port)]
    env = {
        "FLOWER_USER": "parent",
        "FLOWER_PASSWORD": password,
        "SECRET_KEY": secret_key,
        "LOG_FORMAT": "json",
    }
    log = tmp_path / "flower.log"
    with running(argv, env=env, log=log) as flower:
        url = f"http://127.0.0.1:{port}/"
        wait_until(lambda: _status(url) is not None or flower.poll() is not None, timeout=60, what="Flower")
        assert _status(url, ("parent", password)) == 200
        # A careless script's refused call, the password in its query string: not in any line either.
        assert _status(f"{url}?password={password}", ("parent", "wrong")) == 401
    output = log.read_text()
    assert password not in output and secret_key not in output
    records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(r["logger"].startswith(("flower", "tornado")) for r in records), output
