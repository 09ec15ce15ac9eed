"""qBittorrent adapter: add, list, inspect and delete our torrents through the WebUI API (qbittorrent-api).

The library is blocking; every public method runs it in a worker thread so async services can await it.
Errors come out as the three kinds of `app.integrations.errors`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

import qbittorrentapi
import requests

from app.downloads.models import DownloadState
from app.integrations.errors import AuthError, PermanentError, TransientError
from app.integrations.qbittorrent_states import map_state

SERVICE = "qBittorrent"
# qBittorrent's "infinite" eta (100 days) and its "not finished yet" completion time.
ETA_INFINITE = 8_640_000
NOT_COMPLETED = -1

T = TypeVar("T")


@dataclass(frozen=True)
class QbittorrentConfig:
    """Where qBittorrent's WebUI answers, how to log in, and the category that marks our torrents."""

    url: str
    username: str
    password: str = field(repr=False)
    category: str = "plex-kiosk"
    timeout: float = 15.0


@dataclass(frozen=True)
class TorrentStatus:
    """One of our torrents as qBittorrent reports it, with its state mapped onto ours."""

    info_hash: str
    name: str
    state: DownloadState
    raw_state: str
    progress: float
    eta: int | None
    dlspeed: int
    upspeed: int
    size: int
    downloaded: int
    content_path: str
    save_path: str
    ratio: float
    seeding_time: int
    completion_on: int | None
    tags: tuple[str, ...]
    category: str


@dataclass(frozen=True)
class TorrentFile:
    """A file in a torrent: path relative to the save path, size, progress, priority (0 = skipped)."""

    name: str
    size: int
    progress: float
    priority: int


@dataclass(frozen=True)
class AddOptions:
    """How to add a torrent: tags (the request id), where to save it, stopped or not, share limits."""

    tags: Sequence[str] = ()
    save_path: str | None = None
    paused: bool = False
    ratio_limit: float | None = None
    seeding_time_limit_minutes: int | None = None


def to_status(raw: Mapping[str, Any]) -> TorrentStatus:
    """Build a `TorrentStatus` from one torrent of `torrents/info` (or a full `sync/maindata` entry)."""
    raw_state = str(raw.get("state", "unknown"))
    eta = int(raw.get("eta", ETA_INFINITE))
    completion_on = int(raw.get("completion_on", NOT_COMPLETED))
    tags = tuple(tag.strip() for tag in str(raw.get("tags", "")).split(",") if tag.strip())
    return TorrentStatus(
        info_hash=str(raw["hash"]).lower(),
        name=str(raw.get("name", "")),
        state=map_state(raw_state),
        raw_state=raw_state,
        progress=float(raw.get("progress", 0.0)),
        eta=None if eta >= ETA_INFINITE or eta < 0 else eta,
        dlspeed=int(raw.get("dlspeed", 0)),
        upspeed=int(raw.get("upspeed", 0)),
        size=int(raw.get("size", 0)),
        downloaded=int(raw.get("downloaded", 0)),
        content_path=str(raw.get("content_path", "")),
        save_path=str(raw.get("save_path", "")),
        ratio=float(raw.get("ratio", 0.0)),
        seeding_time=int(raw.get("seeding_time", 0)),
        # 4.x reports 0 for never-finished torrents added in this session, 5.x and older entries -1.
        completion_on=completion_on if completion_on > 0 else None,
        tags=tags,
        category=str(raw.get("category", "")),
    )


@contextmanager
def translated_errors(action: str) -> Iterator[None]:
    """Turn qbittorrent-api and requests errors raised while doing `action` into our three kinds."""
    try:
        yield
    except qbittorrentapi.LoginFailed as exc:
        raise AuthError(SERVICE, "login refused: check the username and password") from exc
    except (qbittorrentapi.HTTP401Error, qbittorrentapi.HTTP403Error) as exc:
        raise AuthError(
            SERVICE, f"{action}: access refused (not logged in, or banned after failed logins)"
        ) from exc
    except qbittorrentapi.HTTP409Error as exc:
        raise TransientError(SERVICE, f"{action}: conflict, try again later") from exc
    except qbittorrentapi.HTTP404Error as exc:
        raise PermanentError(SERVICE, f"{action}: no such torrent") from exc
    except qbittorrentapi.HTTP415Error as exc:
        raise PermanentError(SERVICE, f"{action}: not a valid torrent file") from exc
    except qbittorrentapi.HTTP5XXError as exc:
        raise TransientError(SERVICE, f"{action}: server error {_status(exc)}") from exc
    except qbittorrentapi.HTTP4XXError as exc:
        raise PermanentError(SERVICE, f"{action}: request refused ({_status(exc)})") from exc
    except (qbittorrentapi.APIConnectionError, requests.RequestException) as exc:
        raise TransientError(SERVICE, f"{action}: cannot reach qBittorrent ({type(exc).__name__})") from exc
    except NotImplementedError as exc:
        raise PermanentError(SERVICE, f"{action}: not supported by this qBittorrent version") from exc
    except qbittorrentapi.APIError as exc:
        raise PermanentError(SERVICE, f"{action}: {type(exc).__name__}") from exc


