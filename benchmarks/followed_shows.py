"""One daily pass of the monitored-shows job over a household's followed shows (issue 16, benchmark).

Run: uv run python benchmarks/followed_shows.py [--shows 300] [--continuing 40] [--due 25]
Needs PostgreSQL on 127.0.0.1:5432 (a throwaway database, BENCH_POSTGRES_URL to move it). The TMDB
simulator answers over loopback, in this process (its time is counted in the pass's).

The library: `--shows` followed shows of 5 seasons of 10 episodes (15,000 episodes for 300), all in the Plex
mirror except the newly aired ones; `--continuing` of them still on the air with a sixth season announced.
`--due` of those had 8 episodes of season 5 air since the last pass (200 for 25), the others air next week.
The state is the one yesterday's pass left (episodes seen, next looks), so the pass finds only what is new.

Figures: the pass's wall and CPU time, TMDB calls (and per show due), shows looked at, episodes searched.
Goals: < 10 s, at most one TMDB call per show whose next air date has passed, only the new episodes searched.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from throwaway_database import POSTGRES, create_database, drop_database

ROOT = Path(__file__).resolve().parents[1]
DATABASE = f"plexkiosk_follow_{uuid.uuid4().hex[:6]}"
sys.path.insert(0, str(ROOT / "backend"))
os.environ.update(DATABASE_URL=f"{POSTGRES}/{DATABASE}", LOG_LEVEL="WARNING")

NOW = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)
SEASONS, EPISODES, NEW = 5, 10, 8
FIRST_ID = 700_000


def _season(show_id: int, number: int, days: list[date | None]) -> dict[str, Any]:
    episodes = [
        {"air_date": day.isoformat() if day else None, "episode_number": n, "name": f"Chapter {n}",
         "season_number": number, "show_id": show_id, "runtime": 45, "id": show_id * 1000 + number * 100 + n}
        for n, day in enumerate(days, start=1)
    ]  # fmt: skip
    first = days[0].isoformat() if days[0] else None
    return {"air_date": first, "episodes": episodes, "name": f"Season {number}", "season_number": number}


def _scenario(shows: int, continuing: int, due: int) -> Any:
    """TMDB's view: every show's five aired seasons; the continuing ones' sixth season still to come."""
    from app.appliance.simulators.tmdb import TmdbScenario

    scenario = TmdbScenario()
    for index in range(shows):
        show_id = FIRST_ID + index
        on_air = index < continuing
        listed = []
        for number in range(1, SEASONS + 1):
            start = date(2020 + number - 1, 1, 1)
            days: list[date | None] = [start + timedelta(weeks=n) for n in range(EPISODES)]
            if on_air and number == SEASONS:
                # Season 5 airs now: the due shows' last 8 episodes aired since yesterday's pass (their
                # dates are all past), the others' episodes 3-10 air from next week.
                recent = NOW.date() - timedelta(days=1) if index < due else NOW.date() + timedelta(weeks=1)
                days = [NOW.date() - timedelta(weeks=2 - n) for n in range(2)]
                days += [recent] * NEW
            scenario.seasons[f"{show_id}/{number}"] = _season(show_id, number, days)
            listed.append({"season_number": number, "episode_count": EPISODES, "air_date": str(days[0]),
                           "name": f"Season {number}"})  # fmt: skip
        if on_air:
            scenario.seasons[f"{show_id}/6"] = _season(show_id, 6, [None] * EPISODES)
            listed.append(
                {"season_number": 6, "episode_count": EPISODES, "air_date": None, "name": "Season 6"}
            )
        scenario.shows[show_id] = {
            "id": show_id, "name": f"Show {index}", "original_name": f"Show {index}",
            "original_language": "en",
            "status": "Returning Series" if on_air else "Ended", "in_production": on_air,
            "first_air_date": "2020-01-01", "seasons": listed,
        }  # fmt: skip
    return scenario


