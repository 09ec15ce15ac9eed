"""A Plex Media Server simulator: the XML shapes of ../shared/fixtures/plex for a generated library.

Items are computed from their position (nothing is stored per item), so 250,000 of them cost no memory and a
page of 5,000 is built in milliseconds. Movies are section 1, shows section 2. Rating keys encode the
position:
movie i is 10_000_000 + i; show s is 20_000_000 + s * 10_000, its season n + n * 1_000, its episode e + e.
Everything is added in order, one minute apart, so "recently added" is the end of the list.

Run it: `python -m app.appliance.simulators.plex --port 32400 --movies 1000 --shows 50` from backend/.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import operator
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.appliance.simulators.plex_scan import ScanState

Handler = Callable[[Request], Awaitable[Response]]
MOVIES_SECTION, SHOWS_SECTION = "1", "2"
MOVIE_BASE, SHOW_BASE = 10_000_000, 20_000_000
XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
TYPE_NUMBERS = {"1": "movie", "2": "show", "3": "season", "4": "episode"}
_RESOLUTIONS = ("1080", "720", "4k", "1080", "480", "sd", "1080")
_UNAUTHORIZED = "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>"
_TITLE_WORDS = ("Crimson", "Tide", "Amélie", "Tom & Jerry's", "Night", "<Untitled>", "Le Dîner", '"Quoted"')


def _esc(value: str) -> str:
    """Escape a value for a double-quoted XML attribute."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _hex24(seed: str) -> str:
    """A stable plex:// style id."""
    return hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest()[:24]


@dataclass
class PlexScenario:
    """What the simulated server holds and how it misbehaves; tests mutate it between calls."""

    token: str = "sim-plex-token"
    movies: int = 100
    shows: int = 10
    seasons_per_show: int = 2
    episodes_per_season: int = 5
    movie_location: str = "/data/media/Movies"
    show_location: str = "/data/media/TV Shows"
    base_added_at: int = 1_600_000_000
    # Every Nth movie/show uses an old agent: its id only in the `guid` attribute, no `Guid` children.
    legacy_every: int = 10
    machine_identifier: str = "0123456789abcdef0123456789abcdef01234567"
    version: str = "1.40.1.8227-c0dd5a73e"
    friendly_name: str = "Simulated Plex"
    outage_status: int | None = None  # e.g. 503: every request answers that
    slow_seconds: float = 0.0
    short_page_start: int | None = None  # a listing page starting here comes back with half its items
    failing_page_start: int | None = None  # a listing page starting here answers 500
    total_size_skew: int = 0  # added to every totalSize reported: a count that disagrees with the items
    removed: set[str] = field(default_factory=set)  # rating keys that disappeared from Plex
    # Section keys left out of /library/sections (a section being rebuilt, a shared one not offered now).
    hidden_sections: set[str] = field(default_factory=set)
    touched: dict[str, int] = field(default_factory=dict)  # rating key -> a later updatedAt
    refreshes: list[tuple[str, str | None]] = field(default_factory=list)  # (section, path) of partial scans
    # What partial scans found on disk (and the agent's title → ids), listed after the generated items.
    scans: ScanState = field(default_factory=ScanState)
    listing_requests: int = 0
    items_listed: int = 0  # items sent in listing pages, to tell an incremental sync from a full one

    @property
    def episodes_per_show(self) -> int:
        """Episodes in one show."""
        return self.seasons_per_show * self.episodes_per_season

    def add_movies(self, count: int) -> list[str]:
        """Add `count` new movies (the most recently added) and return their rating keys."""
        first = self.movies
        self.movies += count
        return [str(MOVIE_BASE + i) for i in range(first, self.movies)]

    def add_shows(self, count: int) -> list[str]:
        """Add `count` new shows with all their seasons and episodes; return the shows' rating keys."""
        first = self.shows
        self.shows += count
        return [str(SHOW_BASE + sh * 10_000) for sh in range(first, self.shows)]

    def restore(self, key: str, updated_at: int) -> None:
        """Bring back a removed item, as Plex does when a file reappears: its updatedAt moves forward."""
        self.removed.discard(key)
        self.touched[key] = updated_at


