"""The real appliance for browser tests: the built kiosk UI served by a real API process.

Fixtures (a pytest plugin, registered in tests/conftest.py):
- `frontend_dist` (session): frontend/dist, built once per run when missing or older than its sources.
- `kiosk_tmdb` (session): the TMDB simulator with the kiosk's catalogue (French titles).
- `kiosk_servers` (session): `uvicorn app.main:app` processes on the test PostgreSQL and Redis, serving the
  UI at /, one per distinct extra environment, started on first use.
- `kiosk_server_env` (default {}): that extra environment; override it in a conftest or by parametrize.
- `kiosk_server`: the base URL of the process for `kiosk_server_env`.
- `kiosk`: per test, an appliance with TMDB configured, an admin and a member, no request yet; yields a
  `Kiosk` (url, TMDB scenario, API key, profiles).
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from tests.processes import BACKEND, answers, free_port, running, wait_until
from tests.services import require
from tests.support.kiosk_catalog import kiosk_catalogue

FRONTEND = BACKEND.parent / "frontend"
# What the build reads: a change to any of these makes dist/ stale.
_FRONTEND_SOURCES = ("src", "public", "index.html", "vite.config.ts", "package.json", "package-lock.json")
_BUILD_LOCK = Path(tempfile.gettempdir()) / "plex-kiosk-frontend-build.lock"


def _newest_source_mtime() -> float:
    newest = 0.0
    for name in (*_FRONTEND_SOURCES, *(p.name for p in FRONTEND.glob("tsconfig*.json"))):
        path = FRONTEND / name
        files = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(f.stat().st_mtime for f in files if f.is_file())])
    return newest


def _dist_is_fresh(dist: Path) -> bool:
    index = dist / "index.html"
    return index.is_file() and index.stat().st_mtime >= _newest_source_mtime()


def _npm(*args: str) -> None:
    result = subprocess.run(["npm", *args], cwd=FRONTEND, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.fail(f"npm {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


@pytest.fixture(scope="session")
def frontend_dist() -> Path:
    """frontend/dist, rebuilt (`vite build`) when missing or stale; one build at a time on this machine."""
    dist = FRONTEND / "dist"
    if _dist_is_fresh(dist):
        return dist
    require("npm", shutil.which("npm") is not None, "install Node.js 20.19+ with npm to build the kiosk UI")
    with _BUILD_LOCK.open("w") as lock:
        # Other test runs on this machine may build at the same moment; the second one finds it fresh.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _dist_is_fresh(dist):
            if not (FRONTEND / "node_modules").is_dir():
                _npm("ci", "--no-audit", "--no-fund", "--loglevel=error")
            # The bundle only: type errors are `npm run lint`'s to report, and the check costs ~10 s.
            _npm("exec", "--", "vite", "build")
    return dist


@pytest.fixture(scope="session")
def kiosk_tmdb() -> Iterator[tuple[str, TmdbScenario]]:
    """The TMDB simulator's base URL (…/3 is the API) and its scenario, which a test may change."""
    scenario = kiosk_catalogue()
    with serve(create_app(scenario)) as base_url:
        yield base_url, scenario


class KioskServers:
    """Real API processes serving the built UI, one per distinct extra environment, all stopped at the end."""

    def __init__(self, dist: Path, logs: Path) -> None:
        self._dist = dist
        self._logs = logs
        self._stack = ExitStack()
        self._started: dict[frozenset[tuple[str, str]], tuple[str, subprocess.Popen[bytes], Path]] = {}

    def start(self, env: dict[str, str]) -> None:
        """Start the process for `env` if it is not running yet (without waiting for it)."""
        key = frozenset(env.items())
        if key in self._started:
            return
        port = free_port()
        log = self._logs / f"api-{len(self._started)}.log"
        argv = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)]
        api = self._stack.enter_context(running(argv, env={"FRONTEND_DIST": str(self._dist), **env}, log=log))
        self._started[key] = (f"http://127.0.0.1:{port}", api, log)

    def url(self, env: dict[str, str]) -> str:
        """The base URL of the process for `env`, started and answering."""
        self.start(env)
        base, api, log = self._started[frozenset(env.items())]
        wait_until(
            lambda: api.poll() is not None or answers(f"{base}/api/v1/health"),
            # Generous: importing the app takes seconds, many more on a loaded two-core CI machine.
            timeout=90,
            what="the kiosk's API to answer",
        )
        assert api.poll() is None, f"the API process stopped:\n{log.read_text()[-3000:]}"
        return base

    def stop(self) -> None:
        """Stop every process (SIGTERM, then SIGKILL)."""
        self._stack.close()


