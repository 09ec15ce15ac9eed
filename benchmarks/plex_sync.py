"""Sync a large simulated Plex library into PostgreSQL and print what it costs.

Run: uv run python benchmarks/plex_sync.py [--movies 100000] [--shows 5000] [--new 200]
     [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432]
The simulator runs in a subprocess (as a real server would); a throwaway database is created and dropped.
Figures:
  - full sync into an empty mirror: seconds, and this process's peak RSS at that point;
  - a second full sync of the unchanged library (the nightly case);
  - an incremental sync after `--new` movies were added;
  - the limit: fetching and parsing the same pages without touching the database.
Goals (issue 7): full < 60 s, peak RSS < 400 MB, full ≤ 5 × the limit, incremental < 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx

BACKEND = Path(__file__).resolve().parents[1] / "backend"
sys.path.insert(0, str(BACKEND))

from app import migrations  # noqa: E402
from app.appliance.simulators.plex import PlexScenario  # noqa: E402
from app.appliance.simulators.ports import free_port  # noqa: E402
from app.db import dispose_engines, get_sessionmaker  # noqa: E402
from app.integrations.plex import PlexClient, PlexConfig  # noqa: E402
from app.library.models import SyncRun  # noqa: E402
from app.library.sync import LISTED_TYPES, SyncOptions, sync_library  # noqa: E402

SEASONS, EPISODES = 3, 10


@contextmanager
def simulator(port: int, movies: int, shows: int) -> Iterator[str]:
    """The Plex simulator in its own process, answering on `port`."""
    argv = [sys.executable, "-m", "app.appliance.simulators.plex", "--port", str(port),
            "--movies", str(movies), "--shows", str(shows),
            "--seasons", str(SEASONS), "--episodes", str(EPISODES)]  # fmt: skip
    process = subprocess.Popen(argv, cwd=BACKEND, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/identity", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the simulator did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _client(url: str) -> PlexClient:
    return PlexClient(PlexConfig(url=url, token=PlexScenario.token, timeout=120))


async def _sync(db_url: str, url: str, *, full: bool, page_size: int) -> tuple[SyncRun, float]:
    plex = _client(url)
    started = time.perf_counter()
    try:
        async with get_sessionmaker(db_url)() as session:
            run = await sync_library(session, plex, full=full, options=SyncOptions(page_size=page_size))
    finally:
        await plex.close()
    return run, time.perf_counter() - started


async def _fetch_only(url: str, page_size: int) -> tuple[int, float]:
    """List and parse every page the full sync reads, and nothing else."""
    plex = _client(url)
    count = 0
    started = time.perf_counter()
    try:
        for section in await plex.sections():
            for item_type in LISTED_TYPES[section.type]:
                async for page in plex.iter_section(section.key, item_type=item_type, page_size=page_size):
                    count += len(page.items)
    finally:
        await plex.close()
    return count, time.perf_counter() - started


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _describe(label: str, run: SyncRun, seconds: float) -> str:
    return (
        f"{label:22s} {seconds:7.2f} s   status={run.status} added={run.added:,} updated={run.updated:,} "
        f"removed={run.removed:,}"
    )


async def _admin(server: str, sql: str) -> None:
    connection = await asyncpg.connect(server.replace("postgresql+asyncpg", "postgresql") + "/postgres")
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def main() -> None:
    """Print the sync figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=100_000)
    parser.add_argument("--shows", type=int, default=5_000)
    parser.add_argument("--new", type=int, default=200)
    parser.add_argument("--page-size", type=int, default=SyncOptions.page_size)
    parser.add_argument("--postgres", default="postgresql+asyncpg://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    name = f"plexkiosk_bench_{uuid.uuid4().hex[:8]}"
    db_url = f"{args.postgres}/{name}"
    await _admin(args.postgres, f'CREATE DATABASE "{name}"')
    try:
        await asyncio.to_thread(migrations.upgrade, db_url)
        episodes = args.shows * SEASONS * EPISODES
        print(f"library: {args.movies:,} movies, {args.shows:,} shows, {args.shows * SEASONS:,} seasons, "
              f"{episodes:,} episodes; page size {args.page_size:,}")  # fmt: skip
        port = free_port()
        with simulator(port, args.movies, args.shows) as url:
            run, full_s = await _sync(db_url, url, full=True, page_size=args.page_size)
            full_rss = _peak_rss_mb()
            print(_describe("full sync (empty)", run, full_s))
            print(f"peak RSS after the full sync: {full_rss:.0f} MB")
            run, again_s = await _sync(db_url, url, full=True, page_size=args.page_size)
            print(_describe("full sync (unchanged)", run, again_s))
        # The simulator computes items from their position: a restart with more movies adds the newest ones.
        with simulator(port, args.movies + args.new, args.shows) as url:
            run, incremental_s = await _sync(db_url, url, full=False, page_size=args.page_size)
            print(_describe(f"incremental (+{args.new})", run, incremental_s))
            items, limit_s = await _fetch_only(url, args.page_size)
            print(f"{'fetch + parse only':22s} {limit_s:7.2f} s   {items:,} items "
                  f"({limit_s / max(items, 1) * 1e6:.1f} µs/item): the limit")  # fmt: skip
        print(
            f"full sync = {full_s / limit_s:.1f} × the limit; goals: full < 60 s, RSS < 400 MB, "
            f"≤ 5 × the limit, incremental < 2 s"
        )
    finally:
        await dispose_engines()
        await _admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    asyncio.run(main())