# --- items by position -------------------------------------------------------------------------------------


def _movie_added(s: PlexScenario, i: int) -> int:
    return s.base_added_at + i * 60


def _episode_added(s: PlexScenario, global_index: int) -> int:
    return s.base_added_at + global_index * 60


def _updated(s: PlexScenario, key: str, added: int) -> int:
    return s.touched.get(key, added + 3600)


def _movie_title(i: int) -> str:
    return f"{_TITLE_WORDS[i % len(_TITLE_WORDS)]} {i}"


def _files_xml(media_id: int, resolution: str, path: str, size: int) -> str:
    return (
        f'<Media id="{media_id}" duration="5423794" bitrate="8000" videoResolution="{resolution}" '
        f'container="mkv" '
        f'videoCodec="h264" audioCodec="ac3"><Part id="{media_id}" '
        f'key="/library/parts/{media_id}/1/file.mkv" '
        f'duration="5423794" file="{_esc(path)}" size="{size}" container="mkv" /></Media>'
    )


def movie_xml(s: PlexScenario, i: int, include_guids: bool) -> str:
    """One movie as `/all` lists it."""
    key = str(MOVIE_BASE + i)
    title = _movie_title(i)
    year = 1950 + i % 75
    added = _movie_added(s, i)
    legacy = s.legacy_every and i % s.legacy_every == 0
    if legacy:
        agent_id = f"tt{1_000_000 + i:07d}" if i % (2 * s.legacy_every) == 0 else str(100 + i)
        agent = "imdb" if agent_id.startswith("tt") else "themoviedb"
        guid = f"com.plexapp.agents.{agent}://{agent_id}?lang=en"
    else:
        guid = f"plex://movie/{_hex24(key)}"
    folder = f"{s.movie_location}/{title} ({year})"
    resolution = _RESOLUTIONS[i % len(_RESOLUTIONS)]
    media = _files_xml(i * 2 + 1, resolution, f"{folder}/{title} ({year}).mkv", 1_500_000_000 + i)
    if i % 13 == 5:  # several versions of one film happen
        media += _files_xml(i * 2 + 2, "4k", f"{folder}/{title} ({year}) - 2160p.mkv", 40_000_000_000 + i)
    guids = ""
    if include_guids and not legacy:
        guids = f'<Guid id="imdb://tt{1_000_000 + i:07d}" /><Guid id="tmdb://{100 + i}" />'
    return (
        f'<Video ratingKey="{key}" key="/library/metadata/{key}" guid="{guid}" type="movie" '
        f'title="{_esc(title)}" '
        f'librarySectionTitle="Movies" librarySectionID="{MOVIES_SECTION}" '
        f'librarySectionKey="/library/sections/{MOVIES_SECTION}" year="{year}" duration="5423794" '
        f'addedAt="{added}" updatedAt="{_updated(s, key, added)}">{media}<Genre tag="Drama" />{guids}</Video>'
    )


def _show_title(sh: int) -> str:
    return f"Show {sh}" if sh % 9 else f"Les Revenants & Co {sh}"


def _show_legacy(s: PlexScenario, sh: int) -> bool:
    return bool(s.legacy_every) and sh % s.legacy_every == 0


def show_xml(s: PlexScenario, sh: int, include_guids: bool) -> str:
    """One show as `/all?type=2` lists it."""
    key = str(SHOW_BASE + sh * 10_000)
    added = _episode_added(s, sh * s.episodes_per_show)
    legacy = _show_legacy(s, sh)
    guid = f"com.plexapp.agents.thetvdb://{70_000 + sh}?lang=en" if legacy else f"plex://show/{_hex24(key)}"
    guids = ""
    if include_guids and not legacy:
        guids = f'<Guid id="imdb://tt{2_000_000 + sh:07d}" /><Guid id="tmdb://{5_000 + sh}" />'
        guids += f'<Guid id="tvdb://{70_000 + sh}" />'
    return (
        f'<Directory ratingKey="{key}" key="/library/metadata/{key}/children" guid="{guid}" type="show" '
        f'title="{_esc(_show_title(sh))}" librarySectionID="{SHOWS_SECTION}" year="{1990 + sh % 30}" '
        f'leafCount="{s.episodes_per_show}" childCount="{s.seasons_per_show}" addedAt="{added}" '
        f'updatedAt="{_updated(s, key, added)}"><Genre tag="Drama" />{guids}</Directory>'
    )


