"""docker-compose.yml started on this machine: each application service's own command with its own
environment, in the order its `depends_on` conditions allow, Nginx with its real config in front. Every
service settles healthy by its own healthcheck, the appliance answers through Nginx, and the design notes'
commands (as docs/operate.md lists them) work against it.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
import redis

from tests.conftest import POSTGRES_SERVER_URL, RUN_ID, TEST_BROKER_URL, TEST_RESULT_BACKEND
from tests.processes import free_port, wait_until
from tests.services import require
from tests.support.compose_stack import (
    APPLICATION_SERVICES,
    REPO,
    LocalService,
    Machine,
    compose_config,
    compose_env,
    healthcheck_argv,
    local_service,
    nginx_conf,
    process_env,
    program,
)

pytestmark = pytest.mark.integration

DATABASE = f"plexkiosk_compose_{RUN_ID}"
SETTLE_S = 90
# The machine's own PostgreSQL and Redis stand for the compose file's postgres and redis services.
PROVIDED = {"postgres", "redis"}


@dataclass
class Stack:
    """The compose services running here."""

    config: dict[str, Any]
    env: dict[str, str]
    machine: Machine
    services: dict[str, LocalService]
    processes: dict[str, subprocess.Popen[bytes]]
    logs: Path
    settled_in_s: float = 0.0
    beat_before_it_started: subprocess.CompletedProcess[str] | None = None
    health: dict[str, str] = field(default_factory=dict)
    healthy_at: dict[str, float] = field(default_factory=dict)  # seconds after the first start
    _configs: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)

    @property
    def web(self) -> str:
        return f"http://127.0.0.1:{self.machine.ports[80]}"

    def compose(self, *profiles: str) -> dict[str, Any]:
        """The compose file's services as `docker-compose --profile …` sees them (read once per profiles)."""
        if profiles not in self._configs:
            self._configs[profiles] = compose_config(self.env, self.machine.folders, *profiles)["services"]
        return self._configs[profiles]

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _admin_dsn() -> str:
    return POSTGRES_SERVER_URL.replace("postgresql+asyncpg", "postgresql") + "/postgres"


