"""A Torznab indexer simulator: Jackett- and Prowlarr-flavoured endpoints driven by a scenario.

Shapes follow ../shared/fixtures/torznab (Jackett: `/api/v2.0/indexers/<id>/results/torznab/api`,
`<jackettindexer>`, `magneturl` attrs; Prowlarr: `/<id>/api`, `<prowlarrindexer>`, no magnet).
The scenario is read at each request, so a test may change it between calls (failures, slowness,
a wrong key, a huge or hostile feed).

Run as a process from backend/: `python -m app.appliance.simulators.torznab --port 9117 --scenario s.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import re
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Literal
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from pydantic import BaseModel, Field
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

XML = "application/rss+xml; charset=utf-8"
_RSS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="{version}" xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:torznab="http://torznab.com/schemas/2015/feed">\n<channel>\n'
    '<atom:link href="{base}" rel="self" type="application/rss+xml"/>\n<title>{title}</title>\n'
)
_RSS_TAIL = "</channel>\n</rss>\n"

XXE_FEED = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title><guid>x</guid></item></channel></rss>
"""
BILLION_LAUGHS_FEED = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + ']>\n<rss version="2.0"><channel><item><title>&lol9;</title><guid>b</guid></item></channel></rss>\n'
)


class SimItem(BaseModel):
    """One release the indexer knows."""

    title: str
    title_xml: str | None = None  # inserted verbatim, for encoding quirks such as `&amp;amp;`
    size: int | None = 1_500_000_000
    enclosure_length: int | None = None  # defaults to size
    seeders: int | None = 10
    peers: int | None = 15
    leechers: int | None = None
    info_hash: str | None = None  # hex; derived from the title when absent
    magnet_base32: bool = False
    send_infohash_attr: bool = True
    imdb: str | None = None  # as the indexer writes it: '0137523', '137523' or 'tt0137523'
    tmdb: int | None = None
    tvdb: int | None = None
    season: int | None = None
    episode: int | None = None
    categories: list[int] = Field(default_factory=lambda: [2000])
    pub_date: str = "Sat, 09 Dec 2023 00:00:00 +0100"
    # The .torrent file the download link serves (base64); without one the link redirects to the magnet,
    # as Jackett and Prowlarr do for magnet-only releases.
    torrent_b64: str | None = None
    download_delay_s: float = 0.0  # a slow .torrent link (to catch a worker in the middle of a grab)

    def hex_hash(self) -> str:
        """The item's v1 info-hash in hex."""
        return (self.info_hash or hashlib.sha1(self.title.encode()).hexdigest()).lower()  # noqa: S324


class SimIndexer(BaseModel):
    """One indexer endpoint and how it behaves."""

    id: str
    name: str
    flavour: Literal["jackett", "prowlarr"] = "jackett"
    api_key: str = "simkey"
    bad_key_status: int = 200  # Jackett and Prowlarr can answer a wrong key with HTTP 200 + <error code=100>
    items: list[SimItem] = Field(default_factory=list)
    search_params: str = "q"
    tv_params: str = "q,season,ep,tvdbid"
    movie_params: str = "q,imdbid,tmdbid"
    limit_default: int = 100
    limit_max: int = 100
    rss_version: str = "2.0"
    delay_s: float = 0.0
    fail_status: int | None = None
    error_code: int | None = None
    error_description: str = "Simulated failure"
    raw_feed: str | None = None
    hostile: Literal["xxe", "billion_laughs"] | None = None
    huge_feed_bytes: int | None = None


class TorznabScenario(BaseModel):
    """Everything the simulator serves; mutate it between requests to change behaviour."""

    indexers: list[SimIndexer] = Field(default_factory=list)

    def indexer(self, indexer_id: str) -> SimIndexer | None:
        """The indexer with this id, if any."""
        return next((i for i in self.indexers if i.id == indexer_id), None)


def _error(code: int, description: str, status: int = 200) -> Response:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    body = f'{head}<error code="{code}" description={quoteattr(description)} />'
    return Response(body, status_code=status, media_type=XML)


def _yes(params: str) -> str:
    return "yes" if params else "no"


