"""What /metrics and backups cost on a household-sized database: one task's count, one scrape, one backup.

A throwaway PostgreSQL database is migrated and filled with N requests (one timeline event each), N/4
downloads and 30 Plex sync runs; then:
- the worker's count of one finished task (one upsert into metric_counts, its own transaction), mean of 500;
- one scrape (every figure read, the Prometheus text written, 6 queue depths from the broker), mean of 20;
- `plex-kiosk backup`'s work (pg_dump, seal) and `restore` into an empty database, with the file's size.

Run: uv run python benchmarks/metrics_and_backup.py [--requests 5000]
Needs PostgreSQL on 127.0.0.1:5432 (BENCH_POSTGRES_URL to move it) and Redis on 127.0.0.1:6379 (DB 6 asked
for queue depths; BENCH_BROKER_URL to move it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[1] / "backend"
sys.path.insert(0, str(BACKEND))
from throwaway_database import create_database, drop_database  # noqa: E402

NAME = f"plexkiosk_bench_{uuid.uuid4().hex[:8]}"
RESTORED = f"{NAME}_restored"


async def _fill(url: str, requests: int) -> None:
    # Core inserts of the models, so every column gets the default the application would give it.
    from sqlalchemy import insert, select

    import app.models  # noqa: F401  (every mapper)
    from app.db import get_sessionmaker, utcnow
    from app.downloads.models import Download, DownloadState
    from app.library.models import SyncRun
    from app.media_requests.models import MediaRequest, RequestEvent
    from app.media_requests.states import MediaType, RequestStatus

    statuses = [
        RequestStatus.AVAILABLE,
        RequestStatus.FAILED,
        RequestStatus.DOWNLOADING,
        RequestStatus.PENDING,
    ]
    now = utcnow()
    async with get_sessionmaker(url)() as session:
        await session.execute(
            insert(MediaRequest),
            [
                {"media_type": MediaType.MOVIE, "tmdb_id": n, "title": f"Film {n}", "media_key": f"movie:{n}",
                 "status": statuses[n % 4], "created_at": now, "updated_at": now}
                for n in range(1, requests + 1)
            ],
        )  # fmt: skip
        ids = list(await session.scalars(select(MediaRequest.id)))
        await session.execute(
            insert(RequestEvent),
            [
                {"request_id": i, "to_status": RequestStatus.PENDING, "reason": "Requested", "actor": "kiosk"}
                for i in ids
            ],
        )
        await session.execute(
            insert(Download),
            [{"request_id": i, "info_hash": f"{i:040x}", "name": f"Film {i}",
              "state": DownloadState.DOWNLOADING} for i in ids if i % 4 == 0],
        )  # fmt: skip
        await session.execute(
            insert(SyncRun),
            [{"kind": ("incremental", "full")[n % 2], "status": "success", "added": n, "started_at": now,
              "finished_at": now} for n in range(30)],
        )  # fmt: skip
        await session.commit()


async def _measure(url: str) -> None:
    from app.db import get_sessionmaker
    from app.metrics import exposition, recording, snapshot

    runs = 500
    started = time.perf_counter()
    for index in range(runs):
        await recording.task_finished(f"app.workers.bench.task_{index % 15}", "success", 0.2 + index % 7)
    print(f"count one finished task (upsert): {(time.perf_counter() - started) / runs * 1000:.2f} ms")

    queues = ("requests", "downloads", "plex_sync", "cleanup", "default", "priority")
    scrapes, size = 20, 0
    started = time.perf_counter()
    for _ in range(scrapes):
        async with get_sessionmaker(url)() as session:
            size = len(exposition.render(await snapshot.take(session, queues=queues)))
    print(f"one scrape: {(time.perf_counter() - started) / scrapes * 1000:.1f} ms ({size} bytes of text)")
    from app.celery_app.application import celery_app
    from app.metrics.queues import queue_depths

    started = time.perf_counter()
    for _ in range(scrapes):
        await asyncio.to_thread(queue_depths, celery_app, queues)
    print(f"  of which the queue depths: {(time.perf_counter() - started) / scrapes * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    options = parser.parse_args()
    url = create_database(NAME)
    restored_url = create_database(RESTORED)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/6"),
            "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/7",
            "SECRET_KEY": "benchmark-secret-key-benchmark-secret-key",
            "DATA_DIR": tempfile.mkdtemp(prefix="plexkiosk-bench-"),
        }
    )
    try:
        from app import migrations
        from app.backups import service
        from app.config import get_settings

        migrations.upgrade(url)

        async def fill_then_measure() -> None:
            await _fill(url, options.requests)
            await _measure(url)

        asyncio.run(fill_then_measure())

        settings = get_settings()
        started = time.perf_counter()
        backup = service.make_backup(settings)
        made_in = time.perf_counter() - started
        print(
            f"backup of {options.requests} requests: {made_in:.2f} s, {backup.stat().st_size / 1024:.0f} KiB"
        )
        started = time.perf_counter()
        service.restore_backup(settings.model_copy(update={"database_url": restored_url}), backup)
        print(f"restore into an empty database: {time.perf_counter() - started:.2f} s")
    finally:
        drop_database(NAME)
        drop_database(RESTORED)


if __name__ == "__main__":
    main()
