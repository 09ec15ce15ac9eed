"""qBittorrent in Settings: what is stored, what an admin sees and sends, the ready client, the Test button.

Stored under "qbittorrent" as {"url", "username", "password", "category", "save_path",
"path_mappings": [[qbittorrent_path, local_path], …]}, plus an optional "timeout" in seconds that no screen
edits. The mappings matter when qBittorrent runs elsewhere (its own container, a NAS) and names the download
folder differently: its paths are translated before an import reads the files, and ours before we tell it
where to save.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from app.input_types import Text
from app.integrations.path_mapping import to_ours, to_theirs
from app.integrations.qbittorrent import QbittorrentClient, QbittorrentConfig
from app.settings.errors import NotConfigured
from app.settings.folders import folders_in_force
from app.settings.integrations.probe import CHECK_TIMEOUT_S, not_configured, probe
from app.settings.schemas import ConnectionTest, FolderPath, HttpUrl, SecretIn, SettingsIn
from app.settings.secrets import SecretState, kept, shown
from app.settings.service import get_setting, put_setting

QBITTORRENT_SETTING = "qbittorrent"
SERVICE = "qBittorrent"
DEFAULT_CATEGORY = "plex-kiosk"
# Logging in costs a round trip: one client per configuration per process.
_clients: dict[QbittorrentConfig, QbittorrentClient] = {}


def _category(value: str) -> str:
    value = value.strip()
    if value != posixpath.normpath(value) or value.startswith("/") or "\\" in value:
        raise ValueError("must be a qBittorrent category such as plex-kiosk or movies/kiosk")
    return value


class QbittorrentPathMapping(BaseModel):
    """A folder as qBittorrent sees it and the same folder as this appliance sees it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    qbittorrent_path: FolderPath
    local_path: FolderPath


class QbittorrentSettingsIn(SettingsIn):
    """qBittorrent's WebUI, how to log in, the category that marks our torrents and where they go."""

    url: HttpUrl
    username: Annotated[Text, Field(max_length=200)] = ""
    password: SecretIn = None
    category: Annotated[Text, Field(min_length=1, max_length=100), AfterValidator(_category)] = "plex-kiosk"
    save_path: FolderPath | None = None
    # None (left out): the stored mappings stay, so a form that does not show them cannot wipe them.
    path_mappings: list[QbittorrentPathMapping] | None = Field(default=None, max_length=20)


class QbittorrentSettingsOut(BaseModel):
    """The qBittorrent settings as an admin sees them (the password only as "set")."""

    configured: bool
    url: str | None
    username: str
    password: SecretState
    category: str
    save_path: str | None
    path_mappings: list[QbittorrentPathMapping]


@dataclass(frozen=True, slots=True)
class QbittorrentSettings:
    """The stored qBittorrent setting (nothing set until an admin saves it); the password stays out of
    its repr."""

    url: str | None = None
    username: str = ""
    password: str = field(default="", repr=False)
    category: str = DEFAULT_CATEGORY
    save_path: str | None = None
    path_mappings: tuple[tuple[str, str], ...] = ()
    timeout: float | None = None

    @classmethod
    def from_stored(cls, raw: Mapping[str, Any] | None) -> QbittorrentSettings:
        """The typed view of the stored JSON (None when never saved)."""
        raw = raw or {}
        return cls(
            url=raw.get("url"),
            username=raw.get("username") or "",
            password=raw.get("password") or "",
            category=raw.get("category") or DEFAULT_CATEGORY,
            save_path=raw.get("save_path"),
            path_mappings=tuple((theirs, ours) for theirs, ours in raw.get("path_mappings") or ()),
            timeout=raw.get("timeout"),
        )

    @property
    def configured(self) -> bool:
        """qBittorrent needs at least its WebUI address (it may accept us without a password)."""
        return bool(self.url)

    def local_path(self, qbittorrent_path: str) -> str:
        """A path qBittorrent reports (a torrent's save path), as this appliance reads it."""
        return to_ours(qbittorrent_path, self.path_mappings)

    def qbittorrent_path(self, local_path: str) -> str:
        """One of our folders as qBittorrent must be told it."""
        return to_theirs(local_path, self.path_mappings)

    def config(self) -> QbittorrentConfig | None:
        """The adapter's config, or None when no URL is set."""
        if not self.url:
            return None
        config = QbittorrentConfig(
            url=self.url, username=self.username, password=self.password, category=self.category
        )
        return config if self.timeout is None else dataclasses.replace(config, timeout=self.timeout)

    def out(self) -> QbittorrentSettingsOut:
        """What the API shows."""
        return QbittorrentSettingsOut(
            configured=self.configured,
            url=self.url,
            username=self.username,
            password=shown(self.password),
            category=self.category,
            save_path=self.save_path,
            path_mappings=[
                QbittorrentPathMapping(qbittorrent_path=theirs, local_path=ours)
                for theirs, ours in self.path_mappings
            ],
        )


