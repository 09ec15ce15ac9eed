"""The kiosk's budgets (issue 18): what the first page downloads, and how the appliance serves it.

Prints, for the built frontend (frontend/dist, rebuilt with `vite build` unless --no-build):
- the JavaScript the first page loads (index.html's module script and its modulepreloads), each file and the
  total gzipped at level 6 (Nginx's and the embedded server's setting), against the budget of 100 kB;
- the JavaScript fetched later, screen by screen (not part of the budget);
- how embedded mode serves it (the API's own static files, frontend_files.py, asked over ASGI): whether each
  first-load file comes gzip-compressed with `immutable` caching, and index.html revalidated.

Usage: uv run python benchmarks/kiosk_budgets.py [--no-build]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from app.api.frontend_files import frontend_app

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"
JS_BUDGET_BYTES = 100_000  # kB as Vite prints them (1,000 bytes)
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
            good = answer.status_code == 200 and wanted in cache and (url == "/" or encoding == "gzip")
            ok &= good
            flag = "" if good else "  <- not as budgeted"
            print(f"  {url:45} {answer.status_code} {encoding:5} {cache}{flag}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-build", action="store_true", help="measure frontend/dist as it is")
    options = parser.parse_args()
    dist = FRONTEND / "dist"
    if not options.no_build:
        subprocess.run(["npm", "exec", "--", "vite", "build"], cwd=FRONTEND, check=True, capture_output=True)
    first = _first_load_scripts(dist)
    total = _print_javascript(dist, first)
    served = asyncio.run(_print_serving(dist, first))
    if total >= JS_BUDGET_BYTES or not served:
        sys.exit(1)


if __name__ == "__main__":
    main()
