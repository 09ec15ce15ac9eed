"""One place per integration: every module under app/settings/integrations/ is in the registry, and with
nothing stored each factory raises the one NotConfigured and each check says "not set up"."""

from __future__ import annotations

import pkgutil
from typing import Any, cast

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import app.settings.integrations as integrations
from app.settings.errors import NotConfigured
from app.settings.integrations.indexers import IndexerSettings
from app.settings.integrations.notifications import NotificationSettings
from app.settings.integrations.plex import PlexSettings, load_plex
from app.settings.integrations.qbittorrent import QbittorrentSettings, load_qbittorrent
from app.settings.integrations.registry import INTEGRATIONS, check_configured_services
from app.settings.integrations.tmdb import TmdbSettings

HELPERS = {"probe", "registry"}  # modules of the package that are not an integration


class _NothingStored:
    """A session over an empty settings table."""

    async def get(self, model: type[Any], key: str) -> None:
        return None


def _empty_session() -> AsyncSession:
    return cast(AsyncSession, _NothingStored())


def test_every_integration_module_is_registered_once_with_its_own_functions() -> None:
    modules = {module.name for module in pkgutil.iter_modules(integrations.__path__)} - HELPERS
    registered = [entry.settings.__module__.rsplit(".", 1)[-1] for entry in INTEGRATIONS]
    assert sorted(registered) == sorted(modules)
    for entry in INTEGRATIONS:
        functions = (entry.settings, entry.client, entry.check)
        assert {f.__module__ for f in functions if f is not None} == {entry.settings.__module__}, entry.name
    keys = [key for entry in INTEGRATIONS for key in entry.setting_keys]
    assert len(keys) == len(set(keys))


async def test_with_nothing_stored_every_factory_raises_the_one_not_configured() -> None:
    session = _empty_session()
    for entry in INTEGRATIONS:
        await entry.settings(session)  # reading what was never saved is not an error
        if entry.client is not None:
            with pytest.raises(NotConfigured, match="Settings"):
                await entry.client(session)
    for factory in (load_plex, load_qbittorrent):
        with pytest.raises(NotConfigured, match="Settings"):
            await factory(session)
    # Nobody to tell is not an error: notifications build nothing and never say NotConfigured.
    assert [entry.name for entry in INTEGRATIONS if entry.client is None] == ["notifications"]


async def test_with_nothing_stored_every_check_says_not_set_up() -> None:
    results = await check_configured_services(_empty_session())
    assert [(r.service, r.configured, r.message) for r in results] == [
        ("Plex", False, "not set up: enter its address and token in Settings"),
        ("qBittorrent", False, "not set up: enter its WebUI address in Settings"),
        ("TMDB", False, "not set up: enter a TMDB API key in Settings"),
        ("indexers", False, "not set up: add one in Settings"),
    ]


def test_no_typed_settings_shows_a_secret_in_its_repr() -> None:
    secret = "s3cret-Vz9"
    typed: list[object] = [
        PlexSettings.from_stored({"url": "http://plex", "token": secret}),
        QbittorrentSettings.from_stored({"url": "http://qbt", "password": secret}),
        IndexerSettings.from_stored({"id": 1, "name": "Ygg", "base_url": "http://ygg", "api_key": secret}),
        TmdbSettings.from_stored({"api_key": secret, "access_token": secret}),
        NotificationSettings.from_stored({"admin_urls": [f"tgram://{secret}/1"]}),
    ]
    for settings in typed:
        assert secret not in repr(settings), settings
