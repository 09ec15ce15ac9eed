"""`plex-kiosk up` on embedded defaults: SQLite, Celery over SQLite, one terminal, Ctrl-C stops it all."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.processes import BACKEND, answers, free_port, wait_until

pytestmark = pytest.mark.integration

EMBEDDED_ENV_DROPPED = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")


def test_up_runs_the_whole_appliance_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in EMBEDDED_ENV_DROPPED}
    env.update(
        {"DATA_DIR": str(tmp_path / "data"), "API_PORT": str(port), "FRONTEND_DIST": str(tmp_path / "none")}
    )
    log = (tmp_path / "up.log").open("wb")
    up = subprocess.Popen(
        [sys.executable, "-m", "app.appliance.cli", "up", "--concurrency", "1"],
        cwd=BACKEND,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        wait_until(lambda: answers(f"{base}/ready"), timeout=120, what="the embedded appliance to be ready")
        # First run: the kiosk asks for the admin profile, which signs in and hands out the API key.
        assert httpx.get(f"{base}/auth/session").json()["needs_setup"] is True
        setup = httpx.post(
            f"{base}/auth/setup", json={"name": "Papa", "secret": {"kind": "pin", "value": "2468"}}
        )
        assert setup.status_code == 201
        script = {"X-Api-Key": setup.json()["api_key"]["api_key"]}
        created = httpx.post(
            f"{base}/requests",
            json={"media_type": "movie", "tmdb_id": 27205, "title": "Inception"},
            headers=script,
        )
        assert created.status_code == 201
        request_id = created.json()["id"]
        assert created.json()["celery_task_id"]

        def settled() -> bool:
            return httpx.get(f"{base}/requests/{request_id}", headers=script).json()["status"] == "NOT_FOUND"

        wait_until(settled, timeout=60, what="the embedded worker to process the request", interval=0.5)
        again = httpx.post(
            f"{base}/requests",
            json={"media_type": "movie", "tmdb_id": 27205, "title": "Inception"},
            headers=script,
        )
        assert (again.status_code, again.json()["id"]) == (200, request_id)
    finally:
        os.killpg(up.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        try:
            code = up.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
            raise
        log.close()
    output = (tmp_path / "up.log").read_text()
    assert code == 0, output
    time.sleep(0.5)
    leftovers = subprocess.run(["pgrep", "-g", str(up.pid)], capture_output=True, text=True).stdout.split()
    assert leftovers == [], f"processes left running after Ctrl-C: {leftovers}"

    database = tmp_path / "data" / "plex-kiosk.sqlite3"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        statuses = connection.execute("SELECT to_status FROM request_events ORDER BY id").fetchall()
    assert statuses == [("PENDING",), ("SEARCHING",), ("NOT_FOUND",)]
    assert (tmp_path / "data" / "broker.sqlite3").exists()
    assert (tmp_path / "data" / "secret_key").exists()
