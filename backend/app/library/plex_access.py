"""This process's Plex client for the configured server (one HTTP session reused across tasks)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.integrations.plex import PlexClient, PlexConfig
from app.settings.connections import load_plex

_clients: dict[PlexConfig, PlexClient] = {}


async def plex_client(session: AsyncSession) -> PlexClient:
    """The client for the stored Plex setting, or NotConfigured."""
    config = await load_plex(session)
    if config not in _clients:
        _clients[config] = PlexClient(config)
    return _clients[config]
