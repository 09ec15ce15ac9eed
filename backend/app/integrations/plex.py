"""Plex adapter: connect (plexapi), list sections and items page by page from the raw XML, partial scans.

plexapi makes the connection and identifies the server; bulk listings read the raw XML (parsed with
defusedxml) because plexapi's objects cost ~250 µs each, far too slow for 250,000 items. Every method is async
and runs the blocking HTTP in a worker thread. Errors come out as the three kinds of
`app.integrations.errors`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import plexapi
import requests
from defusedxml import DefusedXmlException
from plexapi import exceptions as plex_exceptions
from plexapi.server import PlexServer

from app.integrations.errors import AuthError, PermanentError, TransientError
from app.integrations.path_mapping import norm, to_ours, to_theirs, under
from app.integrations.plex_parse import (
    PlexGuids,
    PlexItem,
    PlexPage,
    PlexSection,
    parse_page,
    parse_sections,
    parse_xml,
)

SERVICE = "Plex"
LIBTYPE_NUMBERS = {"movie": 1, "show": 2, "season": 3, "episode": 4}

__all__ = [
    "IncompleteListingError",
    "PlexClient",
    "PlexConfig",
    "PlexGuids",
    "PlexItem",
    "PlexPage",
    "PlexSection",
    "PlexServerInfo",
]


@dataclass(frozen=True)
class PlexConfig:
    """Where Plex answers, its token, and how its folders map onto ours: (plex_prefix, local_prefix) pairs."""

    url: str
    token: str = field(repr=False)
    timeout: float = 30.0
    path_mappings: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class PlexServerInfo:
    """Who answered: the server's name, machine identifier and version."""

    friendly_name: str
    machine_identifier: str
    version: str


class IncompleteListingError(TransientError):
    """A paged listing came back short or its total moved: what was seen is fine, the rest is unknown."""