async def _database(statement: str) -> None:
    connection = await asyncpg.connect(_admin_dsn())
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _probe(argv: list[str], env: dict[str, str], timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _start(service: LocalService, logs: Path, cwd: Path = REPO) -> subprocess.Popen[bytes]:
    with (logs / f"{service.name}.log").open("wb") as out:
        return subprocess.Popen(
            service.argv,
            cwd=cwd,
            env=process_env(service),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: a worker's pool children stop with it
        )


def _nginx(stack: Stack, tmp: Path) -> LocalService:
    dist = REPO / "frontend" / "dist"
    html = dist if (dist / "index.html").exists() else tmp / "html"
    if html != dist:
        html.mkdir()
        (html / "index.html").write_text("<!doctype html><title>Plex Kiosk</title><div id=app></div>")
    conf = nginx_conf(stack.config, stack.machine, html=html, tmp=tmp)
    check = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t refuses the config: {check.stderr}"
    spec = stack.config["services"]["nginx"]
    return LocalService(
        name="nginx",
        argv=["nginx", "-c", str(conf)],
        env={},
        healthcheck=healthcheck_argv(spec["healthcheck"]["test"], stack.machine),
        depends_on={dep: cond["condition"] for dep, cond in spec["depends_on"].items()},
    )


def _settle(stack: Stack) -> None:
    """`docker-compose up`: start each service once those it depends on are healthy; poll the started ones."""
    healthy = set(PROVIDED)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        while True:
            for name, service in stack.services.items():
                if name in stack.processes or not all(dep in healthy for dep in service.depends_on):
                    continue
                if name == "celery-beat":
                    beat = service.healthcheck
                    assert beat is not None
                    stack.beat_before_it_started = _probe(beat, process_env(service))
                stack.processes[name] = _start(service, stack.logs)
            for name, process in stack.processes.items():
                assert process.poll() is None, f"{name} exited ({process.returncode}):\n{stack.log(name)}"
            waiting = [name for name in stack.processes if name not in healthy]
            if not waiting and len(stack.processes) == len(stack.services):
                break
            assert time.monotonic() - started < SETTLE_S, (
                f"not healthy after {SETTLE_S} s: {waiting}; last answers: "
                + "; ".join(f"{n}: {stack.health.get(n)}" for n in waiting)
            )
            services = [stack.services[name] for name in waiting]
            answers = pool.map(
                lambda s: _probe(s.healthcheck or ["false"], process_env(s), timeout=20), services
            )
            for service, answer in zip(services, answers, strict=True):
                stack.health[service.name] = (answer.stdout + answer.stderr).strip()
                if answer.returncode == 0:
                    healthy.add(service.name)
                    stack.healthy_at[service.name] = time.monotonic() - started
            time.sleep(0.5)
    stack.settled_in_s = time.monotonic() - started


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, redis_client: redis.Redis) -> Iterator[Stack]:
    """Every application service of docker-compose.yml (with --profile dev) and Nginx, settled healthy."""
    require("docker-compose", shutil.which("docker-compose") is not None, "apt-get install docker-compose")
    require("nginx", shutil.which("nginx") is not None, "apt-get install nginx")
    require("curl", shutil.which("curl") is not None, "apt-get install curl")
    tmp = tmp_path_factory.mktemp("compose")
    data = tmp / "media-data"
    for folder in ("downloads", "media"):
        (data / folder).mkdir(parents=True)
    env = compose_env(data)
    config = compose_config(env, tmp, "dev")
    machine = Machine(
        database_url=f"{POSTGRES_SERVER_URL}/{DATABASE}",
        redis_dbs={"0": TEST_BROKER_URL, "1": TEST_RESULT_BACKEND},
        ports={8000: free_port(), 5555: free_port(), 80: free_port()},
        folders=tmp,
    )
    logs = tmp / "logs"
    logs.mkdir()
    stack = Stack(config, env, machine, {}, {}, logs)
    stack.services = {name: local_service(name, config, machine) for name in APPLICATION_SERVICES}
    stack.services["nginx"] = _nginx(stack, tmp)
    asyncio.run(_database(f'DROP DATABASE IF EXISTS "{DATABASE}"'))
    asyncio.run(_database(f'CREATE DATABASE "{DATABASE}"'))  # empty: the API's --migrate makes the tables
    redis_client.flushdb()
    try:
        _settle(stack)
        timeline = ", ".join(f"{name} {at:.1f} s" for name, at in stack.healthy_at.items())
        print(f"compose services healthy {stack.settled_in_s:.1f} s after the first start ({timeline})")
        yield stack
    finally:
        for process in stack.processes.values():  # all at once, as `docker-compose down` does
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in stack.processes.values():
            _stop(process)
        asyncio.run(_database(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        redis_client.flushdb()


def test_every_service_settles_healthy_by_its_own_healthcheck(stack: Stack) -> None:
    assert set(stack.processes) == {*APPLICATION_SERVICES, "nginx"}
    host = socket.gethostname()
    for queue in ("requests", "downloads", "plex_sync", "cleanup"):
        assert f"{queue}@{host} answered" in stack.health[f"celery-worker{_suffix(queue)}"]
    assert "lease renewed" in stack.health["celery-beat"]
    # Before Beat ran, its healthcheck said so: it reports Beat's own lease, not the API's health.
    before = stack.beat_before_it_started
    assert before is not None and before.returncode == 1 and "no Beat holds the lease" in before.stderr
    status = httpx.get(f"{stack.web}/nginx-status")
    assert status.status_code == 200 and "Active connections" in status.text


def _suffix(queue: str) -> str:
    return "" if queue == "requests" else "-" + queue.replace("_", "-")


def test_the_appliance_answers_through_nginx_and_the_requests_worker_takes_a_request(stack: Stack) -> None:
    with httpx.Client(base_url=stack.web, timeout=10) as http:
        assert http.get("/api/v1/ready").status_code == 200  # the database and the broker answer
        assert "<div id=app>" in http.get("/requests/1").text.replace('"', "")

        setup = http.post("/api/v1/auth/setup", json={"name": "Papa", "secret": {"value": "4321"}})
        assert setup.status_code == 201, setup.text
        key = {"X-Api-Key": setup.json()["api_key"]["api_key"]}
        created = http.post(
            "/api/v1/requests",
            json={"media_type": "movie", "tmdb_id": 27205, "title": "Inception"},
            headers=key,
        )
        assert created.status_code == 201, created.text
        url = f"/api/v1/requests/{created.json()['id']}"

        # Nothing is set up (no indexer): the requests worker searches and says so; it is no longer pending.
        wait_until(
            lambda: http.get(url, headers=key).json()["status"] != "pending",
            timeout=30,
            what=f"celery-worker to take the request:\n{stack.log('celery-worker')}",
            interval=0.5,
        )
    assert stack.env["SECRET_KEY"] not in stack.log("plex-kiosk") + stack.log("celery-worker")


# --- the design notes' commands, as docs/operate.md lists them ---

DOC = REPO / "docs" / "operate.md"


def seed_commands() -> list[tuple[Path, str]]:
    """The commands between the seed-commands markers of docs/operate.md, each with the folder it runs in
    (`cd backend` holds until the next comment line, as in the seed's sections)."""
    text = DOC.read_text()
    block = text.split("<!-- seed-commands:begin -->")[1].split("<!-- seed-commands:end -->")[0]
    cwd, commands = REPO, []
    for line in (line.strip() for line in block.splitlines()):
        if line.startswith("#"):
            cwd = REPO
        elif line.startswith("cd "):
            cwd = REPO / line.split()[1]
        elif line and not line.startswith("```"):
            commands.append((cwd, line))
    return commands


@dataclass
class Outcome:
    command: str
    ok: bool
    detail: str


def _compose_command(stack: Stack, words: list[str], cwd: Path) -> Outcome | list[str]:
    """A `docker-compose` command. `exec`: the command to run here in that service's environment (returned
    as argv for the caller). Others: the services they name must exist (naming one starts it whatever its
    profile, as Compose does), and for up/ps/logs be running here; without names, those of the profiles."""
    command = shlex.join(words)
    profiles = tuple(words[i + 1] for i, word in enumerate(words) if word == "--profile")
    rest = [word for i, word in enumerate(words[1:], 1) if "--profile" not in (word, words[i - 1])]
    verb, args = rest[0], rest[1:]
    services = stack.compose(*profiles)
    if verb == "exec":
        if args[0] not in services:
            return Outcome(command, False, f"no service {args[0]}")
        return args[1:]
    named = [arg for arg in args if not arg.startswith("-")]
    missing = [name for name in named if name not in services]
    if missing:
        return Outcome(command, False, f"no service {missing}")
    if verb == "build":
        unbuilt = [name for name in named if "build" not in services[name]]
        return Outcome(command, not unbuilt, f"no build section: {unbuilt}" if unbuilt else "buildable")
    if verb in ("up", "ps", "logs"):
        active = [
            n for n, s in services.items() if not s.get("profiles") or set(s["profiles"]) & set(profiles)
        ]
        # What `up` starts is what the stack fixture started and saw healthy.
        expected = named or sorted(set(active) - PROVIDED)
        down = [name for name in expected if name not in stack.processes]
        return Outcome(command, not down, f"not running here: {down}" if down else "running")
    return Outcome(command, False, f"this test does not know `docker-compose {verb}`")


def _run_here(stack: Stack, command: str, argv: list[str], env: dict[str, str], cwd: Path) -> Outcome:
    """Run a command of the notes here; a worker started by hand is checked by its ping, then stopped."""
    argv = [program(argv[0]), *argv[1:]]
    if _is_worker(argv):
        return _worker_by_hand(stack, command, argv, env, cwd)
    stdin = "yes\n" if "purge" in argv else None  # the notes: "Confirmer: yes"
    result = subprocess.run(argv, env=env, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=90)
    output = (result.stdout + result.stderr).strip()
    if "celery" in argv[0] and "beat" in argv:
        # Exactly one Beat: a second one says why it will not run, and exits.
        refused = result.returncode != 0 and "Another Celery Beat is already running" in output
        return Outcome(command, refused, output[-600:])
    return Outcome(command, result.returncode == 0, output)


def _worker_by_hand(stack: Stack, command: str, argv: list[str], env: dict[str, str], cwd: Path) -> Outcome:
    """A worker started by hand (node celery@host) works once it answers a ping; then it is stopped."""
    log = stack.logs / f"by-hand-{len(list(stack.logs.iterdir()))}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        ping = [program("plex-kiosk"), "health", "worker", "celery@%h"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if _probe(ping, env).returncode == 0:
                return Outcome(command, True, "celery@host answered a ping")
        return Outcome(command, False, log.read_text(errors="replace")[-1500:])
    finally:
        _stop(process)


def _open(stack: Stack, url: str, command: str) -> Outcome:
    """`open http://localhost:5555`: Flower there, asking for its password."""
    port = urlsplit(url).port or 80
    here = f"http://127.0.0.1:{stack.machine.ports[port]}/"
    password = ("admin", stack.env["FLOWER_PASSWORD"])
    anonymous, signed = httpx.get(here).status_code, httpx.get(here, auth=password).status_code
    return Outcome(command, (anonymous, signed) == (401, 200), f"Flower answered {anonymous}, then {signed}")


def test_the_design_notes_commands_work_as_written(stack: Stack) -> None:
    commands = seed_commands()
    assert len(commands) >= 25, "docs/operate.md lists the seed's commands"
    outcomes: list[Outcome] = []
    to_run: list[tuple[str, list[str], dict[str, str], Path]] = []
    for cwd, command in commands:
        words = shlex.split(command)
        if words[0] == "open":
            outcomes.append(_open(stack, words[1], command))
        elif words[0] == "docker-compose":
            checked = _compose_command(stack, words, cwd)
            if isinstance(checked, Outcome):
                outcomes.append(checked)
            else:  # exec: in that service's environment
                service = stack.services.get(words[2]) or LocalService(words[2], [], {}, None, {})
                to_run.append((command, checked, process_env(service), cwd))
        else:  # on the host, as the notes' "Local (dev)": against the same broker as the workers
            to_run.append((command, words, process_env(stack.services["celery-worker"]), cwd))
    # Workers started by hand all take the name celery@host: one at a time, beside the one-shot commands.
    by_hand = [item for item in to_run if _is_worker(item[1])]
    with ThreadPoolExecutor(max_workers=3) as pool:
        one_shots = pool.map(lambda item: _run_here(stack, *item), [i for i in to_run if i not in by_hand])
        outcomes += [_run_here(stack, *item) for item in by_hand]
        outcomes += list(one_shots)
    failed = [f"{outcome.command}\n    -> {outcome.detail[-1500:]}" for outcome in outcomes if not outcome.ok]
    assert not failed, "\n".join(failed)
    by_command = {outcome.command: outcome.detail for outcome in outcomes}
    registered = by_command["celery -A app.celery_app inspect registered"]
    assert f"requests@{socket.gethostname()}" in registered
    assert "app.workers.request_worker.process_request_task" in registered
    assert "PONG" in by_command["docker-compose exec redis redis-cli ping"]


def _is_worker(argv: list[str]) -> bool:
    return argv[0].endswith("celery") and "worker" in argv
