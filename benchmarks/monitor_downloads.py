"""One download-monitor pass over 2,000 of our torrents: wall time and qBittorrent calls (issue 6).

A throwaway PostgreSQL database gets 2,000 requests in DOWNLOADING with one download row each; a qBittorrent
WebUI API v2 double on 127.0.0.1 (real HTTP, SID cookie, gzip, the JSON fields of a real 4.5/5.x answer)
serves the 2,000 torrents in a mix of states, and counts every call it receives. Then two passes of the
real monitor pass (media_requests.pipeline.watch_downloads) through the real QbittorrentClient:
- first sight: every row gets qBittorrent's figures, the finished torrents queue their imports;
- steady state, the pass every 300 s: downloads moved on, a few more finished.
Goal (issue 6): a pass under 1 s, with one list call.

Run: uv run python benchmarks/monitor_downloads.py [--torrents 2000] [--profile]
Needs PostgreSQL on 127.0.0.1:5432 (trust; BENCH_POSTGRES_URL to change it). --profile prints cProfile's
top functions for the first pass (the qBittorrent call runs in a worker thread: only its parsing shows).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import os
import pstats
import secrets
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy import event, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

BACKEND = Path(__file__).resolve().parents[1] / "backend"
sys.path.insert(0, str(BACKEND))

import app.models  # noqa: E402, F401  (every mapper, so the relationships resolve)
from app import migrations  # noqa: E402
from app.appliance.simulators.server import serve  # noqa: E402
from app.db import create_engine, utcnow  # noqa: E402
from app.downloads.models import Download, DownloadState  # noqa: E402
from app.downloads.service import request_tag  # noqa: E402
from app.integrations.qbittorrent import QbittorrentClient, QbittorrentConfig  # noqa: E402
from app.media_requests.models import MediaRequest  # noqa: E402
from app.media_requests.pipeline import MonitorReport, watch_downloads  # noqa: E402
from app.media_requests.states import MediaType, RequestStatus  # noqa: E402
from throwaway_database import create_database, drop_database  # noqa: E402

CATEGORY = "plex-kiosk"
USERNAME = "admin"
PASSWORD = "bench-password"  # noqa: S105  (the double's own, on loopback)
GOAL_MS = 1000.0
SAVE_PATH = "/srv/downloads/plex-kiosk"
GIB = 1024**3
# qBittorrent's "infinite" eta.
ETA_INFINITE = 8_640_000
# The mix of states at first sight (shares of the torrents): 20 % finished, so the first pass queues
# 400 imports — the worst first pass, e.g. after the worker was down for a while.
STATE_MIX: tuple[tuple[str, float], ...] = (
    ("downloading", 0.35),
    ("stalledDL", 0.15),
    ("pausedDL", 0.15),
    ("metaDL", 0.15),
    ("uploading", 0.10),
    ("stalledUP", 0.10),
)
# Between the two passes: the share of still-downloading torrents that finish.
FINISHING_SHARE = 0.02
LOGIN_PATHS = frozenset({"/api/v2/auth/login", "/api/v2/auth/logout"})


def info_hash(n: int) -> str:
    """A stable, realistic-looking v1 info-hash for torrent `n`."""
    return hashlib.sha1(f"plex-kiosk-bench-{n}".encode(), usedforsecurity=False).hexdigest()


def release_name(n: int) -> str:
    """A scene-style release name."""
    return f"Benchmark.Film.{n:05d}.{2000 + n % 25}.1080p.BluRay.x264-BENCH"


def torrent_json(n: int, request_id: int, state: str, now: int) -> dict[str, Any]:
    """Torrent `n` as `torrents/info` returns it: every field of qBittorrent 4.5.2 (read from a real
    qbittorrent-nox) plus those 5.x adds (comment, has_metadata, popularity, private, reannounce, root_path,
    the inactive-seeding limits; from a 5.x sync/maindata sample)."""
    name = release_name(n)
    size = (1 + n % 12) * GIB // 2
    metadata = state != "metaDL"
    finished = state in ("uploading", "stalledUP", "pausedUP", "queuedUP", "forcedUP")
    if finished:
        progress = 1.0
    elif not metadata:
        progress = 0.0
    else:
        progress = ((n * 37) % 95) / 100
    downloaded = int(size * progress) if metadata else 0
    dlspeed = 2_500_000 + n % 500_000 if state == "downloading" else 0
    upspeed = 150_000 + n % 50_000 if state == "uploading" else 0
    eta = 0 if finished else (int((size - downloaded) / dlspeed) if dlspeed else ETA_INFINITE)
    uploaded = downloaded // 3 if finished else 0
    content_path = f"{SAVE_PATH}/{name}" if metadata else f"{SAVE_PATH}/{info_hash(n)}"
    added_on = now - 3600 - n % 7200
    return {
        "added_on": added_on,
        "amount_left": size - downloaded if metadata else 0,
        "auto_tmm": False,
        "availability": -1 if not metadata else round(0.5 + (n % 50) / 10, 3),
        "category": CATEGORY,
        "comment": "",
        "completed": downloaded,
        "completion_on": now - n % 600 if finished else -1,
        "content_path": content_path,
        "dl_limit": 0,
        "dlspeed": dlspeed,
        "download_path": "",
        "downloaded": downloaded,
        "downloaded_session": downloaded,
        "eta": eta,
        "f_l_piece_prio": False,
        "force_start": False,
        "has_metadata": metadata,
        "hash": info_hash(n),
        "inactive_seeding_time_limit": -2,
        "infohash_v1": info_hash(n),
        "infohash_v2": "",
        "last_activity": now - (0 if dlspeed or upspeed else 900),
        "magnet_uri": f"magnet:?xt=urn:btih:{info_hash(n)}&dn={name}",
        "max_inactive_seeding_time": -1,
        "max_ratio": 1,
        "max_seeding_time": 10080,
        "name": name if metadata else info_hash(n),
        "num_complete": 0 if state in ("stalledDL", "pausedDL", "metaDL") else 12 + n % 40,
        "num_incomplete": 3 + n % 20,
        "num_leechs": 1 if upspeed else 0,
        "num_seeds": 4 + n % 10 if dlspeed else 0,
        "popularity": 0,
        "priority": 0 if finished else 1 + n % 50,
        "private": False,
        "progress": progress,
        "ratio": round(uploaded / downloaded, 4) if downloaded else 0,
        "ratio_limit": 1,
        "reannounce": 1 + n % 1800,
        "root_path": content_path,
        "save_path": SAVE_PATH,
        "seeding_time": n % 600 if finished else 0,
        "seeding_time_limit": 10080,
        "seen_complete": now - 60 if state != "metaDL" else 0,
        "seq_dl": False,
        "size": size if metadata else 0,
        "state": state,
        "super_seeding": False,
        "tags": request_tag(request_id),
        "time_active": now - added_on,
        "total_size": size if metadata else -1,
        "tracker": "udp://tracker.example.org:1337/announce" if state != "pausedDL" else "",
        "trackers_count": 3,
        "up_limit": 0,
        "uploaded": uploaded,
        "uploaded_session": uploaded,
        "upspeed": upspeed,
    }


def states_for(count: int) -> list[str]:
    """`count` states in the proportions of STATE_MIX, interleaved (not in blocks)."""
    states: list[str] = []
    for state, share in STATE_MIX:
        states += [state] * round(count * share)
    states = (states + ["downloading"] * count)[:count]
    # A fixed stride coprime with the count spreads each state over the whole list.
    stride = next(s for s in range(7919, count * 10 + 7920) if _coprime(s, count))
    return [states[(i * stride) % count] for i in range(count)]


def _coprime(a: int, b: int) -> bool:
    while b:
        a, b = b, a % b
    return a == 1


async def _form(request: Request) -> dict[str, str]:
    """The urlencoded form qbittorrent-api posts (python-multipart is not a dependency of the project)."""
    return dict(parse_qsl((await request.body()).decode()))


@dataclass
class QbittorrentDouble:
    """A qBittorrent WebUI API v2 answering what qbittorrent-api asks of it, counting every call."""

    torrents: list[dict[str, Any]] = field(default_factory=list)
    calls: Counter[str] = field(default_factory=Counter)
    serve_seconds: float = 0.0
    sid: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset_counters(self) -> None:
        """Forget the calls seen so far (before a measured pass)."""
        with self.lock:
            self.calls.clear()
            self.serve_seconds = 0.0

    def asgi(self) -> ASGIApp:
        """The WebUI: a counter around gzip (qBittorrent compresses its answers) around the routes."""
        routes = [
            Route("/api/v2/auth/login", self.login, methods=["POST"]),
            Route("/api/v2/auth/logout", self.logout, methods=["GET", "POST"]),
            Route("/api/v2/app/version", self.text("v5.0.4"), methods=["GET", "POST"]),
            Route("/api/v2/app/webapiVersion", self.text("2.11.4"), methods=["GET", "POST"]),
            Route("/api/v2/torrents/info", self.info, methods=["GET", "POST"]),
        ]
        app = GZipMiddleware(Starlette(routes=routes), minimum_size=500, compresslevel=6)

        async def counted(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            with self.lock:
                self.calls[scope["path"]] += 1
            started = time.perf_counter()
            await app(scope, receive, send)
            # Building, compressing and sending the answer: the share of a pass the double itself costs.
            with self.lock:
                self.serve_seconds += time.perf_counter() - started

        return counted

    async def login(self, request: Request) -> Response:
        """`auth/login`: 'Ok.' and a SID cookie; a wrong password gets 'Fails.' and no cookie (4.x, 5.x)."""
        form = await _form(request)
        if form.get("username") != USERNAME or form.get("password") != PASSWORD:
            return PlainTextResponse("Fails.")
        response = PlainTextResponse("Ok.")
        response.set_cookie("SID", self.sid, path="/", httponly=True)
        return response

    async def logout(self, request: Request) -> Response:
        """`auth/logout`."""
        return PlainTextResponse("Ok.")

    def text(self, body: str) -> Callable[[Request], Awaitable[Response]]:
        """An endpoint that needs the session and answers `body`."""

        async def endpoint(request: Request) -> Response:
            if request.cookies.get("SID") != self.sid:
                return PlainTextResponse("Forbidden", status_code=403)
            return PlainTextResponse(body)

        return endpoint

    async def info(self, request: Request) -> Response:
        """`torrents/info`, filtered by `category` and `hashes` (query string or form, as qBittorrent)."""
        if request.cookies.get("SID") != self.sid:
            return PlainTextResponse("Forbidden", status_code=403)
        params: dict[str, Any] = dict(request.query_params)
        if request.method == "POST":
            params.update(await _form(request))
        selected = self.torrents
        if "category" in params:
            selected = [t for t in selected if t["category"] == params["category"]]
        if params.get("hashes"):
            wanted = {h.lower() for h in str(params["hashes"]).split("|")}
            selected = [t for t in selected if t["hash"] in wanted]
        return JSONResponse(selected)

    def advance(self, seconds: int) -> int:
        """`seconds` of qBittorrent's life: downloads gain bytes, a few finish; returns how many finished."""
        downloading = [t for t in self.torrents if t["state"] == "downloading"]
        finishing = {id(t) for t in downloading[: max(1, int(len(downloading) * FINISHING_SHARE))]}
        for torrent in downloading:
            if id(torrent) in finishing:
                torrent.update(state="uploading", progress=1.0, amount_left=0, eta=0, dlspeed=0)
                torrent.update(downloaded=torrent["size"], completed=torrent["size"])
                torrent["completion_on"] = torrent["last_activity"] + seconds
                continue
            gained = min(torrent["dlspeed"] * seconds, torrent["amount_left"] - 1)
            torrent["downloaded"] += gained
            torrent["completed"] = torrent["downloaded"]
            torrent["amount_left"] -= gained
            torrent["progress"] = torrent["downloaded"] / torrent["size"]
            torrent["eta"] = torrent["amount_left"] // torrent["dlspeed"]
            torrent["last_activity"] += seconds
        return len(finishing)


