"""Fetch and parse a whole simulated Plex library page by page and print the cost (the Plex sync's limit).

Run: uv run python benchmarks/plex_listing.py [--movies 100000] [--shows 5000] [--page-size 5000]
The simulator runs in a subprocess (as a real server would), so its work does not share this process's GIL.
Figures: seconds and µs per item for serving + fetching + parsing, and this process's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import time
from pathlib import Path

import httpx

BACKEND = Path(__file__).resolve().parents[1] / "backend"
sys.path.insert(0, str(BACKEND))

from app.appliance.simulators.plex import PlexScenario  # noqa: E402
from app.appliance.simulators.ports import free_port  # noqa: E402
from app.integrations.plex import PlexClient, PlexConfig  # noqa: E402


def _start_simulator(port: int, movies: int, shows: int) -> subprocess.Popen[bytes]:
    """Run the simulator in its own process and wait until it answers."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.appliance.simulators.plex",
            "--port",
            str(port),
            "--movies",
            str(movies),
            "--shows",
            str(shows),
            "--seasons",
            "3",
            "--episodes",
            "10",
        ],
        cwd=BACKEND,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/identity", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("simulator did not start")


async def _walk(client: PlexClient, section: str, item_type: str | None, page_size: int) -> tuple[int, float]:
    """List a whole section; return (items, seconds)."""
    started = time.perf_counter()
    count = 0
    async for page in client.iter_section(section, item_type=item_type, page_size=page_size):
        count += len(page.items)
    return count, time.perf_counter() - started


async def main() -> None:
    """Print the listing figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=100_000)
    parser.add_argument("--shows", type=int, default=5_000)
    parser.add_argument("--page-size", type=int, default=5_000)
    args = parser.parse_args()
    port = free_port()
    process = _start_simulator(port, args.movies, args.shows)
    client = PlexClient(PlexConfig(url=f"http://127.0.0.1:{port}", token=PlexScenario.token, timeout=120))
    try:
        for label, section, item_type in (
            ("movies", "1", None),
            ("shows", "2", None),
            ("episodes", "2", "episode"),
        ):
            count, seconds = await _walk(client, section, item_type, args.page_size)
            print(
                f"{label:9s} {count:>8,d} items  {seconds:6.2f} s  "
                f"{seconds / max(count, 1) * 1e6:6.1f} µs/item"
            )
    finally:
        await client.close()
        process.terminate()
        process.wait(timeout=10)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the fetching process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
