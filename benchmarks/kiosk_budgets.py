"""The kiosk's budgets (issue 18): what the first page downloads, and how the appliance serves it.

Prints, for the built frontend (`vite build` into a temporary folder, so the tree's dist/ is left alone; or
frontend/dist as it is with --no-build):
- the JavaScript the first page loads (index.html's module script and its modulepreloads), each file and the
  total gzipped at level 6 (Nginx's and the embedded server's setting), against the budget of 100 kB;
- the JavaScript fetched later, screen by screen (not part of the budget);
- how embedded mode serves it (the API's own static files, frontend_files.py, asked over ASGI): whether each
  first-load file comes gzip-compressed with `immutable` caching, and index.html revalidated;
- the first load on localhost: a real API process in embedded mode (SQLite in a temporary folder, one
  parent's profile) and Debian's Chromium; milliseconds from navigation to the profile picker shown
  (« Qui regarde ? » visible), with an empty cache and again with the cache warm, median of --loads each,
  against the budget of 500 ms. Skipped with a note when Chromium is missing (--no-browser to skip it);
- taps, counted in the same browser as a family member without a PIN does it (TMDB simulated): from the
  idle screen (the page's clock runs the kiosk's idle time forward) to the search field, and from the
  search results to a confirmed request (budgets: 3 and 4).

Usage: uv run python benchmarks/kiosk_budgets.py [--no-build] [--no-browser] [--loads 5]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from app.api.frontend_files import GZIP_MIN_BYTES, frontend_app
from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"
JS_BUDGET_BYTES = 100_000  # kB as Vite prints them (1,000 bytes)
FIRST_LOAD_BUDGET_MS = 500
TAPS_TO_SEARCH = 3  # from the idle screen
TAPS_TO_REQUEST = 4
INCEPTION_ID = 27205
INCEPTION = {"id": INCEPTION_ID, "title": "Inception", "release_date": "2010-07-15", "poster_path": None}
GZIP_LEVEL = 6


class _FirstLoadScripts(HTMLParser):
    """The script and modulepreload URLs of index.html: what a browser fetches before the app starts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(str(found["src"]))
        elif tag == "link" and found.get("rel") == "modulepreload" and found.get("href"):
            self.urls.append(str(found["href"]))


def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL))


def _first_load_scripts(dist: Path) -> list[str]:
    parser = _FirstLoadScripts()
    parser.feed((dist / "index.html").read_text())
    return parser.urls


def _print_javascript(dist: Path, first: list[str]) -> int:
    total = 0
    print("JavaScript the first page loads (gzip -6):")
    for url in first:
        size = _gzipped(dist / url.lstrip("/"))
        total += size
        print(f"  {url:45} {size / 1000:7.1f} kB")
    verdict = "within" if total < JS_BUDGET_BYTES else "OVER"
    print(f"  total {total / 1000:.1f} kB: {verdict} the budget of {JS_BUDGET_BYTES / 1000:.0f} kB")
    later = sorted(
        (p for p in (dist / "assets").glob("*.js") if f"/assets/{p.name}" not in first),
        key=_gzipped,
        reverse=True,
    )
    print(f"JavaScript fetched later, when a screen first shows ({len(later)} files, largest first):")
    for path in later[:6]:
        print(f"  /assets/{path.name:38} {_gzipped(path) / 1000:7.1f} kB")
    return total


