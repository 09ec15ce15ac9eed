"""CPU of each step of POST /api/v1/requests when calls come one at a time (no batching to share it).

Prints, per call, the CPU and wall time of:
- the caller's profile lookup (profiles/lookup.py, run on every signed-in call), kept and read;
- writing one request (media_requests/creation.create_request: checks, request, first timeline event, commit);
- publishing one Celery message (app/celery_app/publish.py, through the real Redis broker);
- the whole of a POST's service (creation.submit_request: the write, then the processing task and the
  parents' notification, sent together);
- a bare one-row ORM insert and commit, the benchmark's reference point.

These are the costs a lone kiosk pays, and what the API pays per call when load is light; under load
the batches share them (benchmarks/api_requests.py measures that).

Usage: uv run python benchmarks/request_path_pieces.py [--calls 500]
Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (a throwaway database, Redis DB 6/7).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from throwaway_database import POSTGRES, create_database, drop_database

ROOT = Path(__file__).resolve().parents[1]
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
DATABASE = f"plexkiosk_pieces_{uuid.uuid4().hex[:6]}"

os.environ.update(
    DATABASE_URL=f"{POSTGRES}/{DATABASE}",
    CELERY_BROKER_URL=f"{REDIS}/6",
    CELERY_RESULT_BACKEND=f"{REDIS}/7",
    LOG_LEVEL="WARNING",
)


async def _timed(label: str, step: Callable[[], Awaitable[object]], calls: int) -> None:
    for _ in range(50):  # warm: pool connections, prepared statements, compiled SQL
        await step()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        await step()
    cpu_ms = 1000 * (time.process_time() - cpu) / calls
    wall_ms = 1000 * (time.perf_counter() - wall) / calls
    print(f"{label:34s} CPU {cpu_ms:5.2f} ms   wall {wall_ms:5.2f} ms")


async def measure(calls: int) -> None:
    from app.celery_app import task_names
    from app.celery_app.publish import new_task_id
    from app.celery_app.publish import publish as send
    from app.db import get_sessionmaker
    from app.media_requests.creation import NewRequest, create_request, submit_request, write_session
    from app.media_requests.schemas import RequestCreate
    from app.profiles import lookup
    from app.profiles.models import Profile
    from app.settings.models import Setting

    async with get_sessionmaker()() as session:
        profile = Profile(name="Bench")
        session.add(profile)
        await session.commit()
        profile_id = profile.id
    films = iter(range(1, 10**9))

    async def find_profile() -> object:
        return await lookup.find_profile(profile_id)

    async def read_profile() -> object:
        lookup.forget_all()  # as when the kept profile is more than a second old
        return await lookup.find_profile(profile_id)

    async def write_request() -> object:
        film = next(films)
        data = RequestCreate(
            media_type="movie", tmdb_id=film, title=f"Film {film}", year=2000, requested_by=profile_id
        )
        async with write_session() as session:
            return await create_request(session, NewRequest(data, new_task_id()))

    async def submit() -> object:
        film = next(films)
        data = RequestCreate(
            media_type="movie", tmdb_id=film, title=f"Film {film}", year=2000, requested_by=profile_id
        )
        return await submit_request(data, actor="kiosk", judged=None, timezone="Europe/Paris")

    async def publish() -> object:
        return await send(task_names.PROCESS_REQUEST, 1)

    async def bare_insert() -> object:
        async with get_sessionmaker()() as session:
            session.add(Setting(key=uuid.uuid4().hex, value={"bench": True}))
            await session.commit()
        return None

    print(f"{calls} calls each, one at a time")
    await _timed("profile lookup (kept, within 1 s)", find_profile, calls)
    await _timed("profile lookup (read)", read_profile, calls)
    await _timed("write one request", write_request, calls)
    await _timed("publish one Celery message", publish, calls)
    await _timed("submit one request (write + 2 msgs)", submit, calls)
    await _timed("bare one-row insert (reference)", bare_insert, calls)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    create_database(DATABASE)
    try:
        subprocess.run(
            [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, check=True, capture_output=True
        )
        asyncio.run(measure(args.calls))
    finally:
        drop_database(DATABASE)
        import redis

        for db in (12, 13):
            redis.Redis.from_url(f"{REDIS}/{db}").flushdb()


if __name__ == "__main__":
    main()