async def _fill(shows: int, continuing: int, due: int) -> int:
    """The requests and the Plex mirror as yesterday's pass left them; how many episodes Plex has."""
    from sqlalchemy import insert

    from app.db import get_sessionmaker
    from app.library.models import LibraryItem
    from app.media_requests.followed_shows import NEVER, episode_label
    from app.media_requests.models import MediaRequest
    from app.media_requests.states import MediaType, RequestStatus

    requests, items = [], []
    for index in range(shows):
        show_id = FIRST_ID + index
        on_air = index < continuing
        have = [
            (s, e)
            for s in range(1, SEASONS + 1)
            for e in range(1, EPISODES + 1)
            if not (on_air and s == SEASONS and e > 2)
        ]
        # Not yet due: its next episodes air next week; the due shows' next look came this morning.
        next_look = (
            NEVER if not on_air else NOW - timedelta(hours=1) if index < due else NOW + timedelta(weeks=1)
        )
        requests.append({
            "media_type": MediaType.TV, "tmdb_id": show_id, "title": f"Show {index}", "year": 2020,
            "media_key": f"tv:{show_id}:sall", "requested_by": None, "attempts": 1,
            "status": RequestStatus.PARTIALLY_AVAILABLE if on_air else RequestStatus.AVAILABLE,
            "followed": on_air, "episodes_seen": [episode_label(e) for e in have],
            "next_search_at": next_look,
            "created_at": NOW - timedelta(days=400), "updated_at": NOW - timedelta(days=1),
        })  # fmt: skip
        key = f"s{index}"
        items.append({"rating_key": key, "section_key": "2", "item_type": "show", "title": f"Show {index}",
                      "tmdb_id": show_id})  # fmt: skip
        items += [
            {"rating_key": f"{key}e{s}x{e}", "section_key": "2", "item_type": "episode",
             "title": f"Chapter {e}", "grandparent_rating_key": key, "season_number": s, "episode_number": e}
            for s, e in have
        ]  # fmt: skip
    async with get_sessionmaker()() as session:
        await session.execute(insert(MediaRequest), requests)
        for start in range(0, len(items), 5000):
            await session.execute(insert(LibraryItem), items[start : start + 5000])
        await session.commit()
    return sum(1 for item in items if item["item_type"] == "episode")


async def measure(shows: int, continuing: int, due: int) -> bool:
    from app.appliance.simulators.server import serve
    from app.appliance.simulators.tmdb import create_app
    from app.db import get_sessionmaker
    from app.integrations.tmdb import TmdbClient, TmdbConfig
    from app.media_requests.followed_shows import follow_shows

    in_plex = await _fill(shows, continuing, due)
    scenario = _scenario(shows, continuing, due)
    listed = sum(len(s["episodes"]) for s in scenario.seasons.values())
    sent: list[tuple[str, tuple[object, ...]]] = []

    async def send(name: str, *args: object, **_: object) -> bool:
        sent.append((name, args))
        return True

    app = create_app(scenario)
    with serve(app) as url:
        async with (
            TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{url}/3")) as tmdb,
            get_sessionmaker()() as session,
        ):
            cpu, wall = time.process_time(), time.perf_counter()
            report = await follow_shows(session, now=NOW, send=send, tmdb=tmdb)
            wall = time.perf_counter() - wall
            cpu = time.process_time() - cpu
    calls = len(app.state.requests)
    per_show: dict[str, int] = {}
    for call in app.state.requests:
        show = call["path"].split("/")[3]
        per_show[show] = per_show.get(show, 0) + 1
    print(f"library: {shows} followed shows ({continuing} continuing), {listed} episodes listed by TMDB, "
          f"{in_plex} in the Plex mirror, {due * NEW} newly aired on {due} shows")  # fmt: skip
    print(f"one daily pass:       wall {wall:6.2f} s   CPU {cpu:6.2f} s   (goal < 10 s)")
    print(f"shows looked at:      {len(report.looked_at)} (due: {due})")
    print(f"TMDB calls:           {calls}, at most {max(per_show.values(), default=0)} per show (goal 1)")
    print(f"episodes searched:    {report.episodes_searched} in {len(sent)} searches sent (goal {due * NEW})")
    return (
        wall < 10
        and max(per_show.values(), default=0) <= 1
        and len(per_show) <= due
        and report.episodes_searched == due * NEW
        and len(report.looked_at) == due
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shows", type=int, default=300)
    parser.add_argument("--continuing", type=int, default=40)
    parser.add_argument("--due", type=int, default=25)
    args = parser.parse_args()
    create_database(DATABASE)
    try:
        subprocess.run(
            [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, check=True, capture_output=True
        )
        met = asyncio.run(measure(args.shows, args.continuing, args.due))
    finally:
        drop_database(DATABASE)
    print("goals met" if met else "GOALS NOT MET")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
