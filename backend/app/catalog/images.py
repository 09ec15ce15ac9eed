"""Posters and backdrops as the kiosk shows them: from the disk cache, else from TMDB (then kept), else drawn.

Every answer is a picture: a TMDB image when one can be had, the drawn placeholder with the title when
TMDB has none or cannot be reached. How long a browser may keep it follows from which: a TMDB file name
names one image for ever (immutable), "TMDB has none" may change (a day), "TMDB is away" must be asked
again at the next showing (no-cache), so the poster appears once TMDB is back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlencode

from app.catalog.image_cache import ImageCache, valid_file_name
from app.catalog.placeholders import ImageKind, placeholder_svg
from app.config import Settings
from app.integrations.errors import IntegrationError, PermanentError
from app.integrations.tmdb import TmdbClient

log = logging.getLogger(__name__)

IMAGES_PATH = "/api/v1/images"
# The sizes the kiosk draws at (a poster card is ~170 px wide at 2x, a backdrop fills a 1080p screen).
SIZES: dict[ImageKind, str] = {"poster": "w342", "backdrop": "w1280"}
KEPT_FOR_EVER = "public, max-age=31536000, immutable"
NONE_AT_TMDB = "public, max-age=86400"
ASK_AGAIN = "no-cache"
SVG = "image/svg+xml"
# How many images a search or a request fetches at once ahead of the screen (TMDB allows ~40 calls/10 s).
PREFETCH_CONCURRENCY = 4
TitleKind = Literal["movie", "tv"]


@dataclass(frozen=True, slots=True)
class ImageAnswer:
    """One picture to send: its bytes, its media type and its Cache-Control."""

    media_type: str
    cache_control: str
    body: bytes = b""
    placeholder: bool = False


def image_cache(settings: Settings) -> ImageCache:
    """The process's image cache, in DATA_DIR/images, bounded by IMAGE_CACHE_MB."""
    return ImageCache(settings.data_dir / "images", settings.image_cache_mb * 1024 * 1024)


def image_url(kind: ImageKind, tmdb_path: str | None, title: str) -> str:
    """The kiosk's URL of a title's poster or backdrop (the placeholder's when TMDB has none)."""
    name = (tmdb_path or "").lstrip("/")
    file = name if valid_file_name(name) else "none"
    return f"{IMAGES_PATH}/{kind}/{quote(file)}?{urlencode({'title': title[:120]})}"


def drawn(title: str, kind: ImageKind, cache_control: str) -> ImageAnswer:
    """The placeholder for `title`."""
    return ImageAnswer(SVG, cache_control, body=placeholder_svg(title, kind), placeholder=True)


async def kept_image(cache: ImageCache, *, kind: ImageKind, name: str) -> ImageAnswer | None:
    """The picture when the cache has it (no database, no TMDB needed); None else."""
    if not valid_file_name(name):
        return None
    kept = await asyncio.to_thread(cache.get, SIZES[kind], name)
    if kept is None:
        return None
    try:
        # Read whole (a poster is ~40 KB): another process may evict the file right after this.
        data = await asyncio.to_thread(kept.read_bytes)
    except FileNotFoundError:
        return None
    return ImageAnswer(_media_type(data), KEPT_FOR_EVER, body=data)


async def image(
    cache: ImageCache, tmdb: TmdbClient | None, *, kind: ImageKind, name: str, title: str
) -> ImageAnswer:
    """The picture for the TMDB image `name` (`none`: TMDB has none), fetched and kept on a miss."""
    if not valid_file_name(name):
        return drawn(title, kind, NONE_AT_TMDB)
    size = SIZES[kind]
    kept = await kept_image(cache, kind=kind, name=name)
    if kept is not None:
        return kept
    if tmdb is None:  # TMDB not set up yet: nothing to ask
        return drawn(title, kind, ASK_AGAIN)
    try:
        data, media_type = await tmdb.fetch_image(size, name)
    except PermanentError as exc:
        log.info("no image %s/%s at TMDB: %s", size, name, exc)
        return drawn(title, kind, NONE_AT_TMDB)
    except IntegrationError as exc:
        log.info("image %s/%s not fetched now: %s", size, name, exc)
        return drawn(title, kind, ASK_AGAIN)
    await asyncio.to_thread(cache.put, size, name, data)
    return ImageAnswer(media_type, KEPT_FOR_EVER, body=data)


async def title_image(
    cache: ImageCache, tmdb: TmdbClient | None, *, kind: ImageKind, media: TitleKind, tmdb_id: int, title: str
) -> ImageAnswer:
    """The picture of a title known by its TMDB id (the library, a request): its details say which file."""
    if tmdb is None:
        return drawn(title, kind, ASK_AGAIN)
    try:
        details = await (tmdb.movie_details(tmdb_id) if media == "movie" else tmdb.show_details(tmdb_id))
    except PermanentError:
        return drawn(title, kind, NONE_AT_TMDB)
    except IntegrationError:
        return drawn(title, kind, ASK_AGAIN)
    path = details.poster_path if kind == "poster" else details.backdrop_path
    return await image(cache, tmdb, kind=kind, name=(path or "").lstrip("/"), title=title)


async def prefetch(
    cache: ImageCache, tmdb: TmdbClient, images: Iterable[tuple[ImageKind, str | None]]
) -> int:
    """Fetch and keep the given images ahead of the screen (a search's posters); returns how many are kept.

    Never raises: a picture that cannot be had now is drawn when it is shown, and asked for again then.
    """
    wanted = {(kind, path.lstrip("/")) for kind, path in images if path and valid_file_name(path.lstrip("/"))}
    gate = asyncio.Semaphore(PREFETCH_CONCURRENCY)

    async def one(kind: ImageKind, name: str) -> bool:
        async with gate:
            answer = await image(cache, tmdb, kind=kind, name=name, title="")
        return not answer.placeholder

    results = await asyncio.gather(*(one(kind, name) for kind, name in wanted), return_exceptions=True)
    return sum(1 for result in results if result is True)


async def prefetch_titles(
    cache: ImageCache, tmdb: TmdbClient, titles: Iterable[tuple[TitleKind, int]]
) -> int:
    """Fetch and keep the posters of titles known by their TMDB id (what Plex just added); returns how
    many are kept. Never raises, as `prefetch`."""
    gate = asyncio.Semaphore(PREFETCH_CONCURRENCY)

    async def one(media: TitleKind, tmdb_id: int) -> bool:
        async with gate:
            answer = await title_image(cache, tmdb, kind="poster", media=media, tmdb_id=tmdb_id, title="")
        return not answer.placeholder

    results = await asyncio.gather(
        *(one(media, tmdb_id) for media, tmdb_id in set(titles)), return_exceptions=True
    )
    return sum(1 for result in results if result is True)


def _media_type(data: bytes) -> str:
    """What a kept image is, by its first bytes: the host chose the format, not the name's extension."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"