class PlexClient:
    """One Plex Media Server, reached with a token; every method is async."""

    def __init__(self, config: PlexConfig) -> None:
        self._config = config
        self._base_url = config.url.rstrip("/")
        self._session = requests.Session()
        self._headers = {
            **plexapi.BASE_HEADERS,
            "X-Plex-Token": config.token,
            "Accept": "application/xml",
        }

    # --- connection -------------------------------------------------------------------------------------

    async def connect(self) -> PlexServerInfo:
        """Connect with plexapi and identify the server (401 → AuthError, unreachable → TransientError)."""

        def connect() -> PlexServerInfo:
            with _translated("connect"):
                server = PlexServer(self._base_url, self._config.token, session=self._session,
                                    timeout=self._config.timeout)  # fmt: skip
                return PlexServerInfo(
                    friendly_name=str(server.friendlyName or ""),
                    machine_identifier=str(server.machineIdentifier or ""),
                    version=str(server.version or ""),
                )

        return await asyncio.to_thread(connect)

    async def close(self) -> None:
        """Release the HTTP connections."""
        await asyncio.to_thread(self._session.close)

    def _get(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        action: str,
    ) -> Element | None:
        """GET a path and parse its XML; None for an empty body (e.g. a refresh)."""
        with _translated(action):
            response = self._session.get(
                self._base_url + path,
                params=params,
                headers={**self._headers, **(headers or {})},
                timeout=self._config.timeout,
            )
            _raise_for_status(response, action)
            if not response.content.strip():
                return None
            return parse_xml(response.content)

    async def _fetch(self, path: str, params: Mapping[str, Any] | None = None,
                     headers: Mapping[str, str] | None = None, *, action: str) -> Element | None:  # fmt: skip
        return await asyncio.to_thread(self._get, path, params, headers, action=action)

    # --- sections ---------------------------------------------------------------------------------------

    async def sections(self) -> list[PlexSection]:
        """Return the movie and show sections with their folders (as Plex sees them)."""
        container = await self._fetch("/library/sections", action="list sections")
        if container is None:
            return []
        return [section for section in parse_sections(container) if section.type in ("movie", "show")]

    async def list_page(
        self,
        section_key: str,
        *,
        start: int,
        size: int,
        item_type: str | None = None,
        added_since: datetime | None = None,
        updated_since: datetime | None = None,
        newest_first: bool = False,
    ) -> PlexPage:
        """Return one page of a section (X-Plex-Container-Start/Size, includeGuids=1) and its totalSize."""
        params: dict[str, Any] = {"includeGuids": 1}
        if item_type is not None:
            params["type"] = LIBTYPE_NUMBERS[item_type]
        # Plex's filter syntax: the operator is part of the key, so `addedAt>=N` is key "addedAt>" value N.
        if added_since is not None:
            params["addedAt>"] = int(added_since.timestamp())
        if updated_since is not None:
            params["updatedAt>"] = int(updated_since.timestamp())
        if newest_first:
            params["sort"] = "addedAt:desc"
        headers = {"X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(size)}

        def fetch_page() -> PlexPage:
            # Reading thousands of items takes a while: in the worker thread too, off the event loop.
            container = self._get(
                f"/library/sections/{section_key}/all", params, headers, action="list a section"
            )
            if container is None:
                return PlexPage(items=[], offset=start, total_size=0)
            return parse_page(container)

        return await asyncio.to_thread(fetch_page)

    async def iter_section(
        self,
        section_key: str,
        *,
        item_type: str | None = None,
        page_size: int = 5000,
        added_since: datetime | None = None,
        updated_since: datetime | None = None,
        newest_first: bool = False,
    ) -> AsyncIterator[PlexPage]:
        """Yield every page of a section; raise IncompleteListingError if a page is short or totalSize moves.

        Finishing without an error means every item Plex said it had was seen: only then may a full sync
        remove what it did not see.
        """
        start = 0
        expected_total: int | None = None
        while True:
            page = await self.list_page(
                section_key, start=start, size=page_size, item_type=item_type, added_since=added_since,
                updated_since=updated_since, newest_first=newest_first,
            )  # fmt: skip
            total = page.total_size
            if total is None:
                raise IncompleteListingError(
                    SERVICE, "the listing carried no totalSize; cannot tell it is whole"
                )
            if expected_total is None:
                expected_total = total
            elif total != expected_total:
                raise IncompleteListingError(
                    SERVICE, f"library changed during the listing ({expected_total} → {total})"
                )
            # Plex pages top-level entries; episodes nested in their show's Directory ride along uncounted.
            seen_after = start + page.entries
            if page.entries < page_size and seen_after < total:
                raise IncompleteListingError(
                    SERVICE,
                    f"page at {start} came back with {page.entries} of {min(page_size, total - start)}",
                )
            yield page
            start = seen_after
            if start >= total or not page.entries:
                return

    async def recently_added(
        self, section_key: str, since: datetime, *, item_type: str | None = None, page_size: int = 1000
    ) -> list[PlexItem]:
        """Return the items of a section added since `since`, newest first."""
        items: list[PlexItem] = []
        async for page in self.iter_section(
            section_key, item_type=item_type, page_size=page_size, added_since=since, newest_first=True
        ):
            items.extend(page.items)
        return items

    async def changed_since(
        self, section_key: str, since: datetime, *, item_type: str | None = None, page_size: int = 1000
    ) -> list[PlexItem]:
        """Return the items of a section added or updated since `since` (Plex bumps updatedAt on both)."""
        items: list[PlexItem] = []
        async for page in self.iter_section(section_key, item_type=item_type, page_size=page_size,
                                            updated_since=since):  # fmt: skip
            items.extend(page.items)
        return items

    # --- single items -----------------------------------------------------------------------------------

    async def item(self, rating_key: str) -> PlexItem | None:
        """Return one item with its guids, or None when Plex no longer has it."""
        try:
            container = await self._fetch(
                f"/library/metadata/{rating_key}", {"includeGuids": 1}, action="read an item"
            )
        except _NotFound:
            return None
        if container is None:
            return None
        page = parse_page(container)
        return page.items[0] if page.items else None

    async def item_guids(self, rating_key: str) -> PlexGuids | None:
        """Return an item's tmdb/imdb/tvdb ids (new-agent Guid children or an old agent's guid)."""
        found = await self.item(rating_key)
        return found.guids if found is not None else None

    async def children(self, rating_key: str) -> list[PlexItem]:
        """Return a show's seasons or a season's episodes."""
        container = await self._fetch(
            f"/library/metadata/{rating_key}/children", {"includeGuids": 1}, action="list children"
        )
        return parse_page(container).items if container is not None else []

    async def find_by_guid(
        self, section_key: str, guids: PlexGuids, *, since: datetime | None = None, max_items: int = 1000
    ) -> PlexItem | None:
        """Find a freshly added item by tmdb/imdb/tvdb among the section's newest items (after a scan)."""
        seen = 0
        async for page in self.iter_section(section_key, page_size=min(200, max_items), added_since=since,
                                            newest_first=True):  # fmt: skip
            for candidate in page.items:
                if _share_an_id(candidate.guids, guids):
                    return candidate
            seen += len(page.items)
            if seen >= max_items:
                return None
        return None

    # --- paths and scans --------------------------------------------------------------------------------

    def to_plex_path(self, local_path: str) -> str:
        """Translate one of our paths into the path Plex sees (first matching mapping, else unchanged)."""
        return to_theirs(local_path, self._config.path_mappings)

    def to_local_path(self, plex_path: str) -> str:
        """Translate a path as Plex sees it into ours (first matching mapping; unchanged otherwise)."""
        return to_ours(plex_path, self._config.path_mappings)

    async def section_for_path(self, local_path: str) -> PlexSection | None:
        """Return the section one of whose folders holds `local_path` (the deepest folder wins)."""
        best: tuple[int, PlexSection] | None = None
        for section in await self.sections():
            for location in section.locations:
                local_location = self.to_local_path(location)
                if under(local_path, local_location, case_insensitive=False) is not None:
                    depth = len(norm(local_location))
                    if best is None or depth > best[0]:
                        best = (depth, section)
        return best[1] if best else None

    async def scan_path(self, local_path: str) -> PlexSection:
        """Ask Plex to scan only the folder holding a new import; return the section it belongs to."""
        section = await self.section_for_path(local_path)
        if section is None:
            raise PermanentError(
                SERVICE, "no Plex library folder holds this path; check the path mapping setting"
            )
        await self._fetch(
            f"/library/sections/{section.key}/refresh",
            {"path": self.to_plex_path(local_path)},
            action="scan a folder",
        )
        return section


def _share_an_id(have: PlexGuids, want: PlexGuids) -> bool:
    """True when the two share any external id."""
    return bool(
        (want.tmdb is not None and have.tmdb == want.tmdb)
        or (want.imdb is not None and have.imdb == want.imdb)
        or (want.tvdb is not None and have.tvdb == want.tvdb)
    )


class _NotFound(PermanentError):
    """HTTP 404: the item or section does not exist."""


def _raise_for_status(response: requests.Response, action: str) -> None:
    """Translate an HTTP status into our errors (the body is not quoted: it may echo the token)."""
    status = response.status_code
    if status < 400:
        return
    if status == 401:
        raise AuthError(SERVICE, "the token was refused; sign in to Plex again in the settings")
    if status == 404:
        raise _NotFound(SERVICE, f"{action}: not found")
    if status == 429 or status >= 500:
        raise TransientError(SERVICE, f"{action}: HTTP {status}")
    raise PermanentError(SERVICE, f"{action}: HTTP {status}")


@contextmanager
def _translated(action: str) -> Iterator[None]:
    """Turn plexapi, requests and XML errors raised while doing `action` into ours; ours pass through."""
    try:
        yield
    except (AuthError, PermanentError, TransientError):
        raise
    except plex_exceptions.Unauthorized as exc:
        raise AuthError(SERVICE, "the token was refused; sign in to Plex again in the settings") from exc
    except plex_exceptions.NotFound as exc:
        raise PermanentError(SERVICE, f"{action}: not found") from exc
    except plex_exceptions.BadRequest as exc:
        # plexapi folds every other status into BadRequest("(503) service_unavailable; …").
        match = re.match(r"\((\d{3})\)", str(exc))
        status = int(match.group(1)) if match else 0
        if status == 429 or status >= 500:
            raise TransientError(SERVICE, f"{action}: HTTP {status}") from exc
        raise PermanentError(SERVICE, f"{action}: HTTP {status or 'error'}") from exc
    except DefusedXmlException as exc:
        raise PermanentError(SERVICE, f"{action}: the answer carried forbidden XML") from exc
    except ParseError as exc:
        # A cut connection leaves half a document: worth another try.
        raise TransientError(SERVICE, f"{action}: unreadable XML answer") from exc
    except requests.RequestException as exc:
        raise TransientError(SERVICE, f"{action}: cannot reach Plex ({type(exc).__name__})") from exc