def merged_qbittorrent(body: QbittorrentSettingsIn, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The qBittorrent setting to store after `body`, keeping the stored password unless a new one is sent."""
    stored = stored or {}
    values = body.model_dump(exclude={"password", "path_mappings"})
    mappings = (
        stored.get("path_mappings") or []
        if body.path_mappings is None
        else [[m.qbittorrent_path, m.local_path] for m in body.path_mappings]
    )
    password = kept(body.password, stored.get("password"))
    return {**stored, **values, "path_mappings": mappings, "password": password}


async def qbittorrent_settings(session: AsyncSession) -> QbittorrentSettings:
    """The stored qBittorrent setting, typed."""
    return QbittorrentSettings.from_stored(await get_setting(session, QBITTORRENT_SETTING))


async def read_qbittorrent(session: AsyncSession) -> QbittorrentSettingsOut:
    """The qBittorrent settings as an admin sees them."""
    return (await qbittorrent_settings(session)).out()


async def save_qbittorrent(session: AsyncSession, body: QbittorrentSettingsIn) -> QbittorrentSettingsOut:
    """Store new qBittorrent settings (committed) and return them as an admin sees them."""
    value = merged_qbittorrent(body, await get_setting(session, QBITTORRENT_SETTING))
    await put_setting(session, QBITTORRENT_SETTING, value)
    await session.commit()
    return QbittorrentSettings.from_stored(value).out()


async def load_qbittorrent(session: AsyncSession) -> QbittorrentConfig:
    """The qBittorrent connection, or NotConfigured."""
    config = (await qbittorrent_settings(session)).config()
    if config is None:
        raise NotConfigured("qBittorrent is not set up yet: an admin must enter its address in Settings.")
    return config


def client_for(config: QbittorrentConfig) -> QbittorrentClient:
    """This process's client for `config`."""
    if config not in _clients:
        _clients[config] = QbittorrentClient(config)
    return _clients[config]


async def qbittorrent_client(session: AsyncSession) -> QbittorrentClient:
    """This process's client for the stored qBittorrent setting, or NotConfigured."""
    return client_for(await load_qbittorrent(session))


async def download_folder(session: AsyncSession) -> str:
    """Where qBittorrent saves our torrents, as qBittorrent names it: the setting's save path, else the
    download folder (Settings, else DOWNLOAD_ROOT) translated by the path mappings."""
    settings = await qbittorrent_settings(session)
    if settings.save_path:
        return settings.save_path
    return settings.qbittorrent_path(str((await folders_in_force(session)).download_root))


async def check_qbittorrent(config: QbittorrentConfig | None) -> ConnectionTest:
    """Log in to qBittorrent's WebUI and read its version."""
    if config is None:
        return not_configured(SERVICE, "enter its WebUI address in Settings")
    client = QbittorrentClient(dataclasses.replace(config, timeout=min(config.timeout, CHECK_TIMEOUT_S)))

    async def question() -> str:
        try:
            await client.login()
            return await client.version()
        finally:
            await client.close()

    return await probe(SERVICE, question, address=config.url)


async def check_qbittorrent_draft(
    session: AsyncSession, body: QbittorrentSettingsIn | None
) -> ConnectionTest:
    """The Test button: the stored settings, or the draft in `body` over them."""
    raw = await get_setting(session, QBITTORRENT_SETTING)
    if body is not None:
        raw = merged_qbittorrent(body, raw)
    return await check_qbittorrent(QbittorrentSettings.from_stored(raw).config())


async def checks(settings: QbittorrentSettings) -> list[ConnectionTest]:
    """What `plex-kiosk doctor` reports for the stored setting."""
    return [await check_qbittorrent(settings.config())]