def season_xml(s: PlexScenario, sh: int, n: int, include_guids: bool) -> str:
    """One season as `/children` of a show lists it."""
    show_key = SHOW_BASE + sh * 10_000
    key = str(show_key + n * 1_000)
    added = _episode_added(s, sh * s.episodes_per_show + (n - 1) * s.episodes_per_season)
    guid = (
        f"com.plexapp.agents.thetvdb://{70_000 + sh}/{n}?lang=en"
        if _show_legacy(s, sh)
        else f"plex://season/{_hex24(key)}"
    )
    guids = (
        f'<Guid id="tvdb://{900_000 + sh * 10 + n}" />' if include_guids and not _show_legacy(s, sh) else ""
    )
    return (
        f'<Directory ratingKey="{key}" key="/library/metadata/{key}/children" parentRatingKey="{show_key}" '
        f'guid="{guid}" type="season" title="Season {n}" parentTitle="{_esc(_show_title(sh))}" index="{n}" '
        f'librarySectionID="{SHOWS_SECTION}" leafCount="{s.episodes_per_season}" addedAt="{added}" '
        f'updatedAt="{_updated(s, key, added)}">{guids}</Directory>'
    )


def episode_xml(s: PlexScenario, global_index: int, include_guids: bool) -> str:
    """One episode, by its position among every episode of the shows section."""
    sh, rest = divmod(global_index, s.episodes_per_show)
    n0, e0 = divmod(rest, s.episodes_per_season)
    n, e = n0 + 1, e0 + 1
    show_key = SHOW_BASE + sh * 10_000
    season_key = show_key + n * 1_000
    key = str(season_key + e)
    added = _episode_added(s, global_index)
    show_title = _show_title(sh)
    legacy = _show_legacy(s, sh)
    guid = (
        f"com.plexapp.agents.thetvdb://{70_000 + sh}/{n}/{e}?lang=en"
        if legacy
        else f"plex://episode/{_hex24(key)}"
    )
    path = f"{s.show_location}/{show_title}/Season {n:02d}/{show_title} - s{n:02d}e{e:02d}.mkv"
    media = _files_xml(
        50_000_000 + global_index, _RESOLUTIONS[global_index % 4], path, 700_000_000 + global_index
    )
    guids = f'<Guid id="tvdb://{10_000_000 + global_index}" />' if include_guids and not legacy else ""
    return (
        f'<Video ratingKey="{key}" key="/library/metadata/{key}" parentRatingKey="{season_key}" '
        f'grandparentRatingKey="{show_key}" guid="{guid}" type="episode" title="Episode {e}" '
        f'grandparentTitle="{_esc(show_title)}" parentTitle="Season {n}" index="{e}" parentIndex="{n}" '
        f'librarySectionID="{SHOWS_SECTION}" year="{1990 + sh % 30}" addedAt="{added}" '
        f'updatedAt="{_updated(s, key, added)}">{media}{guids}</Video>'
    )


# --- listings ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """A sequence of items by position: how many, each one's XML, rating key and addedAt."""

    count: int
    xml: Callable[[int, bool], str]
    key: Callable[[int], str]
    added: Callable[[int], int]


