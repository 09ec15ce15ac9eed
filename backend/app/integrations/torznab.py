"""Torznab adapter: search several indexers (Jackett, Prowlarr, native) in parallel.

One slow or broken indexer never sinks a search: each runs under its own timeout and its failure is
reported beside the results of the others.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import httpx

from app.integrations.errors import AuthError, IntegrationError, PermanentError, TransientError
from app.integrations.torznab_parse import (
    SERVICE,
    TorznabCaps,
    TorznabItem,
    error_in_body,
    normalise_imdb_id,
    parse_caps,
    parse_feed,
)

__all__ = [
    "IndexerFailure",
    "IndexersUnreachable",
    "SearchQuery",
    "SearchResults",
    "TorznabCaps",
    "TorznabClient",
    "TorznabIndexer",
    "TorznabItem",
]

DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ITEMS = 1000
DEFAULT_CAPS_TTL_S = 6 * 3600.0
# Newznab category roots used when an indexer has no categories configured.
_MOVIE_CATEGORIES = (2000,)
_TV_CATEGORIES = (5000,)
# Guards against an indexer that ignores `offset` and serves page one forever.
_MAX_PAGES = 20


@dataclass(frozen=True, slots=True)
class TorznabIndexer:
    """One configured indexer; `base_url` is its Torznab endpoint, with or without the trailing /api."""

    name: str
    base_url: str
    api_key: str
    timeout: float = 20.0
    enabled: bool = True
    categories: tuple[int, ...] = ()

    @property
    def api_url(self) -> str:
        """The endpoint that takes `t=…` queries."""
        base = self.base_url.rstrip("/")
        return base if base.endswith("/api") else f"{base}/api"


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for; ids are used when an indexer supports them, title and year otherwise."""

    kind: Literal["movie", "tv"]
    title: str
    year: int | None = None
    imdb_id: str | None = None
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    season: int | None = None
    episode: int | None = None
    limit: int = 100


@dataclass(frozen=True, slots=True)
class IndexerFailure:
    """Why one indexer gave nothing; `kind` is transient, auth or permanent."""

    indexer: str
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class SearchResults:
    """Items from every indexer that answered, and the failures of those that did not."""

    items: tuple[TorznabItem, ...]
    failures: tuple[IndexerFailure, ...] = ()
    searched: tuple[str, ...] = field(default=())
    # Items left out of an answer that was otherwise used (not well-formed, no title…), one line each.
    skipped: tuple[str, ...] = ()

    @property
    def all_failed(self) -> bool:
        """True when at least one indexer was searched and none of them answered."""
        return bool(self.searched) and len(self.failures) == len(self.searched)


class IndexersUnreachable(TransientError):
    """No enabled indexer answered a search: an outage to wait out, not "nothing exists"."""

    def __init__(self, failures: Sequence[IndexerFailure]) -> None:
        self.indexers = tuple(failure.indexer for failure in failures)
        summary = "; ".join(f"{failure.indexer}: {failure.message}" for failure in failures)
        super().__init__("indexers", summary or "no indexer answered")


