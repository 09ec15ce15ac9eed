"""Parse Torznab XML (search feeds, caps, error answers) into plain dataclasses.

Feeds are untrusted input: they are parsed with defusedxml, and every field is optional and checked.
Element names are matched by local name so RSS 1.0 (RDF), RSS 2.0, and the torznab/newznab
namespaces all read the same.
"""

from __future__ import annotations

import base64
import binascii
import html
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from app.integrations.errors import AuthError, IntegrationError, PermanentError, TransientError

SERVICE = "torznab"
log = logging.getLogger(__name__)

_UTF8_BOM = b"\xef\xbb\xbf"
# Codes from the Newznab/Torznab spec: 100-102 are credential problems a person must fix;
# 500/501 are the indexer's request/download quotas, which reset on their own.
_AUTH_ERROR_CODES = range(100, 103)
_QUOTA_ERROR_CODES = (500, 501)

# Standard Newznab category names, for feeds that put text in <category> instead of ids.
_CATEGORY_NAMES: dict[str, int] = {
    "console": 1000,
    "movies": 2000,
    "movies/foreign": 2010,
    "movies/other": 2020,
    "movies/sd": 2030,
    "movies/hd": 2040,
    "movies/uhd": 2045,
    "movies/bluray": 2050,
    "movies/3d": 2060,
    "movies/dvd": 2070,
    "movies/web-dl": 2080,
    "audio": 3000,
    "pc": 4000,
    "tv": 5000,
    "tv/web-dl": 5010,
    "tv/foreign": 5020,
    "tv/sd": 5030,
    "tv/hd": 5040,
    "tv/uhd": 5045,
    "tv/other": 5050,
    "tv/sport": 5060,
    "tv/anime": 5070,
    "tv/documentary": 5080,
    "xxx": 6000,
    "books": 7000,
    "other": 8000,
}

# Enclosure types: the Torznab spec's torrent types (a magnet enclosure is `application/x-bittorrent;
# x-scheme-handler/magnet`) and Newznab's usenet one, which a torrent client cannot use.
_TORRENT_TYPE = "application/x-bittorrent"
_NZB_TYPE = "application/x-nzb"

_HEX_HASH = re.compile(r"^[0-9a-fA-F]{40}$")
_BASE32_HASH = re.compile(r"^[A-Za-z2-7]{32}$")
_IMDB = re.compile(r"^(?:tt)?0*(\d{1,10})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TorznabItem:
    """One release offered by an indexer; every field but title/guid/indexer may be unknown."""

    title: str
    guid: str
    indexer: str
    info_hash: str | None = None
    magnet_url: str | None = None
    torrent_url: str | None = None
    details_url: str | None = None
    size_bytes: int | None = None
    seeders: int | None = None
    peers: int | None = None
    categories: tuple[int, ...] = ()
    imdb_id: str | None = None
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    publish_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class SearchMode:
    """Whether one search function (t=search, tvsearch, movie) exists and which parameters it takes."""

    available: bool
    supported_params: frozenset[str]


@dataclass(frozen=True, slots=True)
class TorznabCaps:
    """What an indexer says it can do (t=caps)."""

    server_title: str | None
    server_version: str | None
    limit_default: int | None
    limit_max: int | None
    modes: dict[str, SearchMode] = field(default_factory=dict)
    categories: tuple[tuple[int, str], ...] = ()

    def supports(self, mode: str, param: str) -> bool:
        """True when search function `mode` is available and accepts `param`."""
        found = self.modes.get(mode)
        return bool(found and found.available and param in found.supported_params)

    def available(self, mode: str) -> bool:
        """True when search function `mode` is available at all."""
        found = self.modes.get(mode)
        return bool(found and found.available)


@dataclass(frozen=True, slots=True)
class TorznabFeed:
    """One page of search results; `total` is only known when the indexer sends a response element.

    `skipped` says, one line each, which items were left out and why (not well-formed, no title, only an
    NZB): the rest of the page is used.
    """

    items: tuple[TorznabItem, ...]
    total: int | None
    raw_item_count: int
    skipped: tuple[str, ...] = ()


# When a caps answer lists no supportedParams, assume what the Newznab spec guarantees.
_DEFAULT_PARAMS = {
    "search": frozenset({"q"}),
    "tv-search": frozenset({"q", "season", "ep"}),
    "movie-search": frozenset({"q", "imdbid"}),
}


def _local(tag: object) -> str:
    """Element tag without its namespace."""
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1].lower()


