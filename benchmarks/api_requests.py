"""POST /api/v1/requests against PostgreSQL + Redis: latency at a fixed offered rate, and saturation.

Prints, for POST /api/v1/requests (as a signed-in family member) and for a bare endpoint doing one
insert through the same stack (FastAPI, session dependency, SQLAlchemy, PostgreSQL):
- latency p50/p99 with an open-loop load at --rate requests/s (latency counted from the moment each
  request was due, so a stalled server cannot hide its backlog);
- saturation throughput with --concurrency clients in a closed loop;
- the ratio of the two saturation throughputs.

Usage: uv run python benchmarks/api_requests.py [--rate 200] [--seconds 10] [--concurrency 16]
Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (a throwaway database and Redis DB 6/7).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from itertools import count
from pathlib import Path

import aiohttp
import httpx

from app.api.deps import SessionDep
from throwaway_database import POSTGRES, create_database, drop_database, run_sql

ROOT = Path(__file__).resolve().parents[1]
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
DATABASE = f"plexkiosk_bench_{uuid.uuid4().hex[:6]}"
BARE_PATH = "/bench/bare-insert"


def serve(port: int) -> None:
    """Run the real app plus the bare one-insert endpoint (this script's child process)."""
    import uvicorn
    from fastapi import status

    from app.main import create_app
    from app.settings.models import Setting

    app = create_app()

    @app.post(BARE_PATH, status_code=status.HTTP_201_CREATED)
    async def bare_insert(session: SessionDep) -> dict[str, str]:
        key = uuid.uuid4().hex
        session.add(Setting(key=key, value={"bench": True}))
        await session.commit()
        return {"key": key}

    # Ahead of the static frontend mounted at "/", which would otherwise answer this path.
    app.router.routes.insert(0, app.router.routes.pop())
    # A keep-alive longer than the pauses between phases: otherwise the server closes idle pooled
    # connections just as the client reuses them, and the race shows up as errors, not as latency.
    uvicorn.run(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False, timeout_keep_alive=60
    )


@asynccontextmanager
async def _client(base: str, connections: int) -> AsyncIterator[aiohttp.ClientSession]:
    """A kiosk's browser: signed in as the member, keeping the session cookie the server renews."""
    # aiohttp rather than httpx for the load: the client shares the two cores with the server, and
    # httpx spends about three times the CPU per call (it was the bottleneck of the bare endpoint).
    connector = aiohttp.TCPConnector(limit=connections, keepalive_timeout=60)
    jar = aiohttp.CookieJar(unsafe=True)  # the server is an IP address, 127.0.0.1
    async with aiohttp.ClientSession(
        base, connector=connector, cookie_jar=jar, timeout=aiohttp.ClientTimeout(30)
    ) as http:
        async with http.post("/api/v1/auth/session", json={"profile_id": MEMBER["id"]}) as signed_in:
            signed_in.raise_for_status()
        yield http


async def open_loop(base: str, path: str, bodies: count[int], rate: float, seconds: float) -> list[float]:
    """Latencies (ms) of requests sent at a fixed rate, each counted from when it was due."""
    latencies: list[float] = []
    errors = 0
    async with _client(base, 256) as http:

        async def one(due: float) -> None:
            nonlocal errors
            async with http.post(path, json=_payload(path, next(bodies))) as response:
                await response.read()
                if response.status != 201:
                    errors += 1
            latencies.append((time.perf_counter() - due) * 1000)

        start = time.perf_counter() + 0.05
        tasks = []
        for i in range(int(rate * seconds)):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(due)))
        await asyncio.gather(*tasks)
    if errors:
        print(f"  warning: {errors} responses were not 201")
    return latencies


async def closed_loop(
    base: str, path: str, bodies: count[int], concurrency: int, seconds: float
) -> tuple[int, float]:
    """Requests completed by `concurrency` clients sending back to back, and the seconds they took."""
    done = 0
    async with _client(base, concurrency) as http:
        deadline = time.perf_counter() + seconds

        async def client() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                async with http.post(path, json=_payload(path, next(bodies))) as response:
                    await response.read()
                    response.raise_for_status()
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        return done, time.perf_counter() - started


def _payload(path: str, n: int) -> dict[str, object] | None:
    if path == BARE_PATH:
        return None
    return {"media_type": "movie", "tmdb_id": n, "title": f"Benchmark film {n}", "year": 2000 + n % 25}


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 1000) - 1]