class TorznabClient:
    """Async Torznab client over httpx; owns its HTTP client unless one is injected."""

    def __init__(
        self,
        indexers: Sequence[TorznabIndexer],
        *,
        http: httpx.AsyncClient | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_items: int = DEFAULT_MAX_ITEMS,
        caps_ttl_s: float = DEFAULT_CAPS_TTL_S,
    ) -> None:
        self._indexers = tuple(indexers)
        self._http = http or httpx.AsyncClient(follow_redirects=True, headers={"User-Agent": "plex-kiosk"})
        self._owns_http = http is None
        self._max_response_bytes = max_response_bytes
        self._max_items = max_items
        self._caps_ttl_s = caps_ttl_s
        self._caps_cache: dict[tuple[str, str], tuple[float, TorznabCaps]] = {}

    async def __aenter__(self) -> TorznabClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_http:
            await self._http.aclose()

    @property
    def indexers(self) -> tuple[TorznabIndexer, ...]:
        """The configured indexers, enabled or not."""
        return self._indexers

    async def caps(self, indexer: TorznabIndexer) -> TorznabCaps:
        """Return the indexer's capabilities, fetched once per `caps_ttl_s`."""
        key = (indexer.name, indexer.api_url)
        cached = self._caps_cache.get(key)
        if cached and time.monotonic() - cached[0] < self._caps_ttl_s:
            return cached[1]
        caps = parse_caps(await self._get(indexer, {"t": "caps"}))
        self._caps_cache[key] = (time.monotonic(), caps)
        return caps

    async def search(self, query: SearchQuery) -> SearchResults:
        """Search every enabled indexer in parallel, each under its own timeout."""
        indexers = [i for i in self._indexers if i.enabled]
        outcomes = await asyncio.gather(*(self._search_one(i, query) for i in indexers))
        items: list[TorznabItem] = []
        failures: list[IndexerFailure] = []
        skipped: list[str] = []
        for outcome in outcomes:
            if isinstance(outcome, IndexerFailure):
                failures.append(outcome)
            else:
                items.extend(outcome[0])
                skipped.extend(outcome[1])
        return SearchResults(
            items=tuple(items),
            failures=tuple(failures),
            searched=tuple(i.name for i in indexers),
            skipped=tuple(skipped),
        )

    async def search_indexer(self, indexer: TorznabIndexer, query: SearchQuery) -> list[TorznabItem]:
        """Search one indexer, paging with `offset` up to `query.limit`; raises our error kinds."""
        items, _skipped = await self._search_indexer(indexer, query)
        return items

    async def _search_indexer(
        self, indexer: TorznabIndexer, query: SearchQuery
    ) -> tuple[list[TorznabItem], list[str]]:
        """The items of one indexer and a note for each item its pages held but could not be used."""
        skipped: list[str] = []
        caps = await self.caps(indexer)
        params = build_search_params(indexer, caps, query)
        page_size = min(query.limit, caps.limit_max or caps.limit_default or 100)
        items: list[TorznabItem] = []
        seen: set[str] = set()
        offset = 0
        for _ in range(_MAX_PAGES):
            want = min(page_size, query.limit - len(items))
            body = await self._get(indexer, {**params, "limit": str(want), "offset": str(offset)})
            feed = parse_feed(body, indexer.name, max_items=self._max_items)
            skipped.extend(feed.skipped)
            fresh = [item for item in feed.items if item.guid not in seen]
            seen.update(item.guid for item in fresh)
            items.extend(fresh[: query.limit - len(items)])
            offset += feed.raw_item_count
            exhausted = feed.raw_item_count < want or not fresh
            if exhausted or len(items) >= query.limit or (feed.total is not None and offset >= feed.total):
                break
        return items, skipped

    async def _search_one(
        self, indexer: TorznabIndexer, query: SearchQuery
    ) -> tuple[list[TorznabItem], list[str]] | IndexerFailure:
        try:
            async with asyncio.timeout(indexer.timeout):
                return await self._search_indexer(indexer, query)
        except TimeoutError:
            return IndexerFailure(indexer.name, "transient", f"no answer within {indexer.timeout:g} s")
        except IntegrationError as exc:
            return IndexerFailure(indexer.name, exc.kind, exc.message)

    async def _get(self, indexer: TorznabIndexer, params: dict[str, str]) -> bytes:
        """GET the endpoint with the API key, streaming the body up to the size cap."""
        query = {**params, "apikey": indexer.api_key}
        try:
            async with self._http.stream(
                "GET", indexer.api_url, params=query, timeout=indexer.timeout
            ) as response:
                body = await self._read_capped(response, indexer)
        except httpx.TimeoutException as exc:
            raise TransientError(SERVICE, f"{indexer.name}: timed out") from exc
        except httpx.TransportError as exc:
            raise TransientError(SERVICE, f"{indexer.name}: unreachable ({type(exc).__name__})") from exc
        return self._check_status(indexer, response.status_code, response.headers, body)

    async def _read_capped(self, response: httpx.Response, indexer: TorznabIndexer) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self._max_response_bytes:
            raise PermanentError(SERVICE, f"{indexer.name}: answer larger than {self._limit_text()}, ignored")
        chunks = bytearray()
        async for chunk in response.aiter_bytes():
            chunks.extend(chunk)
            if len(chunks) > self._max_response_bytes:
                raise PermanentError(
                    SERVICE, f"{indexer.name}: answer larger than {self._limit_text()}, ignored"
                )
        return bytes(chunks)

    def _limit_text(self) -> str:
        return f"{self._max_response_bytes / (1024 * 1024):g} MB"

    def _check_status(
        self, indexer: TorznabIndexer, status: int, headers: httpx.Headers, body: bytes
    ) -> bytes:
        if status < 400:
            return body
        # Indexers often explain a refusal with a Torznab <error> body; prefer its code to the status.
        if (error := error_in_body(body)) is not None:
            raise type(error)(SERVICE, f"{indexer.name}: {error.message}")
        if status in (401, 403):
            raise AuthError(SERVICE, f"{indexer.name}: API key refused (HTTP {status})")
        if status == 429 or status >= 500:
            retry_after = _retry_after(headers)
            raise TransientError(SERVICE, f"{indexer.name}: HTTP {status}", retry_after=retry_after)
        raise PermanentError(SERVICE, f"{indexer.name}: HTTP {status}")