@dataclass
class Published:
    """Follow-up tasks the monitor queued, instead of a broker."""

    tasks: list[tuple[str, int, str]] = field(default_factory=list)

    async def __call__(self, task: str, request_id: int, *, task_id: str) -> bool:
        self.tasks.append((task, request_id, task_id))
        return True


@dataclass
class StatementCounter:
    """SQL statements sent to PostgreSQL (an executemany counts once: it is one call from the driver)."""

    count: int = 0

    def attach(self, engine: AsyncEngine) -> None:
        """Count every statement `engine` executes."""

        def before(*_: Any) -> None:
            self.count += 1

        event.listen(engine.sync_engine, "before_cursor_execute", before)


async def seed(sessions: async_sessionmaker[AsyncSession], states: list[str], now: datetime) -> list[int]:
    """2,000 requests in DOWNLOADING with one download row each (two bulk inserts); their ids in order."""
    seen_at = now - timedelta(minutes=10)  # the previous pass, 10 min ago: nothing stalled for 2 h yet
    requests = [
        {
            "media_type": MediaType.MOVIE,
            "tmdb_id": 100_000 + n,
            "title": f"Benchmark Film {n}",
            "year": 2000 + n % 25,
            "media_key": f"movie:{100_000 + n}",
            "status": RequestStatus.DOWNLOADING,
            "attempts": 1,
            "celery_task_id": f"bench-process-{n}",
            "created_at": now - timedelta(hours=2),
            "updated_at": now - timedelta(hours=1),
        }
        for n in range(len(states))
    ]
    async with sessions() as session:
        ids = list(await session.scalars(insert(MediaRequest).returning(MediaRequest.id), requests))
        await session.execute(
            insert(Download),
            [
                {
                    "request_id": request_id,
                    "info_hash": info_hash(n),
                    "name": release_name(n),
                    "state": DownloadState.DOWNLOADING,
                    "progress": 0.0,
                    "downloaded_bytes": 0,
                    "save_path": SAVE_PATH,
                    "last_progress_at": seen_at,
                    "created_at": seen_at,
                    "updated_at": seen_at,
                }
                for n, request_id in enumerate(ids)
            ],
        )
        await session.commit()
    return ids


