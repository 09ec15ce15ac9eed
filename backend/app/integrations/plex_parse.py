"""Turn raw Plex Media Server XML elements into plain dataclasses, fast enough for 250,000 items.

Building plexapi's objects costs about 250 µs per item; reading the attributes of the raw elements costs a few
µs. Every value Plex sends is a string; missing attributes are normal and become None. Items are found
wherever a listing nests them (episodes inside their show's or season's `Directory`, items inside a `Hub`),
and what is passed over is logged with the reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

log = logging.getLogger(__name__)

ITEM_TYPES = frozenset({"movie", "show", "season", "episode"})
# The elements a listing's entries come as, and those that only group entries (home and section hubs).
_ENTRY_TAGS = frozenset({"Video", "Directory"})
_GROUP_TAGS = frozenset({"Hub"})
_SKIP_EXAMPLES = 5
_IMDB = re.compile(r"tt\d{5,}")
# `videoResolution` values Plex reports, best first; "4k" is what Plex calls 2160p.
_RESOLUTION_RANK = {"8k": 8, "4k": 7, "2160": 7, "1440": 6, "1080": 5, "720": 4, "576": 3, "480": 2, "sd": 1}
_RESOLUTION_NAME = {
    "8k": "4320p", "4k": "2160p", "2160": "2160p", "1440": "1440p", "1080": "1080p", "720": "720p",
    "576": "576p", "480": "480p", "sd": "sd",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlexGuids:
    """External ids of an item: TMDB and TVDB as numbers, IMDb as 'tt…'."""

    tmdb: int | None = None
    imdb: str | None = None
    tvdb: int | None = None


@dataclass(frozen=True, slots=True)
class PlexItem:
    """A movie, show, season or episode as Plex lists it."""

    rating_key: str
    type: str
    title: str
    year: int | None
    guid: str | None
    guids: PlexGuids
    section_key: str | None
    parent_rating_key: str | None
    grandparent_rating_key: str | None
    season_number: int | None
    episode_number: int | None
    added_at: datetime | None
    updated_at: datetime | None
    resolution: str | None
    is_4k: bool
    file_paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlexPage:
    """One listing response: its items, where it started, and the total Plex reported (None when unpaged).

    `listed` is how many top-level entries the response had, which is what Plex's paging counts; nested items
    (episodes inside their show's Directory) make `items` longer than that. None means `len(items)`.
    `skipped` says, for each element passed over, why.
    """

    items: list[PlexItem]
    offset: int
    total_size: int | None
    listed: int | None = None
    skipped: tuple[str, ...] = ()

    @property
    def entries(self) -> int:
        """The number of top-level entries, the unit of Plex's X-Plex-Container-Start/Size paging."""
        return self.listed if self.listed is not None else len(self.items)


@dataclass(frozen=True, slots=True)
class _Enclosing:
    """What the Directories around a nested element say: section, show, season and season number."""

    section_key: str | None = None
    show_key: str | None = None
    season_key: str | None = None
    season_number: int | None = None


@dataclass(frozen=True, slots=True)
class PlexSection:
    """A library section: its key, title, type (movie or show), folders as Plex sees them, and agent."""

    key: str
    title: str
    type: str
    locations: tuple[str, ...]
    agent: str | None


def parse_xml(payload: bytes | str) -> Element:
    """Parse a response body with defusedxml (no entities, no external references)."""
    return SafeET.fromstring(payload)


def _int(value: str | None) -> int | None:
    """Plex's numbers are strings and sometimes empty."""
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _timestamp(value: str | None) -> datetime | None:
    """Plex's epoch-seconds strings as aware UTC datetimes."""
    seconds = _int(value)
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def guids_from_ids(ids: Iterable[str], legacy_guid: str | None = None) -> PlexGuids:
    """Read tmdb/imdb/tvdb from `Guid id=` values and, failing those, from an old agent's `guid` attribute."""
    tmdb = imdb = tvdb = None
    for value in ids:
        scheme, _, rest = value.partition("://")
        if scheme == "tmdb":
            tmdb = _int(rest)
        elif scheme == "imdb":
            imdb = rest if _IMDB.fullmatch(rest) else imdb
        elif scheme == "tvdb":
            tvdb = _int(rest)
    if legacy_guid and (tmdb, imdb, tvdb) == (None, None, None):
        return legacy_guids(legacy_guid)
    return PlexGuids(tmdb=tmdb, imdb=imdb, tvdb=tvdb)


def legacy_guids(guid: str) -> PlexGuids:
    """Read the id an old agent keeps in `guid`, e.g. `com.plexapp.agents.imdb://tt0103639?lang=en`."""
    scheme, sep, rest = guid.partition("://")
    if not sep or not scheme.startswith("com.plexapp.agents."):
        return PlexGuids()  # plex://, local://, tv.plex.agents.* carry no external id here
    path = rest.split("?", 1)[0]
    # `thetvdb://74205/1/2` is an episode of show 74205: that id belongs to the show, not to this item.
    if "/" in path:
        return PlexGuids()
    agent = scheme.removeprefix("com.plexapp.agents.")
    if _IMDB.fullmatch(path):
        return PlexGuids(imdb=path)
    if agent == "themoviedb":
        return PlexGuids(tmdb=_int(path))
    if agent == "thetvdb":
        return PlexGuids(tvdb=_int(path))
    return PlexGuids()


def parse_item(
    element: Element, section_key: str | None = None, enclosing: _Enclosing | None = None
) -> PlexItem | None:
    """Build a PlexItem from a `Video` or `Directory` element; None for what is not a library item.

    `enclosing` fills in the show/season linkage a nested element leaves to the Directories around it.
    """
    attrib = element.attrib
    item_type = attrib.get("type")
    rating_key = attrib.get("ratingKey")
    if item_type not in ITEM_TYPES or not rating_key:
        return None
    guid_ids: list[str] = []
    files: list[str] = []
    best_rank = 0
    best_resolution: str | None = None
    is_4k = False
    for child in element:
        tag = child.tag
        if tag == "Guid":
            value = child.get("id")
            if value:
                guid_ids.append(value)
        elif tag == "Media":
            resolution = (child.get("videoResolution") or "").lower()
            rank = _RESOLUTION_RANK.get(resolution, 0)
            if rank >= _RESOLUTION_RANK["4k"]:
                is_4k = True
            if rank > best_rank:
                best_rank, best_resolution = rank, _RESOLUTION_NAME[resolution]
            for part in child:
                path = part.get("file") if part.tag == "Part" else None
                if path:
                    files.append(path)
    guid = attrib.get("guid")
    index = _int(attrib.get("index"))
    if item_type == "episode":
        season_number, episode_number = _int(attrib.get("parentIndex")), index
    elif item_type == "season":
        season_number, episode_number = index, None
    else:
        season_number = episode_number = None
    parent_key = attrib.get("parentRatingKey")
    grandparent_key = attrib.get("grandparentRatingKey")
    if enclosing is not None:
        if item_type == "episode":
            parent_key = parent_key or enclosing.season_key
            grandparent_key = grandparent_key or enclosing.show_key
            season_number = season_number if season_number is not None else enclosing.season_number
        elif item_type == "season":
            parent_key = parent_key or enclosing.show_key
    return PlexItem(
        rating_key=rating_key,
        type=item_type,
        title=attrib.get("title", ""),
        year=_int(attrib.get("year")),
        guid=guid,
        guids=guids_from_ids(guid_ids, guid),
        section_key=attrib.get("librarySectionID") or section_key,
        parent_rating_key=parent_key,
        grandparent_rating_key=grandparent_key,
        season_number=season_number,
        episode_number=episode_number,
        added_at=_timestamp(attrib.get("addedAt")),
        updated_at=_timestamp(attrib.get("updatedAt")),
        resolution=best_resolution,
        is_4k=is_4k,
        file_paths=tuple(files),
    )


def parse_page(container: Element) -> PlexPage:
    """Read every item of a MediaContainer, however nested, with `offset` and `totalSize` (only when paged).

    Items come in document order, an enclosing show or season before what it holds. What is not a library item
    is skipped and logged with the reason.
    """
    items: list[PlexItem] = []
    skipped: list[str] = []
    listed = sum(1 for child in container if child.tag in _ENTRY_TAGS or child.tag in _GROUP_TAGS)
    # Depth first with an explicit stack, so a deeply nested answer cannot exhaust Python's recursion.
    stack: list[tuple[Iterator[Element], _Enclosing]] = [
        (iter(container), _Enclosing(section_key=container.get("librarySectionID")))
    ]
    while stack:
        children, around = stack[-1]
        element = next(children, None)
        if element is None:
            stack.pop()
            continue
        if element.tag in _GROUP_TAGS:
            stack.append((iter(element), _below_group(element, around)))
            continue
        if element.tag not in _ENTRY_TAGS:
            continue  # Media, Guid, Genre, Location …: parts of an entry, read by parse_item
        item = parse_item(element, around.section_key, around)
        holds_entries = element.tag == "Directory" and any(child.tag in _ENTRY_TAGS for child in element)
        if item is not None:
            items.append(item)
        elif not holds_entries:
            skipped.append(_why_skipped(element))
        if holds_entries:
            stack.append((iter(element), _below(element, item, around)))
    if skipped:
        more = f" (and {len(skipped) - _SKIP_EXAMPLES} more)" if len(skipped) > _SKIP_EXAMPLES else ""
        log.info(
            "Plex listing: skipped %d element(s): %s%s",
            len(skipped),
            "; ".join(skipped[:_SKIP_EXAMPLES]),
            more,
        )
    return PlexPage(
        items=items,
        offset=_int(container.get("offset")) or 0,
        total_size=_int(container.get("totalSize")),
        listed=listed,
        skipped=tuple(skipped),
    )


def _below_group(element: Element, around: _Enclosing) -> _Enclosing:
    """What a Hub tells the items inside it: its section, when it names one."""
    section_key = element.get("librarySectionID")
    if not section_key:
        return around
    return _Enclosing(section_key, around.show_key, around.season_key, around.season_number)


def _below(element: Element, item: PlexItem | None, around: _Enclosing) -> _Enclosing:
    """What a Directory tells the entries inside it: its section and, for a show or season, the linkage."""
    if item is None:  # a Directory that only groups: it may still name the section
        return _below_group(element, around)
    if item.type == "show":
        return _Enclosing(section_key=item.section_key, show_key=item.rating_key)
    if item.type == "season":
        return _Enclosing(
            section_key=item.section_key,
            show_key=item.parent_rating_key or around.show_key,
            season_key=item.rating_key,
            season_number=item.season_number,
        )
    return _Enclosing(item.section_key, around.show_key, around.season_key, around.season_number)


def _why_skipped(element: Element) -> str:
    """Why an entry element is not a library item, naming it as Plex did."""
    item_type = element.get("type")
    name = f"{element.tag} {element.get('title', '')!r} (ratingKey {element.get('ratingKey') or 'none'})"
    if item_type not in ITEM_TYPES:
        kind = f"type {item_type!r}" if item_type else "no type"
        return f"{name}: {kind} is not a movie, show, season or episode"
    return f"{name}: a {item_type} without a ratingKey cannot be tracked"


def parse_sections(container: Element) -> list[PlexSection]:
    """Read `/library/sections`: every section with its `Location` paths."""
    sections = []
    for directory in container.iter("Directory"):
        attrib: dict[str, Any] = directory.attrib
        sections.append(
            PlexSection(
                key=str(attrib.get("key", "")),
                title=str(attrib.get("title", "")),
                type=str(attrib.get("type", "")),
                locations=tuple(loc.get("path", "") for loc in directory.iter("Location") if loc.get("path")),
                agent=attrib.get("agent"),
            )
        )
    return sections