async def _print_serving(dist: Path, first: list[str]) -> bool:
    """Ask embedded mode's static files for index.html and the first-load files as a browser would."""
    transport = httpx.ASGITransport(app=frontend_app(dist))
    ok = True
    print("Embedded mode serves (Content-Encoding, Cache-Control):")
    async with httpx.AsyncClient(transport=transport, base_url="http://kiosk") as client:
        for url in ["/", *first]:
            answer = await client.get(url, headers={"Accept-Encoding": "gzip"})
            encoding = answer.headers.get("content-encoding", "none")
            cache = answer.headers.get("cache-control", "none")
            wanted = "no-cache" if url == "/" else "immutable"
            # A file under the server's gzip threshold goes as it is: compressing would not make it smaller.
            small = len(answer.content) < GZIP_MIN_BYTES
            compressed = url == "/" or small or encoding == "gzip"
            good = answer.status_code == 200 and wanted in cache and compressed
            ok &= good
            flag = "" if good else "  <- not as budgeted"
            print(f"  {url:45} {answer.status_code} {encoding:5} {cache}{flag}")
    return ok


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_embedded_api(data: Path, dist: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`plex-kiosk api --migrate` on SQLite in `data`, serving `dist`; returns the process and its URL."""
    port = _free_port()
    env = {
        **os.environ,
        "PLEX_KIOSK_MODE": "embedded",
        "DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite+aiosqlite:///{data}/kiosk.sqlite3",
        "CELERY_BROKER_URL": f"sqla+sqlite:///{data}/broker.sqlite3",
        "CELERY_RESULT_BACKEND": f"db+sqlite:///{data}/results.sqlite3",
        "FRONTEND_DIST": str(dist),
        "LOG_LEVEL": "WARNING",
    }
    command = [str(Path(sys.executable).with_name("plex-kiosk")), "api", "--migrate", "--port", str(port)]
    api = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and api.poll() is None:
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return api, url
        except httpx.HTTPError:
            time.sleep(0.2)
    api.terminate()
    raise SystemExit("the embedded API did not start")


async def _first_loads(url: str, chromium: str, loads: int) -> tuple[list[float], list[float]]:
    """Milliseconds to the profile picker: each load in a fresh context (cold), then reloaded (warm)."""
    from playwright.async_api import async_playwright

    cold: list[float] = []
    warm: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
        )
        for _ in range(loads):
            context = await browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
            page = await context.new_page()
            picker = page.get_by_role("heading", name="Qui regarde ?")
            for times in (cold, warm):
                start = time.perf_counter()
                await (page.goto(f"{url}/") if times is cold else page.reload())
                await picker.wait_for(state="visible")
                times.append((time.perf_counter() - start) * 1000)
            await context.close()
        await browser.close()
    return cold, warm


async def _count_taps(url: str, chromium: str) -> tuple[int, int]:
    """Taps of a member without a PIN: idle screen -> search field, search results -> request confirmed."""
    from playwright.async_api import Locator, async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
        )
        context = await browser.new_context(
            viewport={"width": 1280, "height": 800}, locale="fr-FR", has_touch=True
        )
        page = await context.new_page()
        taps = 0

        async def tap(target: Locator) -> None:
            nonlocal taps
            await target.tap()
            taps += 1

        await page.clock.install()
        await page.goto(f"{url}/")
        await page.get_by_role("heading", name="Qui regarde ?").wait_for(state="visible")
        await page.clock.fast_forward("02:05")  # the kiosk's two idle minutes, without waiting them
        await tap(page.get_by_role("heading", name="Quoi de neuf ?"))
        await tap(page.get_by_role("button", name="Léo"))
        box = page.get_by_role("searchbox", name="Chercher un film ou une série")
        await box.wait_for(state="visible")
        to_search, taps = taps, 0
        await box.fill("inception")  # typing, then the keyboard's Enter: not taps
        await box.press("Enter")
        await tap(page.locator(".poster-card").filter(has_text="Inception"))
        await tap(page.get_by_role("dialog", name="Inception").get_by_role("button", name="Demander"))
        await page.get_by_role("status").filter(has_text="Demande envoyée").wait_for(state="visible")
        await browser.close()
        return to_search, taps


def _print_taps(url: str, chromium: str, api_key: str, tmdb_url: str) -> bool:
    member = {"name": "Léo"}  # no PIN
    tmdb = {"api_key": TmdbScenario().api_key, "base_url": f"{tmdb_url}/3", "language": "fr-FR"}
    for method, path, body in (("POST", "/profiles", member), ("PUT", "/settings/tmdb", tmdb)):
        answer = httpx.request(
            method, f"{url}/api/v1{path}", json=body, headers={"X-Api-Key": api_key}, timeout=10
        )
        assert answer.is_success, answer.text
    to_search, to_request = asyncio.run(_count_taps(url, chromium))
    print("Taps (a member without a PIN, TMDB simulated):")
    print(f"  idle screen -> profile picker -> search field: {to_search} (budget {TAPS_TO_SEARCH})")
    print(f"  search results -> request confirmed: {to_request} (budget {TAPS_TO_REQUEST})")
    return to_search <= TAPS_TO_SEARCH and to_request <= TAPS_TO_REQUEST


def _print_first_load(dist: Path, loads: int) -> bool:
    chromium = shutil.which(os.environ.get("CHROMIUM_PATH") or "chromium")
    if chromium is None:
        print("First load: not measured (no Chromium; apt-get install chromium or set CHROMIUM_PATH)")
        return True
    with tempfile.TemporaryDirectory() as data:
        api, url = _start_embedded_api(Path(data), dist)
        try:
            # One parent's profile, so the first screen is the daily one (the picker), not the first run.
            setup = {"name": "Claire", "secret": {"kind": "pin", "value": "2468"}}
            made = httpx.post(f"{url}/api/v1/auth/setup", json=setup, timeout=10)
            assert made.status_code == 201, made.text
            cold, warm = asyncio.run(_first_loads(url, chromium, loads))
            with serve(create_app(TmdbScenario(movies={INCEPTION_ID: INCEPTION}))) as tmdb_url:
                few_taps = _print_taps(url, chromium, made.json()["api_key"]["api_key"], tmdb_url)
        finally:
            api.terminate()
            api.wait(timeout=10)
    typical = statistics.median(cold)
    verdict = "within" if typical < FIRST_LOAD_BUDGET_MS else "OVER"
    load = os.getloadavg()[0]  # the machine's load matters: two cores shared with the API and Chromium
    print(f"First load on localhost (embedded mode, Chromium), to the picker shown, {loads} loads,")
    print(f"  load average {load:.1f} on {os.cpu_count()} cores:")
    print(
        f"  empty cache: median {statistics.median(cold):.0f} ms (min {min(cold):.0f}, max {max(cold):.0f})"
    )
    print(
        f"  warm cache:  median {statistics.median(warm):.0f} ms (min {min(warm):.0f}, max {max(warm):.0f})"
    )
    print(f"  {verdict} the budget of {FIRST_LOAD_BUDGET_MS} ms (empty cache)")
    return typical < FIRST_LOAD_BUDGET_MS and few_taps


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-build", action="store_true", help="measure frontend/dist as it is")
    parser.add_argument("--no-browser", action="store_true", help="skip the first load in Chromium")
    parser.add_argument("--loads", type=int, default=5, help="first loads to measure")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as built:
        dist = FRONTEND / "dist" if options.no_build else Path(built)
        if not options.no_build:
            build = ["npm", "exec", "--", "vite", "build", "--outDir", built, "--emptyOutDir"]
            subprocess.run(build, cwd=FRONTEND, check=True, capture_output=True)
        _measure(dist, options)


def _measure(dist: Path, options: argparse.Namespace) -> None:
    first = _first_load_scripts(dist)
    total = _print_javascript(dist, first)
    served = asyncio.run(_print_serving(dist, first))
    fast = options.no_browser or _print_first_load(dist, options.loads)
    if total >= JS_BUDGET_BYTES or not served or not fast:
        sys.exit(1)


if __name__ == "__main__":
    main()