def build_search_params(indexer: TorznabIndexer, caps: TorznabCaps, query: SearchQuery) -> dict[str, str]:
    """Choose the most precise search the indexer supports: ids first, then title and year."""
    default_cats = _MOVIE_CATEGORIES if query.kind == "movie" else _TV_CATEGORIES
    cats = ",".join(str(c) for c in (indexer.categories or default_cats))
    params = _movie_params(caps, query) if query.kind == "movie" else _tv_params(caps, query)
    return {**params, "cat": cats}


def _movie_params(caps: TorznabCaps, query: SearchQuery) -> dict[str, str]:
    ids: dict[str, str] = {}
    imdb = normalise_imdb_id(query.imdb_id)
    # Digits without `tt`: the Newznab form, which Jackett and Prowlarr also accept.
    if imdb and caps.supports("movie-search", "imdbid"):
        ids["imdbid"] = imdb[2:]
    if query.tmdb_id and caps.supports("movie-search", "tmdbid"):
        ids["tmdbid"] = str(query.tmdb_id)
    if ids:
        return {"t": "movie", **ids}
    return {"t": "search", "q": _title_with_year(query)}


def _tv_params(caps: TorznabCaps, query: SearchQuery) -> dict[str, str]:
    episode_params: dict[str, str] = {}
    if query.season is not None and caps.supports("tv-search", "season"):
        episode_params["season"] = str(query.season)
        if query.episode is not None and caps.supports("tv-search", "ep"):
            episode_params["ep"] = str(query.episode)
    if query.tvdb_id and caps.supports("tv-search", "tvdbid"):
        return {"t": "tvsearch", "tvdbid": str(query.tvdb_id), **episode_params}
    if query.tmdb_id and caps.supports("tv-search", "tmdbid"):
        return {"t": "tvsearch", "tmdbid": str(query.tmdb_id), **episode_params}
    if caps.supports("tv-search", "q"):
        return {"t": "tvsearch", "q": query.title, **episode_params}
    return {"t": "search", "q": _title_with_episode(query)}


def _title_with_year(query: SearchQuery) -> str:
    return f"{query.title} {query.year}" if query.year else query.title


def _title_with_episode(query: SearchQuery) -> str:
    if query.season is None:
        return query.title
    if query.episode is None:
        return f"{query.title} S{query.season:02d}"
    return f"{query.title} S{query.season:02d}E{query.episode:02d}"


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after", "")
    return float(value) if value.isdigit() else None
