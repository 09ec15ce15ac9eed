"""What a poster costs the appliance: fetched from TMDB's image host (its simulator over loopback HTTP),
served from the disk cache, drawn as a placeholder, and the eviction walk of a full cache.

Prints milliseconds per image (median of the runs) for a first showing (fetch and keep), a later one (read
from disk), the drawn title, and --posters inserts into a cache already holding --files posters at its
bound (median, mean and worst: only some inserts walk the folder to find the least recently shown).

Usage: uv run python benchmarks/image_cache.py [--posters 200] [--files 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.catalog import images
from app.catalog.image_cache import ImageCache
from app.catalog.placeholders import placeholder_svg
from app.integrations.tmdb import TmdbClient, TmdbConfig

POSTER_BYTES = 40_000  # a w342 JPEG from TMDB is 30-60 KB


def _ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:.2f} ms"


async def _fetch_and_serve(base_url: str, folder: Path, posters: int) -> tuple[list[float], list[float]]:
    cache = ImageCache(folder, max_bytes=1 << 30)
    first, later = [], []
    async with TmdbClient(TmdbConfig(api_key="simkey", base_url=f"{base_url}/3")) as tmdb:
        await tmdb.image_base()  # /configuration once, as a running API has it cached
        for n in range(posters):
            start = time.perf_counter()
            await images.image(cache, tmdb, kind="poster", name=f"poster{n}.jpg", title="")
            first.append(time.perf_counter() - start)
        for n in range(posters):
            start = time.perf_counter()
            await images.kept_image(cache, kind="poster", name=f"poster{n}.jpg")
            later.append(time.perf_counter() - start)
    return first, later


def _inserts_into_full_cache(folder: Path, files: int, inserts: int) -> list[float]:
    cache = ImageCache(folder, max_bytes=files * POSTER_BYTES)
    (folder / "w342").mkdir(parents=True)
    for n in range(files):
        (folder / "w342" / f"old{n}.jpg").write_bytes(b"x" * POSTER_BYTES)
    took = []
    for n in range(inserts):
        start = time.perf_counter()
        cache.put("w342", f"new{n}.jpg", b"x" * POSTER_BYTES)
        took.append(time.perf_counter() - start)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posters", type=int, default=200)
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args()

    scenario = TmdbScenario()
    for n in range(args.posters):
        scenario.movies[n + 1] = {"id": n + 1, "title": f"Film {n}", "poster_path": f"/poster{n}.jpg"}
    with tempfile.TemporaryDirectory() as tmp, serve(create_app(scenario)) as base_url:
        first, later = asyncio.run(_fetch_and_serve(base_url, Path(tmp) / "fetch", args.posters))
        drawn = []
        for n in range(args.posters):
            start = time.perf_counter()
            placeholder_svg(f"Le Seigneur des anneaux : épisode {n}")
            drawn.append(time.perf_counter() - start)
        full = _inserts_into_full_cache(Path(tmp) / "full", args.files, args.posters)
    print(f"first showing (fetch from the image host, keep): {_ms(first)} per poster ({args.posters})")
    print(f"later showing (read from the disk cache):        {_ms(later)} per poster")
    print(f"drawn title (SVG placeholder):                   {_ms(drawn)} per poster")
    mean = statistics.mean(full) * 1000
    print(
        f"insert into a full cache of {args.files} posters: median {_ms(full)}, mean {mean:.2f} ms, "
        f"worst {max(full) * 1000:.2f} ms (a walk of the folder)"
    )


if __name__ == "__main__":
    main()
