"""docker-compose.yml's services as processes of this machine (no Docker engine runs here).

`docker-compose config` (Debian's docker-compose) reads the file as Compose would: anchors, merges,
profiles and `${VAR}` interpolation. Each application service then becomes a process running its own
`command` with its own `environment`, rewritten only where a container differs from this machine:
service names and ports become 127.0.0.1 and free ports, PostgreSQL and Redis the test's database and
Redis DBs, the volumes folders of the test, and the image's programs those of this virtualenv.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from tests.processes import BACKEND

REPO = BACKEND.parent
COMPOSE_FILE = REPO / "docker-compose.yml"
NGINX_TEMPLATE = REPO / "nginx" / "templates" / "default.conf.template"
VENV_BIN = Path(sys.executable).parent

# The processes the appliance's own images run (postgres and redis are this machine's; nginx is started
# from its config; qbittorrent is the tests' qbittorrent-nox elsewhere).
APPLICATION_SERVICES = (
    "plex-kiosk",
    "celery-worker",
    "celery-worker-downloads",
    "celery-worker-plex-sync",
    "celery-worker-cleanup",
    "celery-beat",
    "flower",
)


def compose_env(data_path: Path) -> dict[str, str]:
    """What an operator's .env holds (as .env.example asks), for `docker-compose` to interpolate."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "POSTGRES_PASSWORD": secrets.token_urlsafe(16),
        "FLOWER_PASSWORD": secrets.token_urlsafe(12),
        "DATA_PATH": str(data_path),
    }


def compose_config(env: dict[str, str], tmp: Path, *profiles: str) -> dict[str, Any]:
    """The compose file as `docker-compose config` resolves it with `env` as the .env file."""
    env_file = tmp / "compose.env"
    env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
    argv = ["docker-compose", "-f", str(COMPOSE_FILE), "--env-file", str(env_file)]
    for profile in profiles:
        argv += ["--profile", profile]
    result = subprocess.run([*argv, "config"], capture_output=True, text=True, cwd=tmp, timeout=60)
    assert result.returncode == 0, result.stderr
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config


@dataclass
class Machine:
    """Where the containers' addresses and folders are on this machine."""

    database_url: str  # the test's PostgreSQL database, for postgres:5432/kiosk
    redis_dbs: dict[str, str]  # redis://redis:6379/N -> the test's Redis URL for that DB
    ports: dict[int, int]  # a container port -> the free port used here
    folders: Path  # named volumes and bind mounts go below it
    mounts: dict[str, Path] = field(default_factory=dict)


@dataclass(frozen=True)
class LocalService:
    """One compose service as a process here."""

    name: str
    argv: list[str]
    env: dict[str, str]
    healthcheck: list[str] | None
    depends_on: dict[str, str]


def program(name: str) -> str:
    """The image's program by that name, from this virtualenv when it has one."""
    local = VENV_BIN / name
    return str(local) if local.exists() else name


def _host_port(value: str, machine: Machine) -> str:
    """`plex-kiosk:8000` -> `127.0.0.1:<port>`; the wildcard address stays on the loopback here."""
    value = re.sub(r"^0\.0\.0\.0$", "127.0.0.1", value)
    match = re.fullmatch(r"[a-z0-9-]+:(\d+)", value)
    if match and int(match.group(1)) in machine.ports:
        return f"127.0.0.1:{machine.ports[int(match.group(1))]}"
    return value


def _url(value: str, machine: Machine) -> str:
    parts = urlsplit(value)
    if parts.scheme.startswith("postgresql"):
        return machine.database_url
    if parts.scheme == "redis":
        return machine.redis_dbs[parts.path.lstrip("/")]
    return value


def _path(value: str, machine: Machine) -> str:
    """A path inside the container -> the folder its volume is here."""
    for target, local in sorted(machine.mounts.items(), key=lambda item: -len(item[0])):
        if value == target or value.startswith(target + "/"):
            return str(local) + value[len(target) :]
    return value


def _value(value: str, machine: Machine) -> str:
    if "://" in value:
        return _url(value, machine)
    if value.startswith("/"):
        return _path(value, machine)
    if value.isdigit() and int(value) in machine.ports:
        return str(machine.ports[int(value)])
    return _host_port(value, machine)


def _mounts(service: dict[str, Any], machine: Machine) -> None:
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        local = Path(source) if source.startswith("/") else machine.folders / "volumes" / source
        local.mkdir(parents=True, exist_ok=True)
        machine.mounts[target] = local


def _command(argv: list[str], machine: Machine) -> list[str]:
    return [program(argv[0]), *(_value(str(arg), machine) for arg in argv[1:])]


def healthcheck_argv(test: list[str] | str, machine: Machine) -> list[str]:
    """The healthcheck's test as a command here (CMD: as is; CMD-SHELL: through sh)."""
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    kind, *rest = test
    if kind == "CMD-SHELL":
        return ["sh", "-c", " ".join(shlex.quote(a) for a in _command(shlex.split(rest[0]), machine))]
    assert kind == "CMD", f"unexpected healthcheck {test}"
    return [_rewrite_loopback_url(arg, machine) for arg in _command(rest, machine)]


def _rewrite_loopback_url(value: str, machine: Machine) -> str:
    """http://127.0.0.1/x (port 80 in the container) -> its port here."""
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1":
        port = machine.ports.get(parts.port or 80, parts.port)
        return urlunsplit(parts._replace(netloc=f"127.0.0.1:{port}"))
    return value


def local_service(name: str, config: dict[str, Any], machine: Machine) -> LocalService:
    """The compose service `name` as a process of this machine."""
    service = config["services"][name]
    _mounts(service, machine)
    env = {key: _value(str(value), machine) for key, value in (service.get("environment") or {}).items()}
    health = service.get("healthcheck", {}).get("test")
    depends = {dep: spec["condition"] for dep, spec in (service.get("depends_on") or {}).items()}
    return LocalService(
        name=name,
        argv=_command(service["command"], machine),
        env=env,
        healthcheck=healthcheck_argv(health, machine) if health else None,
        depends_on=depends,
    )


def process_env(service: LocalService) -> dict[str, str]:
    """The service's environment as the container sees it: its own variables, not the test run's."""
    keep = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    keep["PATH"] = f"{VENV_BIN}:{keep.get('PATH', '')}"
    return {**keep, **service.env}


def nginx_conf(config: dict[str, Any], machine: Machine, *, html: Path, tmp: Path) -> Path:
    """The image's config (the template as its envsubst step renders it) in a main file for this machine."""
    env = {k: _value(str(v), machine) for k, v in config["services"]["nginx"]["environment"].items()}
    server = NGINX_TEMPLATE.read_text()
    for key, value in env.items():
        server = server.replace("${" + key + "}", value)
    server = server.replace("listen 80;", f"listen 127.0.0.1:{machine.ports[80]};")
    server = server.replace("root /usr/share/nginx/html;", f"root {html};")
    conf = tmp / "nginx.conf"
    user = "root" if os.geteuid() == 0 else ""
    conf.write_text(
        f"daemon off; {'user ' + user + ';' if user else ''} worker_processes 1; pid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/nginx-error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;\n"
        "  include /etc/nginx/mime.types;\n"
        f"  {server}\n}}\n"
    )
    return conf
