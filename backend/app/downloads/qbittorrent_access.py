"""This process's qBittorrent client for the configured connection (logging in costs a round trip)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import get_settings
from app.integrations.qbittorrent import QbittorrentClient, QbittorrentConfig
from app.settings.connections import QBITTORRENT_SETTING, load_qbittorrent
from app.settings.service import get_setting

_clients: dict[QbittorrentConfig, QbittorrentClient] = {}


def client_for(config: QbittorrentConfig) -> QbittorrentClient:
    """The cached client for `config`."""
    if config not in _clients:
        _clients[config] = QbittorrentClient(config)
    return _clients[config]


async def qbittorrent_client(session: AsyncSession) -> QbittorrentClient:
    """The client for the stored qBittorrent setting, or NotConfigured."""
    return client_for(await load_qbittorrent(session))


async def download_folder(session: AsyncSession) -> str:
    """Where qBittorrent saves our torrents: the setting's save path, else the deployment's DOWNLOAD_ROOT."""
    raw = await get_setting(session, QBITTORRENT_SETTING) or {}
    return str(raw.get("save_path") or get_settings().download_root)