def parse_document(data: bytes) -> Element:
    """Parse untrusted XML safely; entity declarations (XXE, billion laughs) are refused."""
    body = data.removeprefix(_UTF8_BOM).lstrip()
    if not body:
        raise PermanentError(SERVICE, "the indexer answered with an empty body")
    try:
        root: Element = SafeET.fromstring(body)
    except DefusedXmlException as exc:
        raise PermanentError(
            SERVICE, f"feed rejected: it declares XML entities or a DTD ({type(exc).__name__})"
        ) from exc
    except SafeET.ParseError as exc:
        raise PermanentError(SERVICE, f"the indexer answered with malformed XML ({exc})") from exc
    raise_for_error_element(root)
    return root


def error_from_code(code: int | None, description: str) -> IntegrationError:
    """Translate a Torznab `<error code=…>` into our error kinds."""
    message = f"indexer error {code}: {description}" if code is not None else f"indexer error: {description}"
    if code in _AUTH_ERROR_CODES:
        return AuthError(SERVICE, message)
    if code in _QUOTA_ERROR_CODES:
        return TransientError(SERVICE, message)
    return PermanentError(SERVICE, message)


def error_in_body(data: bytes) -> IntegrationError | None:
    """The error a body carries when it is a well-formed Torznab `<error>` document, else None."""
    try:
        root = SafeET.fromstring(data.removeprefix(_UTF8_BOM).lstrip())
    except (DefusedXmlException, SafeET.ParseError):
        return None
    try:
        raise_for_error_element(root)
    except IntegrationError as exc:
        return exc
    return None


def raise_for_error_element(root: Element) -> None:
    """Raise when the document is a Torznab `<error>` (often sent with HTTP 200)."""
    if _local(root.tag) != "error":
        return
    code = _to_int(root.get("code"))
    description = (root.get("description") or root.text or "no description").strip()
    raise error_from_code(code, description)


def parse_caps(data: bytes) -> TorznabCaps:
    """Parse a t=caps answer."""
    root = parse_document(data)
    if _local(root.tag) != "caps":
        raise PermanentError(SERVICE, f"expected a caps document, got <{_local(root.tag)}>")
    server = _child(root, "server")
    limits = _child(root, "limits")
    modes: dict[str, SearchMode] = {}
    searching = _child(root, "searching")
    for mode in searching if searching is not None else ():
        name = _local(mode.tag)
        params_attr = mode.get("supportedParams")
        if params_attr is None:
            params = _DEFAULT_PARAMS.get(name, frozenset({"q"}))
        else:
            params = frozenset(p.strip().lower() for p in params_attr.split(",") if p.strip())
        modes[name] = SearchMode(
            available=(mode.get("available") or "").lower() == "yes", supported_params=params
        )
    categories: list[tuple[int, str]] = []
    cats = _child(root, "categories")
    for cat in cats.iter() if cats is not None else ():
        if _local(cat.tag) in ("category", "subcat"):
            cat_id = _to_int(cat.get("id"))
            if cat_id is not None:
                categories.append((cat_id, cat.get("name") or ""))
    return TorznabCaps(
        server_title=server.get("title") if server is not None else None,
        server_version=(server.get("version") or None) if server is not None else None,
        limit_default=_to_int(limits.get("default")) if limits is not None else None,
        limit_max=_to_int(limits.get("max")) if limits is not None else None,
        modes=modes,
        categories=tuple(categories),
    )