def _status(exc: qbittorrentapi.HTTPError) -> str:
    """The HTTP status of a failed call, for a message (never the body: it may echo parameters)."""
    response = getattr(exc, "response", None)
    return f"HTTP {response.status_code}" if response is not None else "HTTP error"


class QbittorrentClient:
    """Our torrents in one qBittorrent: every method is async and runs the blocking client in a thread."""

    def __init__(self, config: QbittorrentConfig) -> None:
        self._config = config
        self._login_lock = threading.Lock()
        self._api = qbittorrentapi.Client(
            host=config.url,
            username=config.username,
            password=config.password,
            REQUESTS_ARGS={"timeout": (config.timeout, config.timeout)},
            RAISE_NOTIMPLEMENTEDERROR_FOR_UNIMPLEMENTED_API_ENDPOINTS=True,
            DISABLE_LOGGING_DEBUG_OUTPUT=True,
        )

    @property
    def category(self) -> str:
        """The category that marks the torrents this appliance added."""
        return self._config.category

    async def _run(self, action: str, call: Callable[[], T]) -> T:
        """Run a blocking call in a thread with its errors translated."""

        def guarded() -> T:
            with translated_errors(action):
                return call()

        return await asyncio.to_thread(guarded)

    async def login(self) -> None:
        """Log in; a refused password (qBittorrent answers 200 without a SID cookie) raises AuthError."""

        def log_in() -> None:
            with self._login_lock:
                self._api.auth_log_in()
                # qbittorrent-api takes any "Ok." for success; what counts is whether the session is accepted.
                if not self._api.is_logged_in:
                    raise qbittorrentapi.LoginFailed()

        await self._run("log in", log_in)

    async def version(self) -> str:
        """Return qBittorrent's version, e.g. '4.5.2' (logs in if needed)."""
        raw = await self._run("read the version", self._api.app_version)
        return str(raw).removeprefix("v")

    async def add_magnet(self, magnet: str, options: AddOptions | None = None) -> None:
        """Add a torrent by magnet link into our category."""
        await self._add(options or AddOptions(), urls=magnet)

    async def add_torrent_url(self, url: str, options: AddOptions | None = None) -> None:
        """Add a torrent by the URL of its .torrent file (qBittorrent downloads it)."""
        await self._add(options or AddOptions(), urls=url)

    async def add_torrent_file(self, torrent: bytes, options: AddOptions | None = None) -> None:
        """Add a torrent from the bytes of its .torrent file."""
        await self._add(options or AddOptions(), torrent_files={"release.torrent": torrent})

    async def _add(self, options: AddOptions, **source: Any) -> None:
        """Send `torrents/add`; qBittorrent answers 'Fails.' (HTTP 200) when it refuses the torrent."""

        def add() -> Any:
            return self._api.torrents_add(
                **source,
                category=self._config.category,
                tags=list(options.tags) or None,
                save_path=options.save_path,
                is_paused=options.paused,
                ratio_limit=options.ratio_limit,
                seeding_time_limit=options.seeding_time_limit_minutes,
            )

        result = await self._run("add a torrent", add)
        if isinstance(result, str) and result.strip() != "Ok.":
            raise PermanentError(
                SERVICE, "qBittorrent refused the torrent (invalid, unreachable or already added)"
            )

    async def list_torrents(self) -> list[TorrentStatus]:
        """Return every torrent in our category, in one call."""
        raw = await self._run(
            # Plain dicts: wrapping 2,000 torrents in qbittorrent-api's objects costs ~0.4 s per call.
            "list torrents",
            lambda: self._api.torrents_info(category=self._config.category, SIMPLE_RESPONSES=True),
        )
        return [to_status(entry) for entry in raw]

    async def get_torrent(self, info_hash: str) -> TorrentStatus | None:
        """Return one torrent by info-hash, or None when qBittorrent does not have it."""
        raw = await self._run(
            "read a torrent",
            lambda: self._api.torrents_info(torrent_hashes=info_hash.lower(), SIMPLE_RESPONSES=True),
        )
        return to_status(raw[0]) if raw else None

    async def files(self, info_hash: str) -> list[TorrentFile]:
        """Return the files of a torrent (paths relative to its save path)."""
        raw: list[Any] = await self._run(
            "list a torrent's files", lambda: list(self._api.torrents_files(info_hash.lower()))
        )
        return [
            TorrentFile(
                name=str(entry["name"]),
                size=int(entry["size"]),
                progress=float(entry["progress"]),
                priority=int(entry["priority"]),
            )
            for entry in raw
        ]

    async def delete(self, info_hash: str, *, delete_files: bool) -> None:
        """Remove a torrent, with or without its downloaded data."""
        await self._run(
            "delete a torrent",
            lambda: self._api.torrents_delete(delete_files=delete_files, torrent_hashes=info_hash.lower()),
        )

    async def add_peers(self, info_hash: str, peers: Sequence[str]) -> None:
        """Tell qBittorrent about peers (`host:port`) for a torrent; used by tests and the demo."""
        await self._run(
            "add peers",
            lambda: self._api.torrents_add_peers(peers=list(peers), torrent_hashes=info_hash.lower()),
        )

    async def close(self) -> None:
        """Log out and drop the HTTP session; errors on the way out do not matter."""
        with suppress(qbittorrentapi.APIError, requests.RequestException):
            await asyncio.to_thread(self._api.auth_log_out)