# The kiosk's own path: a family member signed in with a session cookie (see sign_in_member).
MEMBER: dict[str, int] = {}


# A household's history, so the queries run against a table of the size they will meet (and that
# PostgreSQL has analyzed) rather than an empty one that the benchmark itself fills at hundreds a second.
HISTORY = 5000
HISTORY_SQL = f"""
INSERT INTO media_requests (media_type, tmdb_id, title, year, media_key, status, attempts,
                            created_at, updated_at, completed_at)
SELECT 'movie', 10000000 + n, 'Earlier film ' || n, 1950 + n % 75, 'movie:' || (10000000 + n),
       CASE WHEN n % 10 = 0 THEN 'SEARCHING' ELSE 'AVAILABLE' END, 1,
       now() - n * interval '1 hour', now() - n * interval '1 hour',
       CASE WHEN n % 10 = 0 THEN NULL ELSE now() - n * interval '1 hour' END
FROM generate_series(1, {HISTORY}) AS n;
INSERT INTO request_events (request_id, from_status, to_status, reason, actor, created_at)
SELECT id, NULL, 'PENDING', 'Requested', 'kiosk', created_at FROM media_requests;
ANALYZE;
"""  # noqa: S608 (no input: a constant)


def sign_in_member(base: str) -> None:
    """First-run setup, then a member profile, as the kiosk's clients will sign in (see _client)."""
    setup = httpx.post(
        f"{base}/api/v1/auth/setup", json={"name": "Admin", "secret": {"kind": "pin", "value": "2468"}}
    )
    setup.raise_for_status()
    script = {"X-Api-Key": setup.json()["api_key"]["api_key"]}
    member = httpx.post(f"{base}/api/v1/profiles", json={"name": "Bench"}, headers=script)
    member.raise_for_status()
    MEMBER["id"] = member.json()["id"]


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time used so far by process `pid` and its threads (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(base: str, server: int, args: argparse.Namespace) -> None:
    bodies = count(1)
    print(
        f"offered load {args.rate:.0f} requests/s for {args.seconds:.0f} s (open loop), "
        f"then {args.concurrency} clients back to back for {args.seconds:.0f} s; "
        f"{HISTORY} earlier requests in the database; server CPU is the API process's, per call"
    )
    saturation: dict[str, float] = {}
    for label, path in (
        ("POST /api/v1/requests", "/api/v1/requests"),
        ("bare one-insert endpoint", BARE_PATH),
    ):
        # Warm up at full concurrency: the database pool grows to its working size here, not in the
        # measured phase (opening an asyncpg connection takes tens of milliseconds).
        await closed_loop(base, path, bodies, args.concurrency, 2.0)
        cpu = _cpu_seconds(server)
        latencies = await open_loop(base, path, bodies, args.rate, args.seconds)
        cpu_open = 1000 * (_cpu_seconds(server) - cpu) / len(latencies)
        cpu = _cpu_seconds(server)
        calls, seconds = await closed_loop(base, path, bodies, args.concurrency, args.seconds)
        cpu_closed = 1000 * (_cpu_seconds(server) - cpu) / calls
        saturation[path] = rate = calls / seconds
        p50, p99 = _percentile(latencies, 0.5), _percentile(latencies, 0.99)
        print(
            f"{label:26s} p50 {p50:5.1f} ms  p99 {p99:5.1f} ms  (CPU {cpu_open:4.2f} ms)   "
            f"saturation {rate:5.0f} requests/s  (CPU {cpu_closed:4.2f} ms)"
        )
    ratio = saturation["/api/v1/requests"] / saturation[BARE_PATH]
    print(f"saturation ratio POST /requests : bare insert = {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    env = {
        **os.environ,
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "CELERY_BROKER_URL": f"{REDIS}/6",
        "CELERY_RESULT_BACKEND": f"{REDIS}/7",
        "LOG_LEVEL": "WARNING",
    }
    create_database(DATABASE)
    port = 18000 + os.getpid() % 1000
    server = None
    try:
        subprocess.run(
            [sys.executable, "-m", "alembic", "upgrade", "head"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(f"{base}/api/v1/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        sign_in_member(base)
        run_sql(DATABASE, HISTORY_SQL)
        asyncio.run(measure(base, server.pid, args))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        drop_database(DATABASE)
        import redis

        for db in (12, 13):
            redis.Redis.from_url(f"{REDIS}/{db}").flushdb()


if __name__ == "__main__":
    main()