@dataclass
class PassFigures:
    """What one measured pass cost and did."""

    label: str
    milliseconds: float
    report: MonitorReport
    http_calls: Counter[str]
    serve_ms: float
    rows_updated: int
    imports: int
    statements: int


async def measured_pass(
    label: str,
    sessions: async_sessionmaker[AsyncSession],
    qbit: QbittorrentClient,
    double: QbittorrentDouble,
    statements: StatementCounter,
    *,
    profile: cProfile.Profile | None = None,
) -> PassFigures:
    """One monitor pass, timed, with the calls qBittorrent received and the rows it changed."""
    published = Published()
    double.reset_counters()
    statements.count = 0
    started_at = utcnow()
    started = time.perf_counter()
    if profile:
        profile.enable()
    async with sessions() as session:
        report = await watch_downloads(session, qbit, send=published)
    if profile:
        profile.disable()
    milliseconds = (time.perf_counter() - started) * 1000
    used = statements.count
    with double.lock:
        calls = Counter({path: n for path, n in double.calls.items() if path not in LOGIN_PATHS})
        serve_ms = double.serve_seconds * 1000
    async with sessions() as session:
        updated = await session.scalar(
            select(func.count()).select_from(Download).where(Download.updated_at >= started_at)
        )
    return PassFigures(
        label, milliseconds, report, calls, serve_ms, int(updated or 0), len(published.tasks), used
    )


