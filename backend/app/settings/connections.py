"""The external services a person configured in Settings, read as the adapters' config objects.

One place maps a stored setting onto PlexConfig, QbittorrentConfig or TorznabIndexer, so the workers,
the API, `doctor` and the settings screens agree on what "configured" means.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.integrations.plex import PlexConfig
from app.integrations.qbittorrent import QbittorrentConfig
from app.integrations.torznab import TorznabIndexer
from app.settings.service import get_setting

PLEX_SETTING = "plex"
QBITTORRENT_SETTING = "qbittorrent"
INDEXERS_SETTING = "indexers"


class NotConfigured(RuntimeError):
    """A service the step needs has not been set up; the message tells a person what to do."""


def _known(cls: type[Any], raw: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {name: value for name, value in raw.items() if name in names and value is not None}


def plex_config(raw: dict[str, Any] | None) -> PlexConfig | None:
    """The PlexConfig for the stored setting, or None when no URL or token is set."""
    if not raw or not raw.get("url") or not raw.get("token"):
        return None
    values = _known(PlexConfig, raw)
    values["path_mappings"] = tuple(tuple(pair) for pair in raw.get("path_mappings") or ())
    return PlexConfig(**values)


def qbittorrent_config(raw: dict[str, Any] | None) -> QbittorrentConfig | None:
    """The QbittorrentConfig for the stored setting, or None when no URL is set."""
    if not raw or not raw.get("url"):
        return None
    values = _known(QbittorrentConfig, raw)
    values.setdefault("username", "")
    values.setdefault("password", "")
    return QbittorrentConfig(**values)


def indexers(raw: list[dict[str, Any]] | None) -> list[TorznabIndexer]:
    """Every stored indexer (enabled or not)."""
    result = []
    for entry in raw or ():
        values = _known(TorznabIndexer, entry)
        values["categories"] = tuple(values.get("categories") or ())
        result.append(TorznabIndexer(**values))
    return result


async def load_plex(session: AsyncSession) -> PlexConfig:
    """The Plex connection, or NotConfigured."""
    config = plex_config(await get_setting(session, PLEX_SETTING))
    if config is None:
        raise NotConfigured("Plex is not set up yet: an admin must enter its address and token in Settings.")
    return config


async def load_qbittorrent(session: AsyncSession) -> QbittorrentConfig:
    """The qBittorrent connection, or NotConfigured."""
    config = qbittorrent_config(await get_setting(session, QBITTORRENT_SETTING))
    if config is None:
        raise NotConfigured("qBittorrent is not set up yet: an admin must enter its address in Settings.")
    return config


async def load_enabled_indexers(session: AsyncSession) -> list[TorznabIndexer]:
    """The enabled indexers, or NotConfigured when there are none."""
    stored = indexers(await get_setting(session, INDEXERS_SETTING))
    enabled = [indexer for indexer in stored if indexer.enabled]
    if not enabled:
        raise NotConfigured("No indexer is configured yet: an admin can add one in Settings.")
    return enabled