def listing_for(s: PlexScenario, item_type: str) -> Listing:
    """The positional listing of one item type: the generated library, then what scans added."""
    generated = _generated_listing(s, item_type)
    scanned = s.scans.of_kind(item_type if item_type in ("movie", "show", "season") else "episode")
    if not scanned:
        return generated
    n = generated.count
    return Listing(
        n + len(scanned),
        lambda i, g: generated.xml(i, g) if i < n else scanned[i - n].xml(g),
        lambda i: generated.key(i) if i < n else scanned[i - n].key,
        lambda i: generated.added(i) if i < n else scanned[i - n].added_at,
    )


def _generated_listing(s: PlexScenario, item_type: str) -> Listing:
    if item_type == "movie":
        return Listing(s.movies, lambda i, g: movie_xml(s, i, g), lambda i: str(MOVIE_BASE + i),
                       lambda i: _movie_added(s, i))  # fmt: skip
    if item_type == "show":
        return Listing(s.shows, lambda i, g: show_xml(s, i, g), lambda i: str(SHOW_BASE + i * 10_000),
                       lambda i: _episode_added(s, i * s.episodes_per_show))  # fmt: skip
    if item_type == "season":
        per = s.seasons_per_show
        return Listing(
            s.shows * per,
            lambda i, g: season_xml(s, i // per, i % per + 1, g),
            lambda i: str(SHOW_BASE + (i // per) * 10_000 + (i % per + 1) * 1_000),
            lambda i: _episode_added(s, (i // per) * s.episodes_per_show + (i % per) * s.episodes_per_season),
        )
    eps, per_season = s.episodes_per_show, s.episodes_per_season
    return Listing(
        s.shows * eps,
        lambda i, g: episode_xml(s, i, g),
        lambda i: str(
            SHOW_BASE + (i // eps) * 10_000 + (i % eps // per_season + 1) * 1_000 + i % per_season + 1
        ),
        lambda i: _episode_added(s, i),
    )


def _filters(request: Request) -> list[tuple[str, str, int]]:
    """Read `addedAt>=N`-style filters (the query key keeps the operator's first characters)."""
    out = []
    for raw_key, value in request.query_params.multi_items():
        for name in ("addedAt", "updatedAt"):
            if raw_key.startswith(name) and raw_key != name and value.lstrip("-").isdigit():
                out.append((name, raw_key[len(name) :] + "=", int(value)))
    return out


_COMPARE: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">>=": operator.gt, "<<=": operator.lt,
}  # fmt: skip


def _matches(s: PlexScenario, listing: Listing, i: int, filters: Sequence[tuple[str, str, int]]) -> bool:
    """True when item i passes every filter (`>=`, `<=`, `>>=`, `<<=`)."""
    for name, op, bound in filters:
        compare = _COMPARE.get(op)
        if compare is None:
            continue
        added = listing.added(i)
        if name == "addedAt":
            value = added
        else:  # _updated without building the rating key when nothing was touched
            value = _updated(s, listing.key(i), added) if s.touched else added + 3600
        if not compare(value, bound):
            return False
    return True


def _positions(s: PlexScenario, listing: Listing, request: Request) -> Sequence[int]:
    """The positions a listing request selects, in the order asked for."""
    filters = _filters(request)
    positions: Sequence[int] = range(listing.count)
    # A filtered listing of 250,000 items is walked in Python: keep the per-item work small.
    removed = s.removed
    if removed:
        positions = [i for i in positions if listing.key(i) not in removed]
    if filters:
        positions = [i for i in positions if _matches(s, listing, i, filters)]
    if request.query_params.get("sort", "").startswith("addedAt:desc"):
        positions = positions[::-1]
    return positions


def _paging(request: Request) -> tuple[int, int | None]:
    """X-Plex-Container-Start/Size from the headers or the query string."""

    def read(name: str) -> str | None:
        return request.headers.get(name) or request.query_params.get(name)

    start, size = read("X-Plex-Container-Start"), read("X-Plex-Container-Size")
    return (int(start) if start else 0), (int(size) if size is not None else None)


def _xml(body: str, headers: dict[str, str] | None = None) -> Response:
    return Response(XML_HEADER + body, media_type="text/xml;charset=utf-8", headers=headers)


def _page_response(
    s: PlexScenario, request: Request, listing: Listing, container_attrs: str, default_size: int | None = None
) -> Response:
    """A MediaContainer page: `size` counts this page; `totalSize`/`offset` only when paging was asked."""
    s.listing_requests += 1
    positions = _positions(s, listing, request)
    start, size = _paging(request)
    paged = size is not None or default_size is not None
    size = size if size is not None else default_size
    if s.failing_page_start is not None and paged and start == s.failing_page_start:
        return Response("<html><body>Internal Server Error</body></html>", status_code=500)
    end = len(positions) if size is None else min(len(positions), start + size)
    chosen = positions[start:end]
    if s.short_page_start is not None and paged and start == s.short_page_start:
        chosen = chosen[: len(chosen) // 2]
    include_guids = request.query_params.get("includeGuids") == "1"
    body = "".join([listing.xml(i, include_guids) for i in chosen])
    s.items_listed += len(chosen)
    total = len(positions) + s.total_size_skew
    paging = f' totalSize="{total}" offset="{start}"' if paged else ""
    headers = {"X-Plex-Container-Start": str(start), "X-Plex-Container-Total-Size": str(total)}
    return _xml(
        f'<MediaContainer size="{len(chosen)}"{paging} allowSync="1" '
        f'identifier="com.plexapp.plugins.library" '
        f"{container_attrs}>{body}</MediaContainer>",
        headers if paged else None,
    )


# --- endpoints ---------------------------------------------------------------------------------------------


def _scenario(request: Request) -> PlexScenario:
    return request.app.state.scenario  # type: ignore[no-any-return]


async def _root(request: Request) -> Response:
    s = _scenario(request)
    return _xml(
        f'<MediaContainer size="0" friendlyName="{_esc(s.friendly_name)}" '
        f'machineIdentifier="{s.machine_identifier}" '
        f'version="{s.version}" platform="Linux" platformVersion="6.1" myPlex="0" '
        f'transcoderActiveVideoSessions="0" '
        f'updatedAt="{s.base_added_at}"></MediaContainer>'
    )


async def _identity(request: Request) -> Response:
    s = _scenario(request)
    return _xml(
        f'<MediaContainer size="0" claimed="1" machineIdentifier="{s.machine_identifier}" '
        f'version="{s.version}">'
        "</MediaContainer>"
    )


def _section_xml(
    key: str, kind: str, title: str, agent: str, scanner: str, location: str, loc_id: int
) -> str:
    return (
        f'<Directory allowSync="1" art="/:/resources/{kind}-fanart.jpg" filters="1" refreshing="0" '
        f'key="{key}" '
        f'type="{kind}" title="{title}" agent="{agent}" scanner="{scanner}" language="fr-FR" '
        f'uuid="{_hex24(key)}" updatedAt="1595491662" createdAt="1419621957" scannedAt="1640879224" '
        f'content="1" '
        f'directory="1" hidden="0"><Location id="{loc_id}" path="{_esc(location)}" /></Directory>'
    )


async def _sections(request: Request) -> Response:
    s = _scenario(request)
    sections = [
        _section_xml(MOVIES_SECTION, "movie", "Films", "tv.plex.agents.movie", "Plex Movie",
                     s.movie_location, 9),
        _section_xml(SHOWS_SECTION, "show", "Séries", "tv.plex.agents.series", "Plex TV Series",
                     s.show_location, 11),
        '<Directory key="8" type="artist" title="Music" agent="tv.plex.agents.music" scanner="Plex Music">'
        '<Location id="16" path="/data/media/Music" /></Directory>',
    ]  # fmt: skip
    shown = [xml for key, xml in zip((MOVIES_SECTION, SHOWS_SECTION, "8"), sections, strict=True)
             if key not in s.hidden_sections]  # fmt: skip
    head = f'<MediaContainer size="{len(shown)}" allowSync="0" title1="Plex Library">'
    return _xml(f"{head}{''.join(shown)}</MediaContainer>")


def _section_type(section: str) -> str | None:
    return {MOVIES_SECTION: "movie", SHOWS_SECTION: "show"}.get(section)


async def _section_all(request: Request) -> Response:
    s = _scenario(request)
    section = request.path_params["section"]
    kind = _section_type(section)
    if kind is None:
        return Response("Not Found", status_code=404)
    wanted = TYPE_NUMBERS.get(request.query_params.get("type", ""), kind)
    if (kind == "movie") != (wanted == "movie"):
        return _xml('<MediaContainer size="0"></MediaContainer>')
    attrs = f'librarySectionID="{section}" viewGroup="{wanted}"'
    return _page_response(s, request, listing_for(s, wanted), attrs)


async def _section_recently_added(request: Request) -> Response:
    s = _scenario(request)
    section = request.path_params["section"]
    kind = _section_type(section)
    if kind is None:
        return Response("Not Found", status_code=404)
    listing = listing_for(s, "movie" if kind == "movie" else "episode")
    return _page_response(
        s, _desc(request), listing, f'librarySectionID="{section}" title2="Recently Added"', default_size=50
    )


def _desc(request: Request) -> Request:
    """Recently added lists are newest first."""
    scope = dict(request.scope)
    query = request.scope.get("query_string", b"")
    scope["query_string"] = (query + b"&" if query else b"") + b"sort=addedAt:desc"
    return Request(scope, request.receive)


async def _recently_added(request: Request) -> Response:
    s = _scenario(request)
    return _page_response(
        s, _desc(request), listing_for(s, "movie"), 'title2="Recently Added"', default_size=50
    )


def _locate(s: PlexScenario, key: str) -> tuple[str, int, int, int] | None:
    """Which item a rating key names: (type, show or movie index, season, episode)."""
    if key in s.removed or not key.isdigit():
        return None
    number = int(key)
    if MOVIE_BASE <= number < MOVIE_BASE + s.movies:
        return ("movie", number - MOVIE_BASE, 0, 0)
    rel = number - SHOW_BASE
    if rel < 0:
        return None
    sh, rest = divmod(rel, 10_000)
    n, e = divmod(rest, 1_000)
    if sh >= s.shows or n > s.seasons_per_show or e > s.episodes_per_season or (n == 0 and e):
        return None
    return ("show" if n == 0 else "season" if e == 0 else "episode", sh, n, e)


def _item_xml(s: PlexScenario, where: tuple[str, int, int, int], include_guids: bool) -> str:
    kind, index, n, e = where
    if kind == "movie":
        return movie_xml(s, index, include_guids)
    if kind == "show":
        return show_xml(s, index, include_guids)
    if kind == "season":
        return season_xml(s, index, n, include_guids)
    return episode_xml(
        s, index * s.episodes_per_show + (n - 1) * s.episodes_per_season + e - 1, include_guids
    )


async def _metadata(request: Request) -> Response:
    s = _scenario(request)
    if scanned := s.scans.by_key(request.path_params["key"]):
        body = scanned.xml(request.query_params.get("includeGuids") == "1")
        return _xml(
            f'<MediaContainer size="1" identifier="com.plexapp.plugins.library">{body}</MediaContainer>'
        )
    where = _locate(s, request.path_params["key"])
    if where is None:
        return Response("Not Found", status_code=404)
    body = _item_xml(s, where, request.query_params.get("includeGuids") == "1")
    return _xml(f'<MediaContainer size="1" identifier="com.plexapp.plugins.library">{body}</MediaContainer>')


async def _children(request: Request) -> Response:
    s = _scenario(request)
    if s.scans.by_key(request.path_params["key"]):
        children = s.scans.children(request.path_params["key"])
        body = "".join(child.xml(request.query_params.get("includeGuids") == "1") for child in children)
        return _xml(
            f'<MediaContainer size="{len(children)}" key="{request.path_params["key"]}" '
            f'librarySectionID="{SHOWS_SECTION}">{body}</MediaContainer>'
        )
    where = _locate(s, request.path_params["key"])
    if where is None or where[0] in ("movie", "episode"):
        return Response("Not Found", status_code=404)
    include_guids = request.query_params.get("includeGuids") == "1"
    kind, sh, n, _ = where
    if kind == "show":
        body = "".join(
            season_xml(s, sh, season, include_guids) for season in range(1, s.seasons_per_show + 1)
        )
        count = s.seasons_per_show
    else:
        first = sh * s.episodes_per_show + (n - 1) * s.episodes_per_season
        body = "".join(episode_xml(s, first + k, include_guids) for k in range(s.episodes_per_season))
        count = s.episodes_per_season
    return _xml(
        f'<MediaContainer size="{count}" key="{request.path_params["key"]}" '
        f'librarySectionID="{SHOWS_SECTION}">'
        f"{body}</MediaContainer>"
    )


async def _refresh(request: Request) -> Response:
    s = _scenario(request)
    section = request.path_params["section"]
    if _section_type(section) is None:
        return Response("Not Found", status_code=404)
    path = request.query_params.get("path")
    s.refreshes.append((section, path))
    if path:
        kind = _section_type(section)
        location = s.movie_location if kind == "movie" else s.show_location
        s.scans.scan(section, kind or "movie", Path(location), Path(path))
    return Response(b"", status_code=200)


def _plex_behaviour(handler: Handler) -> Handler:
    """Wrap an endpoint with what every PMS request goes through: slowness, outages, the token check."""

    async def endpoint(request: Request) -> Response:
        s = _scenario(request)
        if s.slow_seconds:
            await asyncio.sleep(s.slow_seconds)
        if s.outage_status is not None:
            return Response("Service Unavailable", status_code=s.outage_status)
        token = request.headers.get("X-Plex-Token") or request.query_params.get("X-Plex-Token")
        # /identity answers without a token on a real server; everything else needs it.
        if request.url.path != "/identity" and token != s.token:
            return Response(_UNAUTHORIZED, status_code=401, media_type="text/html")
        return await handler(request)

    return endpoint


def create_app(scenario: PlexScenario | None = None) -> Starlette:
    """The simulator as an ASGI app; `app.state.scenario` drives it."""
    routes = {
        "/": _root,
        "/identity": _identity,
        "/library/sections": _sections,
        "/library/sections/{section}/all": _section_all,
        "/library/sections/{section}/recentlyAdded": _section_recently_added,
        "/library/sections/{section}/refresh": _refresh,
        "/library/recentlyAdded": _recently_added,
        "/library/metadata/{key}": _metadata,
        "/library/metadata/{key}/children": _children,
    }
    app = Starlette(routes=[Route(path, _plex_behaviour(handler)) for path, handler in routes.items()])
    app.state.scenario = scenario or PlexScenario()
    return app


def _parse_args(argv: Iterable[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Plex Media Server simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=32400)
    parser.add_argument("--movies", type=int, default=1000)
    parser.add_argument("--shows", type=int, default=50)
    parser.add_argument("--seasons", type=int, default=3)
    parser.add_argument("--episodes", type=int, default=10)
    parser.add_argument("--token", default=PlexScenario.token)
    parser.add_argument(
        "--scenario", type=Path, help="JSON object of PlexScenario fields (instead of the options above)"
    )
    return parser.parse_args(list(argv) if argv is not None else None)


def main(argv: Iterable[str] | None = None) -> None:
    """Serve the simulator from the command line until interrupted."""
    import uvicorn

    args = _parse_args(argv)
    if args.scenario:
        fields = json.loads(args.scenario.read_text())
        matches = fields.pop("agent_matches", {})
        scenario = PlexScenario(**fields, scans=ScanState(agent_matches=matches))
    else:
        scenario = PlexScenario(
            token=args.token, movies=args.movies, shows=args.shows, seasons_per_show=args.seasons,
            episodes_per_season=args.episodes,
        )  # fmt: skip
    print(f"Plex simulator on http://{args.host}:{args.port} (X-Plex-Token: {scenario.token})")
    uvicorn.run(create_app(scenario), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
