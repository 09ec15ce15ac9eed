"""What the parents' family list and a notification cost (issue 17 items 1 and 5).

Prints, per call, the CPU and wall time of:
- GET /api/v1/requests for a parent, a page of 30 out of N requests: everything, and one quick filter
  (the page now also counts each filter and names who asked: two more queries);
- the two added queries alone (the filters' counts, the requesters' names);
- one notification sent to two apprise json:// targets on a loopback receiver (the task's body:
  claim, render per language, deliver, release), and the same notification run again (nothing sent).

Usage: uv run python benchmarks/family_list_and_notifications.py [--requests 5000] [--calls 200]
Needs PostgreSQL on 127.0.0.1:5432 (a throwaway database). Redis is named but not used.
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
DATABASE = f"plexkiosk_family_{uuid.uuid4().hex[:6]}"
sys.path.insert(0, str(ROOT / "backend"))

os.environ.update(
    DATABASE_URL=f"{POSTGRES}/{DATABASE}",
    CELERY_BROKER_URL=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/0"),
    CELERY_RESULT_BACKEND=os.environ.get("BENCH_RESULT_BACKEND", "redis://127.0.0.1:6379/1"),
    LOG_LEVEL="WARNING",
)


async def _timed(label: str, step: Callable[[], Awaitable[object]], calls: int) -> None:
    for _ in range(20):  # warm: pool connections, prepared statements, compiled SQL, templates
        await step()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        await step()
    cpu_ms = 1000 * (time.process_time() - cpu) / calls
    wall_ms = 1000 * (time.perf_counter() - wall) / calls
    print(f"{label:52s} CPU {cpu_ms:6.2f} ms   wall {wall_ms:6.2f} ms")


async def _fill(requests: int) -> tuple[list[int], str]:
    """`requests` requests in every status from four profiles; the profiles' ids and an API key."""
    from sqlalchemy import insert

    from app.db import get_sessionmaker, utcnow
    from app.media_requests.models import MediaRequest
    from app.media_requests.states import MediaType, RequestStatus
    from app.profiles import api_keys
    from app.profiles.models import Profile

    statuses = list(RequestStatus)
    async with get_sessionmaker()() as session:
        household = (("Léa", "fr"), ("Emma", "en"), ("Tom", "fr"), ("Papa", "fr"))
        profiles = [Profile(name=name, language=language) for name, language in household]
        session.add_all(profiles)
        await session.flush()
        ids = [profile.id for profile in profiles]
        now = utcnow()
        rows = [
            {"media_type": MediaType.MOVIE, "tmdb_id": n + 1, "title": f"Film {n}", "year": 2000,
             "media_key": f"movie:{n + 1}:{n}", "status": statuses[n % len(statuses)],
             "requested_by": ids[n % len(ids)], "attempts": 0, "created_at": now, "updated_at": now}
            for n in range(requests)
        ]  # fmt: skip
        # Several active requests may share nothing here (distinct keys), so the partial index holds.
        await session.execute(insert(MediaRequest), rows)
        key, _ = await api_keys.rotate(session)
        await session.commit()
    return ids, key


async def measure(requests: int, calls: int) -> None:
    import httpx

    from app.db import get_sessionmaker
    from app.main import app
    from app.media_requests import family_views
    from app.notifications.request_events import send_request_notification
    from app.settings.integrations.notifications import (
        NotificationSettingsIn,
        ProfileTargetsIn,
        TargetIn,
        save_notification_settings,
        save_profile_targets,
    )
    from tests.support.notification_receiver import receiving

    ids, key = await _fill(requests)
    print(f"{requests} requests, {calls} calls each, one at a time")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", headers={"X-Api-Key": key}
    ) as api:

        async def everything() -> object:
            return (await api.get("/api/v1/requests", params={"page_size": 30})).raise_for_status()

        async def problems() -> object:
            params = {"page_size": 30, "view": "problems"}
            return (await api.get("/api/v1/requests", params=params)).raise_for_status()

        await _timed("GET /requests, a parent, page of 30", everything, calls)
        await _timed("GET /requests?view=problems, page of 30", problems, calls)

    async with get_sessionmaker()() as session:

        async def counts() -> object:
            result = await family_views.view_counts(session)
            await session.commit()
            return result

        async def names() -> object:
            result = await family_views.requester_names(session, ids)
            await session.commit()
            return result

        await _timed("  of which: the quick filters' counts", counts, calls)
        await _timed("  of which: the requesters' names", names, calls)

    with receiving() as receiver:
        async with get_sessionmaker()() as session:
            await save_notification_settings(
                session, NotificationSettingsIn(admin_targets=[TargetIn(url=receiver.url("parents"))],
                                                admin_events=["failed"], profile_events=["failed"])
            )  # fmt: skip
            await save_profile_targets(
                session, ids[1], ProfileTargetsIn(targets=[TargetIn(url=receiver.url("emma"))])
            )
            request_ids = iter(range(2, requests, 4))  # Emma's requests: her target and the parents'

            async def notify_once() -> object:
                outcome = await send_request_notification(
                    session, request_id=next(request_ids), event="failed"
                )
                assert outcome.sent == 2, outcome
                return outcome

            async def notify_again() -> object:
                outcome = await send_request_notification(session, request_id=2, event="failed")
                assert outcome.sent == 0, outcome
                return outcome

            await _timed("a notification to 2 targets (render + deliver)", notify_once, calls)
            await _timed("the same notification again (nothing sent)", notify_again, calls)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    create_database(DATABASE)
    try:
        subprocess.run(
            [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, check=True, capture_output=True
        )
        asyncio.run(measure(args.requests, args.calls))
    finally:
        drop_database(DATABASE)


if __name__ == "__main__":
    main()