def _caps_xml(ix: SimIndexer) -> str:
    server = "Jackett" if ix.flavour == "jackett" else "Prowlarr"
    cats = "".join(f'<category id="{c}" name="{n}" />' for c, n in ((2000, "Movies"), (5000, "TV")))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<caps>\n<server title="{server}" />\n'
        f'<limits default="{ix.limit_default}" max="{ix.limit_max}" />\n<searching>\n'
        f'<search available="yes" supportedParams="{ix.search_params}" />\n'
        f'<tv-search available="{_yes(ix.tv_params)}" supportedParams="{ix.tv_params}" />\n'
        f'<movie-search available="{_yes(ix.movie_params)}" supportedParams="{ix.movie_params}" />\n'
        f"</searching>\n<categories>{cats}</categories>\n</caps>\n"
    )


def _words(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).split()


def _digits(imdb: str | None) -> int | None:
    if not imdb:
        return None
    match = re.search(r"(\d+)", imdb)
    return int(match.group(1)) if match else None


def _matches(item: SimItem, params: dict[str, str]) -> bool:
    """Would a real indexer return this item for these parameters?"""
    words = set(_words(item.title))
    if any(w not in words for w in _words(params.get("q", ""))):
        return False
    checks = (
        ("imdbid", _digits(params.get("imdbid")), _digits(item.imdb)),
        ("tmdbid", params.get("tmdbid"), str(item.tmdb) if item.tmdb else None),
        ("tvdbid", params.get("tvdbid"), str(item.tvdb) if item.tvdb else None),
        ("season", params.get("season"), str(item.season) if item.season is not None else None),
        ("ep", params.get("ep"), str(item.episode) if item.episode is not None else None),
    )
    if any(wanted is not None and wanted != have for _, wanted, have in checks):
        return False
    if cats := params.get("cat"):
        wanted_cats = {int(c) for c in cats.split(",") if c.strip().isdigit()}
        if not any(c in wanted_cats or c // 1000 * 1000 in wanted_cats for c in item.categories):
            return False
    return True


def _item_xml(ix: SimIndexer, item: SimItem, n: int, base: str) -> str:
    hex_hash = item.hex_hash()
    file = quote(item.title)
    if ix.flavour == "jackett":
        link = f"{base}/dl/{ix.id}/?jackett_apikey=redacted&path={hex_hash}&file={file}"
        tracker = f'<jackettindexer id="{ix.id}">{escape(ix.name)}</jackettindexer>\n<type>public</type>'
        guid = f"{base}/details/{ix.id}/{n}"
    else:
        link = f"{base}/{ix.id}/download?apikey=redacted&link={hex_hash}&file={file}"
        tracker = f'<prowlarrindexer id="{ix.id}" type="private">{escape(ix.name)}</prowlarrindexer>'
        guid = f"{ix.name}-{n}"
    attrs = [("category", str(c)) for c in item.categories]
    if item.imdb:
        attrs.append(("imdbid" if ix.flavour == "jackett" else "imdb", item.imdb))
    attrs += [(k, str(v)) for k, v in (("tmdbid", item.tmdb), ("tvdbid", item.tvdb)) if v]
    for key, value in (("seeders", item.seeders), ("peers", item.peers), ("leechers", item.leechers)):
        if value is not None:
            attrs.append((key, str(value)))
    if item.send_infohash_attr:
        attrs.append(("infohash", hex_hash.upper()))
    if ix.flavour == "jackett":
        attrs.append(("magneturl", magnet_link(item)))
    title = item.title_xml if item.title_xml is not None else escape(item.title)
    length = item.enclosure_length if item.enclosure_length is not None else (item.size or 0)
    size_el = f"<size>{item.size}</size>\n" if item.size is not None else ""
    cats_el = "".join(f"<category>{c}</category>\n" for c in item.categories)
    attrs_el = "".join(f'<torznab:attr name="{k}" value={quoteattr(v)}/>\n' for k, v in attrs)
    return (
        f"<item>\n<title>{title}</title>\n<guid>{escape(guid)}</guid>\n{tracker}\n"
        f"<comments>{escape(base)}/details/{ix.id}/{n}</comments>\n<pubDate>{item.pub_date}</pubDate>\n"
        f"{size_el}<description/>\n<link>{escape(link)}</link>\n{cats_el}"
        f'<enclosure url={quoteattr(link)} length="{length}" type="application/x-bittorrent"/>\n'
        f"{attrs_el}</item>\n"
    )


def magnet_link(item: SimItem) -> str:
    """The item's magnet link (hex or base32 btih, as the scenario says)."""
    hex_hash = item.hex_hash()
    btih = base64.b32encode(bytes.fromhex(hex_hash)).decode() if item.magnet_base32 else hex_hash.upper()
    return f"magnet:?xt=urn:btih:{btih}&dn={quote(item.title)}&tr=udp%3A%2F%2F127.0.0.1%3A6969"


def _download(item: SimItem | None) -> Response:
    if item is None:
        return Response("Not found", status_code=404)
    if item.torrent_b64 is None:
        return Response(status_code=302, headers={"Location": magnet_link(item)})
    return Response(
        base64.b64decode(item.torrent_b64),
        media_type="application/x-bittorrent",
        headers={"Content-Disposition": f'attachment; filename="{quote(item.title)}.torrent"'},
    )


async def _huge_feed(ix: SimIndexer, base: str, total_bytes: int) -> AsyncIterator[bytes]:
    """Stream a valid-looking feed of about `total_bytes` without ever holding it in memory."""
    head = _RSS_HEAD.format(version=ix.rss_version, base=escape(base), title=escape(ix.name)).encode()
    yield head
    sent = len(head)
    n = 0
    while sent < total_bytes:
        chunk = "".join(
            _item_xml(ix, SimItem(title=f"Filler.Release.{n + k}.1080p.WEB-DL-SIM"), n + k, base)
            for k in range(100)
        ).encode()
        n += 100
        sent += len(chunk)
        yield chunk
    yield _RSS_TAIL.encode()


def _search(ix: SimIndexer, params: dict[str, str], base: str) -> Response:
    mode = params.get("t", "")
    supported = {"search": ix.search_params, "tvsearch": ix.tv_params, "movie": ix.movie_params}
    if mode not in supported:
        return _error(202, f"No such function ({mode})")
    allowed = set(filter(None, supported[mode].split(","))) | {
        "t",
        "cat",
        "limit",
        "offset",
        "extended",
        "apikey",
    }
    if unsupported := sorted(set(params) - allowed):
        return _error(203, f"Function Not Available: {', '.join(unsupported)} not supported")
    matches = [item for item in ix.items if _matches(item, params)]
    offset = int(params.get("offset") or 0)
    limit = min(int(params.get("limit") or ix.limit_default), ix.limit_max)
    page = matches[offset : offset + limit]
    head = _RSS_HEAD.format(version=ix.rss_version, base=escape(base), title=escape(ix.name))
    body = head + "".join(_item_xml(ix, item, offset + k, base) for k, item in enumerate(page)) + _RSS_TAIL
    return Response(body, media_type=XML)


def create_app(scenario: TorznabScenario) -> Starlette:
    """Build the simulator; `app.state.requests` logs each query (without the key) for assertions."""

    async def handle(request: Request, indexer_id: str, flavour: str) -> Response:
        ix = scenario.indexer(indexer_id)
        if ix is None or ix.flavour != flavour:
            return Response("Not found", status_code=404)
        params = dict(request.query_params)
        key = params.pop("apikey", None)
        request.app.state.requests.append({"indexer": ix.id, **params})
        if ix.delay_s:
            await asyncio.sleep(ix.delay_s)
        if key != ix.api_key:
            return _error(100, "Invalid API Key", status=ix.bad_key_status)
        if ix.fail_status is not None:
            return Response("Internal Server Error", status_code=ix.fail_status)
        if ix.error_code is not None:
            return _error(ix.error_code, ix.error_description)
        if params.get("t") == "caps":
            return Response(_caps_xml(ix), media_type=XML)
        base = str(request.base_url).rstrip("/")
        if ix.hostile is not None:
            return Response(XXE_FEED if ix.hostile == "xxe" else BILLION_LAUGHS_FEED, media_type=XML)
        if ix.raw_feed is not None:
            return Response(ix.raw_feed, media_type=XML)
        if ix.huge_feed_bytes is not None:
            return StreamingResponse(_huge_feed(ix, base, ix.huge_feed_bytes), media_type=XML)
        return _search(ix, params, base)

    async def jackett(request: Request) -> Response:
        return await handle(request, request.path_params["indexer_id"], "jackett")

    async def prowlarr(request: Request) -> Response:
        return await handle(request, request.path_params["indexer_id"], "prowlarr")

    async def download(request: Request) -> Response:
        ix = scenario.indexer(request.path_params["indexer_id"])
        item_hash = request.query_params.get("path") or request.query_params.get("link") or ""
        if ix is None:
            return Response("Not found", status_code=404)
        request.app.state.downloads.append({"indexer": ix.id, "hash": item_hash})
        item = next((i for i in ix.items if i.hex_hash() == item_hash.lower()), None)
        if item is not None and item.download_delay_s:
            await asyncio.sleep(item.download_delay_s)
        return _download(item)

    app = Starlette(
        routes=[
            Route("/api/v2.0/indexers/{indexer_id}/results/torznab/api", jackett),
            Route("/{indexer_id}/api", prowlarr),
            Route("/dl/{indexer_id}/", download),
            Route("/{indexer_id}/download", download),
        ]
    )
    app.state.requests = []
    app.state.downloads = []
    app.state.scenario = scenario
    return app


def jackett_url(base_url: str, indexer_id: str) -> str:
    """The Torznab endpoint of a Jackett-flavoured simulated indexer."""
    return f"{base_url}/api/v2.0/indexers/{indexer_id}/results/torznab/api"


def prowlarr_url(base_url: str, indexer_id: str) -> str:
    """The Torznab endpoint of a Prowlarr-flavoured simulated indexer."""
    return f"{base_url}/{indexer_id}/api"


def demo_scenario() -> TorznabScenario:
    """A Jackett and a Prowlarr indexer offering Fight Club and Game of Thrones, for manual runs."""
    films = [
        SimItem(title="Fight.Club.1999.MULTi.1080p.BluRay.x264-KIOSK", imdb="0137523", tmdb=550, seeders=153),
        SimItem(title="Fight.Club.1999.720p.WEB-DL.x264-DEMO", imdb="0137523", tmdb=550, size=4_000_000_000),
        SimItem(title="Fight.Club.1999.CAM.XviD-BAD", imdb="0137523", tmdb=550, size=700_000_000),
    ]
    shows = [
        SimItem(title=f"Game.of.Thrones.S01E{e:02d}.FRENCH.1080p.WEB.x264-DEMO", tvdb=121361, season=1,
                episode=e, categories=[5040], size=2_000_000_000)
        for e in range(1, 4)
    ]  # fmt: skip
    shows.append(
        SimItem(title="Game.of.Thrones.S01.MULTi.1080p.BluRay.x264-KIOSK", tvdb=121361, season=1,
                categories=[5040], size=25_000_000_000)
    )  # fmt: skip
    return TorznabScenario(
        indexers=[
            SimIndexer(id="demo-jackett", name="Demo Jackett", flavour="jackett", items=films + shows),
            SimIndexer(id="demo-prowlarr", name="Demo Prowlarr", flavour="prowlarr", items=films),
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Serve a scenario file (or the demo scenario) on 127.0.0.1 until interrupted."""
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=9117)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--scenario", type=Path, help="JSON file of a TorznabScenario (default: a demo)")
    args = parser.parse_args(argv)
    if args.scenario:
        scenario = TorznabScenario.model_validate_json(args.scenario.read_text())
    else:
        scenario = demo_scenario()
    base = f"http://{args.host}:{args.port}"
    for ix in scenario.indexers:
        url = jackett_url(base, ix.id) if ix.flavour == "jackett" else prowlarr_url(base, ix.id)
        print(f"Torznab simulator: {ix.name} at {url} (API key: {ix.api_key})")
    uvicorn.run(create_app(scenario), host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