def print_pass(figures: PassFigures, torrents: int) -> None:
    """The figures of one pass, and the goal beside them."""
    list_calls = figures.http_calls["/api/v2/torrents/info"]
    total_calls = sum(figures.http_calls.values())
    calls = ", ".join(
        f"{path.removeprefix('/api/v2/')} ×{n}" for path, n in sorted(figures.http_calls.items())
    )
    met = figures.milliseconds < GOAL_MS and total_calls == 1 and list_calls == 1
    report = figures.report
    print(f"{figures.label}")
    print(f"  torrents in qBittorrent      {torrents:>8,d}   watched rows {report.watched:,d}")
    print(f"  wall time of the pass       {figures.milliseconds:>8.0f} ms  (goal < {GOAL_MS:.0f} ms)")
    print(f"  qBittorrent HTTP calls      {total_calls:>8d}      (goal 1 list call; {calls or 'none'})")
    print(f"    of which the double spent {figures.serve_ms:>8.0f} ms  answering (build, gzip, send)")
    print(f"  download rows updated       {figures.rows_updated:>8,d}")
    print(
        f"  imports queued              {figures.imports:>8,d}   (report.importing {len(report.importing)})"
    )
    print(f"  failed over / removed       {len(report.failed_over):>8,d} / {report.removed:,d}")
    print(f"  SQL statements              {figures.statements:>8,d}")
    print(f"  goal {'MET' if met else 'MISSED'}")


