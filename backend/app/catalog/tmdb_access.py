"""A TMDB client built from the settings a person entered, one per configuration per process."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.details_cache import DatabaseDetailsCache
from app.integrations.tmdb import TmdbClient, TmdbConfig
from app.settings.service import get_setting

TMDB_SETTING = "tmdb"
_clients: dict[TmdbConfig, TmdbClient] = {}


class CatalogUnavailable(RuntimeError):
    """TMDB cannot be asked: the message says what a person should do."""


def tmdb_config(raw: dict[str, Any] | None) -> TmdbConfig | None:
    """The TmdbConfig for the stored setting, or None when no key or token is set."""
    if not raw or not (raw.get("api_key") or raw.get("access_token")):
        return None
    fields = {name: raw[name] for name in TmdbConfig.__dataclass_fields__ if name in raw}
    return TmdbConfig(**fields)


async def tmdb_client(session: AsyncSession) -> TmdbClient:
    """This process's client for the configured TMDB account, or CatalogUnavailable."""
    config = tmdb_config(await get_setting(session, TMDB_SETTING))
    if config is None:
        raise CatalogUnavailable("Search is not set up yet: an admin must enter a TMDB API key in Settings.")
    if config not in _clients:
        # Details go through the database, shared with the workers and kept across restarts.
        _clients[config] = TmdbClient(config, cache=DatabaseDetailsCache())
    return _clients[config]