# What XML 1.0 cannot hold, even escaped: C0 controls but tab, LF and CR (trackers' titles carry a NUL
# now and then, and Jackett passes it on as &#0;), surrogates, U+FFFE and U+FFFF.
_CHAR_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ITEM_ELEMENT = re.compile(rb"<item\b.*?</item\s*>", re.DOTALL | re.IGNORECASE)
_NAMESPACE_DECLARATION = re.compile(rb"""\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*("[^"]*"|'[^']*')""")
_TITLE_TEXT = re.compile(rb"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)


def _xml_allows(code_point: int) -> bool:
    if code_point < 0x20:
        return code_point in (0x9, 0xA, 0xD)
    return not (0xD800 <= code_point <= 0xDFFF or code_point in (0xFFFE, 0xFFFF) or code_point > 0x10FFFF)


def _invalid_character(chunk: bytes) -> str | None:
    """What makes `chunk` unfit for XML, if it holds a character XML 1.0 forbids."""
    if match := _CONTROL_BYTES.search(chunk):
        return f"control character U+{match.group(0)[0]:04X}"
    for match in _CHAR_REFERENCE.finditer(chunk):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if not _xml_allows(code):
            return f"character reference {match.group(0).decode('ascii')}"
    return None


def _item_fault(item: bytes, namespaces: bytes) -> str | None:
    """Why one `<item>…</item>` cannot be read, or None when it is well-formed on its own."""
    if (bad := _invalid_character(item)) is not None:
        return bad
    try:
        SafeET.fromstring(b"<feed" + namespaces + b">" + item + b"</feed>")
    except SafeET.ParseError as exc:
        return f"malformed XML ({exc})"
    except DefusedXmlException:
        return "declares XML entities"
    return None


def _shown_title(item: bytes) -> str:
    found = _TITLE_TEXT.search(item)
    if found is None:
        return "an item"
    raw = _CONTROL_BYTES.sub(b"", found.group(1)).decode("utf-8", "replace")
    return repr(html.unescape(_CHAR_REFERENCE.sub(b"", raw.encode())[:200].decode("utf-8", "replace")))


def _without_broken_items(body: bytes, indexer: str) -> tuple[bytes, list[str]]:
    """`body` with the items that are not well-formed taken out, and a note for each."""
    first_item = _ITEM_ELEMENT.search(body)
    head = body[: first_item.start()] if first_item else body
    namespaces = b"".join(m.group(0) for m in _NAMESPACE_DECLARATION.finditer(head))
    notes: list[str] = []

    def keep_or_drop(match: re.Match[bytes]) -> bytes:
        fault = _item_fault(match.group(0), namespaces)
        if fault is None:
            return match.group(0)
        notes.append(f"skipped {_shown_title(match.group(0))} from {indexer}: {fault}")
        return b""

    return _ITEM_ELEMENT.sub(keep_or_drop, body), notes


def parse_feed(data: bytes, indexer: str, *, max_items: int | None = None) -> TorznabFeed:
    """Parse a search answer into items; `indexer` names the source when the feed does not.

    One broken item (an invalid character, bad markup) does not cost the page: when the whole document
    does not parse, the items that are not well-formed on their own are left out with a note and the rest
    is read. Anything broken outside the items still rejects the page.
    """
    notes: list[str] = []
    try:
        root = parse_document(data)
    except PermanentError as exc:
        if not isinstance(exc.__cause__, SafeET.ParseError):
            raise
        repaired, notes = _without_broken_items(data, indexer)
        if not notes:
            raise
        root = parse_document(repaired)
    total: int | None = None
    items: list[TorznabItem] = []
    raw_count = len(notes)
    for element in root.iter():
        name = _local(element.tag)
        if name == "response" and total is None:
            total = _to_int(element.get("total"))
        elif name == "item":
            raw_count += 1
            if max_items is not None and len(items) >= max_items:
                continue
            item = read_item(element, indexer)
            if isinstance(item, str):
                notes.append(item)
            else:
                items.append(item)
    for line in notes:
        log.warning("%s", line)
    return TorznabFeed(items=tuple(items), total=total, raw_item_count=raw_count, skipped=tuple(notes))


def parse_item(element: Element, indexer: str) -> TorznabItem | None:
    """Read one `<item>`; None when it cannot be used (see `read_item` for why)."""
    item = read_item(element, indexer)
    return None if isinstance(item, str) else item


def read_item(element: Element, indexer: str) -> TorznabItem | str:
    """Read one `<item>`, or say in one line why it was skipped (no title, only an NZB)."""
    texts: dict[str, str] = {}
    attrs: dict[str, str] = {}
    category_texts: list[str] = []
    enclosures: list[_Enclosure] = []
    for child in element:
        name = _local(child.tag)
        if name == "attr":
            key = (child.get("name") or "").lower()
            value = child.get("value")
            if key and value is not None:
                if key == "category":
                    category_texts.append(value)
                else:
                    attrs.setdefault(key, value.strip())
        elif name == "enclosure":
            # The spec allows several (e.g. a .torrent beside an NZB): keep them all and choose below.
            enclosures.append(_Enclosure.read(child))
        elif name == "category":
            category_texts.append(child.text or "")
        elif name not in texts:
            texts[name] = (child.text or "").strip()

    title = _decode_title(texts.get("title", ""))
    if not title:
        guid = texts.get("guid") or texts.get("link") or "an item"
        return f"skipped {guid[:200]!r} from {indexer}: it has no title"
    link = texts.get("link", "")
    comments = texts.get("comments", "")
    nzb_urls = {e.url for e in enclosures if e.is_nzb}
    # A Newznab-style item's <link> is its NZB download: then only a .torrent or magnet link is taken.
    only_nzb = bool(nzb_urls) and all(e.is_nzb for e in enclosures)
    usable_link = "" if link in nzb_urls or _is_nzb_url(link) else link

    magnet_url = _first_magnet(
        *(e.url for e in enclosures if not e.is_nzb),
        attrs.get("magneturl", ""),
        usable_link,
        texts.get("guid", ""),
    )
    chosen = _torrent_enclosure(enclosures)
    torrent_url = chosen.url if chosen is not None else _torrent_link(usable_link, strict=only_nzb)
    tracker = texts.get("jackettindexer") or texts.get("prowlarrindexer") or texts.get("indexer")
    if torrent_url is None and magnet_url is None and nzb_urls:
        only = "it offers only an NZB (usenet download), no .torrent or magnet"
        return f"skipped {title!r} from {tracker or indexer}: {only}"
    details_url = _details_url(comments, usable_link, torrent_url)
    info_hash = normalise_info_hash(attrs.get("infohash")) or _hash_from_magnet(magnet_url)

    sized = chosen or next((e for e in enclosures if not e.is_nzb), None)
    size = (
        _positive_int(attrs.get("size"))
        or _positive_int(texts.get("size"))
        or (_positive_int(sized.length) if sized is not None else None)
    )
    seeders = _to_int(attrs.get("seeders"))
    peers = _to_int(attrs.get("peers"))
    if peers is None and (leechers := _to_int(attrs.get("leechers"))) is not None:
        # Torznab's `peers` counts seeders and leechers together.
        peers = leechers + (seeders or 0)

    return TorznabItem(
        title=title,
        guid=texts.get("guid") or torrent_url or magnet_url or title,
        indexer=tracker or indexer,
        info_hash=info_hash,
        magnet_url=magnet_url,
        torrent_url=torrent_url,
        details_url=details_url,
        size_bytes=size,
        seeders=seeders,
        peers=peers,
        categories=_categories(category_texts),
        imdb_id=normalise_imdb_id(attrs.get("imdbid") or attrs.get("imdb")),
        tmdb_id=_positive_int(attrs.get("tmdbid") or attrs.get("tmdb")),
        tvdb_id=_positive_int(attrs.get("tvdbid") or attrs.get("tvdb")),
        publish_date=_parse_date(texts.get("pubdate") or attrs.get("publishdate")),
    )


def normalise_info_hash(value: str | None) -> str | None:
    """Return a BitTorrent v1 info-hash as 40 lowercase hex digits, from hex or base32."""
    if not value:
        return None
    value = value.strip()
    if _HEX_HASH.match(value):
        return value.lower()
    if _BASE32_HASH.match(value):
        try:
            return base64.b32decode(value.upper()).hex()
        except binascii.Error:
            return None
    return None


def normalise_imdb_id(value: str | None) -> str | None:
    """Return an IMDb id as `tt` plus at least 7 digits; accepts it with or without `tt`."""
    if not value:
        return None
    match = _IMDB.match(value.strip())
    if not match or int(match.group(1)) == 0:
        return None
    return f"tt{int(match.group(1)):07d}"


def _decode_title(raw: str) -> str:
    """Undo HTML encoding that some indexers apply once more on top of XML's."""
    text = raw
    for _ in range(2):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return " ".join(text.split())


def _is_magnet(url: str) -> bool:
    return url.lower().startswith("magnet:?")


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _first_magnet(*candidates: str) -> str | None:
    return next((c for c in candidates if _is_magnet(c)), None)


def _looks_like_download(url: str) -> bool:
    parts = urlsplit(url)
    path = parts.path.lower()
    return path.endswith(".torrent") or "/download" in path or "/dl/" in path or "download" in parts.query


def _is_nzb_url(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(".nzb")


@dataclass(frozen=True, slots=True)
class _Enclosure:
    """One `<enclosure>`: its URL, its declared type (lower case, '' when absent) and length."""

    url: str
    type: str
    length: int | None

    @classmethod
    def read(cls, element: Element) -> _Enclosure:
        return cls(
            url=(element.get("url") or "").strip(),
            type=(element.get("type") or "").strip().lower(),
            length=_to_int(element.get("length")),
        )

    @property
    def is_nzb(self) -> bool:
        """A usenet download: declared as an NZB, or untyped with a .nzb path."""
        return self.type.startswith(_NZB_TYPE) or (not self.type and _is_nzb_url(self.url))

    @property
    def is_torrent_file(self) -> bool:
        """An http(s) .torrent download: typed as a torrent, or untyped with a .torrent path."""
        if not _is_http(self.url) or self.is_nzb:
            return False
        return self.type.startswith(_TORRENT_TYPE) or urlsplit(self.url).path.lower().endswith(".torrent")


def _torrent_enclosure(enclosures: list[_Enclosure]) -> _Enclosure | None:
    """The enclosure to download: one that is a .torrent, else one without a type (never an NZB)."""
    found = next((e for e in enclosures if e.is_torrent_file), None)
    if found is None:
        found = next((e for e in enclosures if not e.type and _is_http(e.url) and not e.is_nzb), None)
    return found


def _torrent_link(link: str, *, strict: bool) -> str | None:
    """A `<link>` that is the .torrent download; `strict` (an item offering an NZB): only a .torrent path."""
    if not _is_http(link):
        return None
    if strict:
        return link if urlsplit(link).path.lower().endswith(".torrent") else None
    return link if _looks_like_download(link) else None


def _details_url(comments: str, link: str, torrent_url: str | None) -> str | None:
    """The human page: `<comments>`, else a `<link>` that is neither the download nor a magnet."""
    if _is_http(comments):
        return comments
    if _is_http(link) and link != torrent_url and not _looks_like_download(link):
        return link
    return None


def _hash_from_magnet(magnet: str | None) -> str | None:
    if not magnet:
        return None
    for xt in parse_qs(urlsplit(magnet).query).get("xt", []):
        if xt.lower().startswith("urn:btih:"):
            return normalise_info_hash(xt[9:])
    return None


def _categories(values: list[str]) -> tuple[int, ...]:
    found: list[int] = []
    for raw in values:
        text = raw.strip()
        cat = _to_int(text)
        if cat is None:
            key = text.lower().replace(" > ", "/").replace(" ", "")
            cat = _CATEGORY_NAMES.get(key) or _CATEGORY_NAMES.get(key.split("/", 1)[0])
        if cat is not None and cat not in found:
            found.append(cat)
    return tuple(found)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _to_int(value: object) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        try:
            return int(float(str(value).strip()))
        except (ValueError, OverflowError):
            return None


def _positive_int(value: object) -> int | None:
    number = _to_int(value)
    return number if number is not None and number > 0 else None