async def run(database_url: str, count: int, profile: bool) -> None:
    """Seed, serve the double, and measure the two passes."""
    engine = create_engine(database_url)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    statements = StatementCounter()
    statements.attach(engine)
    now = utcnow()
    states = states_for(count)
    ids = await seed(sessions, states, now)
    epoch = int(now.timestamp())
    double = QbittorrentDouble(
        [
            torrent_json(n, request_id, state, epoch)
            for n, (request_id, state) in enumerate(zip(ids, states, strict=True))
        ]
    )
    mix = Counter(states)
    # Every figure below is wall time: a busy machine inflates it, so say how busy this one was.
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{count:,d} torrents: " + ", ".join(f"{state} {mix[state]}" for state, _ in STATE_MIX))
    with serve(double.asgi()) as url:
        qbit = QbittorrentClient(
            QbittorrentConfig(url=url, username=USERNAME, password=PASSWORD, category=CATEGORY)
        )
        try:
            # The worker keeps its client (and session) between passes: log in and warm the pool first.
            await qbit.login()
            login_calls = sum(double.calls.values())
            async with sessions() as session:
                await session.execute(select(1))
            print(f"login before the passes: {login_calls} HTTP calls (not counted below)\n")
            profiler = cProfile.Profile() if profile else None
            first = await measured_pass(
                "pass 1 — first sight", sessions, qbit, double, statements, profile=profiler
            )
            print_pass(first, len(double.torrents))
            finished = double.advance(300)
            print(f"\n300 s later: downloads moved on, {finished} more finished")
            second = await measured_pass("pass 2 — steady state", sessions, qbit, double, statements)
            print_pass(second, len(double.torrents))
            started = time.perf_counter()
            await qbit.list_torrents()
            alone = (time.perf_counter() - started) * 1000
            print(f"\nfor scale: the list call alone (HTTP + gzip + JSON + parsing) takes {alone:.0f} ms")
            if profiler:
                print("\ncProfile of pass 1 (main thread), top 30 by cumulative time:")
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        finally:
            await qbit.close()
            await engine.dispose()


def main() -> None:
    """Create the throwaway database, run, drop it."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--torrents", type=int, default=2000)
    parser.add_argument("--profile", action="store_true", help="cProfile the first pass")
    args = parser.parse_args()
    database = f"plexkiosk_bench_monitor_{uuid.uuid4().hex[:6]}"
    database_url = create_database(database)
    try:
        migrations.upgrade(database_url)
        asyncio.run(run(database_url, args.torrents, args.profile))
    finally:
        drop_database(database)


if __name__ == "__main__":
    main()
