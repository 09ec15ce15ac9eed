"""Turn an indexer's link into something qBittorrent can add, with its info-hash known beforehand.

Knowing the hash before adding is what makes adding idempotent: the download row is keyed by it, and
qBittorrent treats a second add of the same hash as a no-op, so a worker that dies between the two
steps leaves nothing twice.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
from fastbencode import bdecode, bencode

from app.integrations.errors import PermanentError, TransientError

SERVICE = "indexer"
MAX_TORRENT_BYTES = 10 * 1024 * 1024  # the largest real .torrent files (huge packs) stay well under this
_HEX = re.compile(r"^[0-9a-f]{40}$")
_BASE32 = re.compile(r"^[A-Z2-7]{32}$")


@dataclass(frozen=True)
class TorrentSource:
    """What to hand to qBittorrent: a magnet link or the bytes of a .torrent, and its hex info-hash."""

    info_hash: str
    magnet: str | None = None
    torrent: bytes | None = None
    file_names: tuple[str, ...] | None = None


def normalise_hash(value: str) -> str | None:
    """A 40-char lowercase hex info-hash from a hex or base32 (BEP 9) form, else None."""
    value = value.strip()
    if _HEX.match(value.lower()):
        return value.lower()
    if _BASE32.match(value.upper()):
        return base64.b32decode(value.upper()).hex()
    return None


def magnet_hash(magnet: str) -> str | None:
    """The info-hash named by a magnet link's `xt=urn:btih:`, or None."""
    for topic in parse_qs(urlsplit(magnet).query).get("xt", []):
        if topic.lower().startswith("urn:btih:"):
            return normalise_hash(topic[len("urn:btih:") :])
    return None


def parse_torrent(data: bytes) -> TorrentSource:
    """Info-hash and file names of a .torrent; PermanentError when it is not one."""
    try:
        meta = bdecode(data)
        info = meta[b"info"]
        name = info[b"name"].decode("utf-8", "replace")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PermanentError(SERVICE, "the indexer's link did not give a valid .torrent file") from exc
    files = info.get(b"files")
    if files is None:
        names: tuple[str, ...] = (name,)
    else:
        names = tuple(
            "/".join([name, *(part.decode("utf-8", "replace") for part in entry[b"path"])]) for entry in files
        )
    info_hash = hashlib.sha1(bencode(info)).hexdigest()  # noqa: S324 - BitTorrent v1 defines the hash as SHA-1
    return TorrentSource(info_hash=info_hash, torrent=data, file_names=names)


async def resolve(http: httpx.AsyncClient, *, magnet: str | None, torrent_url: str | None) -> TorrentSource:
    """A TorrentSource for a release; the .torrent is fetched when only its URL is known."""
    if magnet and (info_hash := magnet_hash(magnet)):
        return TorrentSource(info_hash=info_hash, magnet=magnet)
    if not torrent_url:
        raise PermanentError(SERVICE, "the release has neither a magnet link nor a .torrent link")
    if torrent_url.startswith("magnet:"):
        return await resolve(http, magnet=torrent_url, torrent_url=None)
    return await _fetch(http, torrent_url)


async def _fetch(http: httpx.AsyncClient, url: str, redirects: int = 5) -> TorrentSource:
    try:
        async with http.stream("GET", url, follow_redirects=False) as response:
            if response.is_redirect:
                location = response.headers.get("location", "")
                # Jackett and Prowlarr answer a magnet-only release with a redirect to the magnet link.
                if location.startswith("magnet:"):
                    return await resolve(http, magnet=location, torrent_url=None)
                if redirects <= 0 or not location:
                    raise PermanentError(SERVICE, "the .torrent link redirects too many times")
                return await _fetch(http, str(response.url.join(location)), redirects - 1)
            if response.status_code >= 500 or response.status_code == 429:
                raise TransientError(SERVICE, f"the .torrent download failed (HTTP {response.status_code})")
            if response.status_code >= 400:
                raise PermanentError(SERVICE, f"the .torrent link is refused (HTTP {response.status_code})")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body.extend(chunk)
                if len(body) > MAX_TORRENT_BYTES:
                    raise PermanentError(SERVICE, "the .torrent file is implausibly large")
    except httpx.TransportError as exc:
        raise TransientError(SERVICE, f"the .torrent download failed: {type(exc).__name__}") from exc
    return parse_torrent(bytes(body))
