"""TMDB adapter (API v3 over httpx): search, details, external ids, titles and images.

Titles and overviews come in the household's language (settings, fr-FR by default); original titles are
kept beside them because release names use either. Details go through an injectable cache.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from app.integrations import tmdb_episodes as episodes
from app.integrations import tmdb_models as m
from app.integrations.errors import AuthError, PermanentError, TransientError
from app.integrations.tmdb_cache import DetailsCache, InMemoryDetailsCache
from app.integrations.tmdb_episodes import EpisodeGroup, EpisodeGroupSummary, SeasonDetails
from app.integrations.tmdb_models import (
    AlternativeTitle,
    ExternalIds,
    FindResults,
    MovieDetails,
    MovieSummary,
    Page,
    SeasonInfo,
    ShowDetails,
    ShowSummary,
    Translation,
)
from app.integrations.tmdb_release_dates import ReleaseDate, release_dates

__all__ = [
    "AlternativeTitle",
    "DetailsCache",
    "EpisodeGroup",
    "EpisodeGroupSummary",
    "ExternalIds",
    "FindResults",
    "InMemoryDetailsCache",
    "MovieDetails",
    "MovieSummary",
    "Page",
    "SeasonDetails",
    "SeasonInfo",
    "ShowDetails",
    "ShowSummary",
    "TmdbClient",
    "TmdbConfig",
    "Translation",
]

SERVICE = "tmdb"
# TMDB's own limit on append_to_response, less the external ids asked with the seasons.
AIRING_SEASONS = 19
MediaKind = Literal["movie", "tv"]
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
# A w1280 backdrop is ~300 KB; anything past this is not a picture the kiosk wants.
IMAGE_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TmdbConfig:
    """How to reach TMDB; give either a v3 `api_key` or a v4 read `access_token`."""

    api_key: str = ""
    access_token: str = ""
    language: str = "fr-FR"
    region: str = "FR"
    base_url: str = "https://api.themoviedb.org/3"
    image_base_url: str = "https://image.tmdb.org/t/p"
    timeout: float = 10.0
    details_ttl_s: float = 24 * 3600.0
    # A 429 asking for a longer wait than this is handed to the caller (task retry) instead of slept on.
    max_retry_wait_s: float = 5.0


class TmdbClient:
    """Async TMDB client; owns its HTTP client unless one is injected."""

    def __init__(
        self,
        config: TmdbConfig,
        *,
        http: httpx.AsyncClient | None = None,
        cache: DetailsCache | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not config.api_key and not config.access_token:
            raise AuthError(SERVICE, "no API key or access token configured")
        self._config = config
        self._http = http or httpx.AsyncClient(headers={"User-Agent": "plex-kiosk"})
        self._owns_http = http is None
        self._cache: DetailsCache = cache if cache is not None else InMemoryDetailsCache()
        self._sleep = sleep

    async def __aenter__(self) -> TmdbClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_http:
            await self._http.aclose()

    async def ping(self) -> None:
        """Check TMDB is reachable and the credentials are accepted (for `doctor`)."""
        await self._get("/configuration", localised=False)

    async def search_movies(
        self, query: str, *, year: int | None = None, page: int = 1
    ) -> Page[MovieSummary]:
        """Search films by title; one page of results."""
        params = {"query": query, "page": str(page), "include_adult": "false", "region": self._config.region}
        if year:
            params["year"] = str(year)
        return m.page_of(await self._get("/search/movie", params), m.movie_summary)

    async def search_shows(self, query: str, *, year: int | None = None, page: int = 1) -> Page[ShowSummary]:
        """Search series by name; one page of results."""
        params = {"query": query, "page": str(page), "include_adult": "false"}
        if year:
            params["first_air_date_year"] = str(year)
        return m.page_of(await self._get("/search/tv", params), m.show_summary)

    async def movie_details(self, tmdb_id: int) -> MovieDetails:
        """A film's details with runtime, genres and the region's certification (cached)."""
        data = await self._cached(f"/movie/{tmdb_id}", {"append_to_response": "release_dates"})
        return m.movie_details(data, self._config.region)

    async def movie_release_dates(self, tmdb_id: int) -> tuple[ReleaseDate, ...]:
        """A film's release dates in every country (cached with its details: no call of its own)."""
        data = await self._cached(f"/movie/{tmdb_id}", {"append_to_response": "release_dates"})
        return release_dates(data.get("release_dates"))

    async def show_details(self, tmdb_id: int) -> ShowDetails:
        """A series' details with its seasons, external ids and the region's TV rating (cached)."""
        data = await self._cached(f"/tv/{tmdb_id}", {"append_to_response": "external_ids,content_ratings"})
        return m.show_details(data, self._config.region)

    async def season_details(self, tmdb_id: int, season_number: int) -> SeasonDetails:
        """A season's episodes with their titles and air dates (cached)."""
        return episodes.season_details(await self._cached(f"/tv/{tmdb_id}/season/{season_number}", {}))

    async def airing(
        self, tmdb_id: int, seasons: Sequence[int]
    ) -> tuple[ShowDetails, dict[int, SeasonDetails]]:
        """A show's details and the listed seasons' episodes in one fresh call (never cached: it is asked
        when a new episode should have aired). TMDB appends at most 20 sub-resources; a season it does
        not have is left out of the answer."""
        wanted = [f"season/{number}" for number in sorted(set(seasons))][:AIRING_SEASONS]
        data = await self._get(f"/tv/{tmdb_id}", {"append_to_response": ",".join(["external_ids", *wanted])})
        found = {
            int(key[7:]): episodes.season_details(value)
            for key, value in data.items()
            if key.startswith("season/") and isinstance(value, dict)
        }
        return m.show_details(data, self._config.region), found

    async def episode_groups(self, tmdb_id: int) -> tuple[EpisodeGroupSummary, ...]:
        """The other episode orders of a show (absolute, DVD…), without their episodes (cached)."""
        return episodes.episode_groups(await self._cached(f"/tv/{tmdb_id}/episode_groups", {}))

    async def episode_group(self, group_id: str) -> EpisodeGroup:
        """One episode order in full (cached)."""
        return episodes.episode_group(await self._cached(f"/tv/episode_group/{group_id}", {}))

    async def external_ids(self, kind: MediaKind, tmdb_id: int) -> ExternalIds:
        """IMDb and TVDB ids of a film or series."""
        return m.external_ids(await self._get(f"/{kind}/{tmdb_id}/external_ids", localised=False))

    async def find(self, external_id: str, source: Literal["imdb_id", "tvdb_id"]) -> FindResults:
        """Films and series known under an IMDb id (`tt…`) or a TVDB id."""
        data = await self._get(f"/find/{external_id}", {"external_source": source})
        return m.find_results(data)

    async def alternative_titles(self, kind: MediaKind, tmdb_id: int) -> tuple[AlternativeTitle, ...]:
        """Other titles of a film or series, by country."""
        return m.alternative_titles(await self._get(f"/{kind}/{tmdb_id}/alternative_titles", localised=False))

    async def translations(self, kind: MediaKind, tmdb_id: int) -> tuple[Translation, ...]:
        """Titles and overviews of a film or series in other languages."""
        return m.translations(await self._get(f"/{kind}/{tmdb_id}/translations", localised=False))

    def image_url(self, path: str | None, size: str = "w500") -> str | None:
        """Full URL of a poster or backdrop path (None stays None: TMDB has no image)."""
        if not path:
            return None
        return f"{self._config.image_base_url.rstrip('/')}/{size}/{path.lstrip('/')}"

    async def image_base(self) -> str:
        """Where TMDB's images are, as its /configuration says (cached); the configured default else."""
        try:
            data = await self._cached("/configuration", {})
        except TransientError:
            return self._config.image_base_url
        images = data.get("images")
        base = images.get("secure_base_url") if isinstance(images, dict) else None
        return base if isinstance(base, str) and base.startswith("http") else self._config.image_base_url

    async def fetch_image(self, size: str, name: str) -> tuple[bytes, str]:
        """The bytes and media type of one image (`name` as TMDB gives it); TMDB's image host needs no key.

        Only a JPEG, PNG or WebP answer of at most IMAGE_MAX_BYTES is accepted (PermanentError else).
        """
        url = f"{(await self.image_base()).rstrip('/')}/{size}/{name.lstrip('/')}"
        try:
            async with self._http.stream("GET", url, timeout=self._config.timeout) as response:
                if response.status_code == 404:
                    raise PermanentError(SERVICE, f"no image {size}/{name}")
                if response.status_code >= 400:
                    raise TransientError(SERVICE, f"HTTP {response.status_code} on image {size}/{name}")
                media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if media_type not in IMAGE_TYPES:
                    raise PermanentError(SERVICE, f"image {size}/{name} is {media_type or 'untyped'}")
                data = bytearray()
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) > IMAGE_MAX_BYTES:
                        raise PermanentError(SERVICE, f"image {size}/{name} is over {IMAGE_MAX_BYTES} bytes")
        except httpx.TimeoutException as exc:
            raise TransientError(SERVICE, f"timed out on image {size}/{name}") from exc
        except httpx.TransportError as exc:
            raise TransientError(SERVICE, f"image host unreachable ({type(exc).__name__})") from exc
        return bytes(data), media_type

    async def _cached(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        extra = params.get("append_to_response", "")
        key = f"tmdb:{path}:{self._config.language}:{self._config.region}:{extra}"
        cached = await self._cache.get(key)
        if isinstance(cached, dict):
            return cached
        data = await self._get(path, params)
        await self._cache.set(key, data, self._config.details_ttl_s)
        return data

    async def _get(
        self, path: str, params: dict[str, str] | None = None, *, localised: bool = True
    ) -> dict[str, Any]:
        """GET a v3 path; waits once on a short 429, translates every failure into our error kinds."""
        query = dict(params or {})
        if localised:
            query["language"] = self._config.language
        headers = {"Accept": "application/json"}
        if self._config.access_token:
            headers["Authorization"] = f"Bearer {self._config.access_token}"
        else:
            query["api_key"] = self._config.api_key
        url = f"{self._config.base_url.rstrip('/')}{path}"
        for attempt in range(2):
            try:
                response = await self._http.get(
                    url, params=query, headers=headers, timeout=self._config.timeout
                )
            except httpx.TimeoutException as exc:
                raise TransientError(SERVICE, f"timed out on {path}") from exc
            except httpx.TransportError as exc:
                raise TransientError(SERVICE, f"unreachable ({type(exc).__name__})") from exc
            if response.status_code == 429:
                retry_after = _retry_after(response)
                if attempt == 0 and retry_after is not None and retry_after <= self._config.max_retry_wait_s:
                    await self._sleep(retry_after)
                    continue
                raise TransientError(SERVICE, "rate limited (HTTP 429)", retry_after=retry_after)
            return _json_or_raise(response, path)
        raise TransientError(SERVICE, "rate limited (HTTP 429)")  # pragma: no cover - loop always returns


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _status_message(response: httpx.Response) -> str:
    """TMDB's explanation from an error body (`status_message` or a validation `errors` list)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    if isinstance(body.get("status_message"), str):
        return body["status_message"]
    errors = body.get("errors")
    return "; ".join(str(e) for e in errors) if isinstance(errors, list) else ""


def _json_or_raise(response: httpx.Response, path: str) -> dict[str, Any]:
    status = response.status_code
    if status in (401, 403):
        raise AuthError(SERVICE, f"credentials refused: {_status_message(response) or f'HTTP {status}'}")
    if status == 404:
        raise PermanentError(SERVICE, f"not found: {path}")
    if status >= 500:
        raise TransientError(SERVICE, f"HTTP {status} on {path}")
    if status >= 400:
        raise PermanentError(
            SERVICE, f"request refused on {path}: {_status_message(response) or f'HTTP {status}'}"
        )
    try:
        data = response.json()
    except ValueError as exc:
        raise PermanentError(SERVICE, f"answer on {path} is not JSON") from exc
    if not isinstance(data, dict):
        raise PermanentError(SERVICE, f"answer on {path} is not a JSON object")
    return data