@pytest.fixture(scope="session")
def kiosk_servers(
    redis_client: redis.Redis,
    frontend_dist: Path,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[KioskServers]:
    """The API processes of this run, on the test PostgreSQL and Redis."""
    servers = KioskServers(frontend_dist, tmp_path_factory.mktemp("kiosk"))
    try:
        servers.start({})
        # The database is first needed by a request, not at start: migrate while the process imports the app.
        request.getfixturevalue("migrated_database")
        yield servers
    finally:
        servers.stop()


@pytest.fixture
def kiosk_server_env() -> dict[str, str]:
    """Extra environment for the API process (e.g. SESSION_IDLE_MINUTES); override in a conftest."""
    return {}


@pytest.fixture
def kiosk_server(kiosk_servers: KioskServers, kiosk_server_env: dict[str, str]) -> str:
    """The base URL of a real API process serving the UI at /, with `kiosk_server_env` (shared per env)."""
    return kiosk_servers.url(kiosk_server_env)


@dataclass(frozen=True)
class KioskProfile:
    """A family member who can sign in at the kiosk."""

    id: int
    name: str
    pin: str


@dataclass
class Kiosk:
    """The running appliance a browser test talks to, set up with an admin and one family member."""

    url: str
    tmdb_url: str
    tmdb: TmdbScenario
    api_key: str
    admin: KioskProfile
    member: KioskProfile


ADMIN = ("Claire", "2468")
MEMBER = ("Léo", "1357")


async def _set_up_household(base_url: str, tmdb_url: str) -> tuple[str, KioskProfile, KioskProfile]:
    """The first-run setup (the admin and the API key), TMDB in French, then a family member."""
    async with httpx.AsyncClient(base_url=f"{base_url}/api/v1", timeout=10) as api:
        name, pin = ADMIN
        setup = await api.post("/auth/setup", json={"name": name, "secret": {"kind": "pin", "value": pin}})
        assert setup.status_code == 201, setup.text
        api_key = setup.json()["api_key"]["api_key"]
        admin = KioskProfile(id=setup.json()["profile"]["id"], name=name, pin=pin)
        as_admin = {"X-Api-Key": api_key}
        tmdb = {"api_key": TmdbScenario().api_key, "base_url": f"{tmdb_url}/3", "language": "fr-FR"}
        configured = await api.put("/settings/tmdb", json=tmdb, headers=as_admin)
        assert configured.status_code == 200, configured.text
        name, pin = MEMBER
        made = await api.post(
            "/profiles", json={"name": name, "secret": {"kind": "pin", "value": pin}}, headers=as_admin
        )
        assert made.status_code == 201, made.text
        return api_key, admin, KioskProfile(id=made.json()["id"], name=name, pin=pin)


@pytest.fixture
async def kiosk(
    kiosk_server: str,
    kiosk_tmdb: tuple[str, TmdbScenario],
    db: AsyncSession,
    broker: redis.Redis,
) -> AsyncIterator[Kiosk]:
    """The appliance with TMDB set up in French, an admin and a member, no request; emptied after the test."""
    tmdb_url, scenario = kiosk_tmdb
    before = scenario.model_copy(deep=True)
    api_key, admin, member = await _set_up_household(kiosk_server, tmdb_url)
    yield Kiosk(
        url=kiosk_server, tmdb_url=tmdb_url, tmdb=scenario, api_key=api_key, admin=admin, member=member
    )
    # A test may make TMDB misbehave or learn titles; the next one starts from the catalogue again.
    for name in TmdbScenario.model_fields:
        setattr(scenario, name, getattr(before, name))
