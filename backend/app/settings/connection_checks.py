"""Ask each configured service whether it answers, accepts our credentials, and which version it runs.

Behind the Settings screen's "Test" buttons and `plex-kiosk doctor`. Each check uses the service's adapter
(so it exercises exactly what the pipeline will use), runs under a short time limit, and turns every
failure into a sentence a person can act on, without the secret.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.tmdb_access import TMDB_SETTING, tmdb_config
from app.integrations.errors import AuthError, IntegrationError, TransientError
from app.integrations.plex import PlexClient, PlexConfig
from app.integrations.qbittorrent import QbittorrentClient, QbittorrentConfig
from app.integrations.tmdb import TmdbClient, TmdbConfig
from app.integrations.torznab import TorznabClient, TorznabIndexer
from app.settings import connections
from app.settings.schemas import ConnectionTest
from app.settings.service import get_setting

# A test button must answer while the admin is still looking at it.
CHECK_TIMEOUT_S = 10.0

PLEX, QBITTORRENT, TMDB = "Plex", "qBittorrent", "TMDB"


def indexer_service(name: str) -> str:
    """The service label of an indexer, as reports show it."""
    return f"indexer {name}"


def not_configured(service: str, hint: str) -> ConnectionTest:
    """The result for a service nobody has set up yet."""
    return ConnectionTest(
        service=service, configured=False, reachable=False, authenticated=False, message=f"not set up: {hint}"
    )


async def _probe(service: str, probe: Callable[[], Awaitable[str]]) -> ConnectionTest:
    """Run `probe` (which returns the version) and classify how it went."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S + 2):
            version = await probe()
    except TimeoutError:
        return _failed(service, False, f"unreachable: no answer within {CHECK_TIMEOUT_S:g} s")
    except AuthError as exc:
        return _failed(service, True, f"reachable, not authenticated: {exc.message}")
    except TransientError as exc:
        return _failed(service, False, f"unreachable: {exc.message}")
    except IntegrationError as exc:
        return _failed(service, True, f"reachable, but not usable: {exc.message}")
    except Exception as exc:  # an adapter bug must not take down the settings screen or doctor
        return _failed(service, False, f"unreachable: could not be checked ({type(exc).__name__})")
    version_text = f", version {version}" if version else ""
    return ConnectionTest(
        service=service,
        configured=True,
        reachable=True,
        authenticated=True,
        version=version or None,
        message=f"reachable, authenticated{version_text}",
    )


def _failed(service: str, reachable: bool, message: str) -> ConnectionTest:
    return ConnectionTest(
        service=service, configured=True, reachable=reachable, authenticated=False, message=message
    )


async def check_plex(config: PlexConfig | None) -> ConnectionTest:
    """Connect to Plex with the token and read its version."""
    if config is None:
        return not_configured(PLEX, "enter its address and token in Settings")
    client = PlexClient(dataclasses.replace(config, timeout=min(config.timeout, CHECK_TIMEOUT_S)))

    async def probe() -> str:
        try:
            info = await client.connect()
        finally:
            await client.close()
        return info.version

    return await _probe(PLEX, probe)


async def check_qbittorrent(config: QbittorrentConfig | None) -> ConnectionTest:
    """Log in to qBittorrent's WebUI and read its version."""
    if config is None:
        return not_configured(QBITTORRENT, "enter its WebUI address in Settings")
    client = QbittorrentClient(dataclasses.replace(config, timeout=min(config.timeout, CHECK_TIMEOUT_S)))

    async def probe() -> str:
        try:
            await client.login()
            return await client.version()
        finally:
            await client.close()

    return await _probe(QBITTORRENT, probe)


async def check_indexer(indexer: TorznabIndexer) -> ConnectionTest:
    """Ask an indexer for its capabilities (t=caps) with its API key."""
    indexer = dataclasses.replace(indexer, timeout=min(indexer.timeout, CHECK_TIMEOUT_S))

    async def probe() -> str:
        async with TorznabClient([indexer]) as client:
            caps = await client.caps(indexer)
        return " ".join(part for part in (caps.server_title, caps.server_version) if part)

    return await _probe(indexer_service(indexer.name), probe)


async def check_tmdb(config: TmdbConfig | None) -> ConnectionTest:
    """Ask TMDB for its configuration with the key or token."""
    if config is None:
        return not_configured(TMDB, "enter a TMDB API key in Settings")

    async def probe() -> str:
        async with TmdbClient(
            dataclasses.replace(config, timeout=min(config.timeout, CHECK_TIMEOUT_S))
        ) as tmdb:
            await tmdb.ping()
        return "API v3"

    return await _probe(TMDB, probe)


async def check_configured_services(session: AsyncSession) -> list[ConnectionTest]:
    """One result per service (and per enabled indexer), checked at once; unconfigured ones say so."""
    plex = connections.plex_config(await get_setting(session, connections.PLEX_SETTING))
    qbittorrent = connections.qbittorrent_config(await get_setting(session, connections.QBITTORRENT_SETTING))
    tmdb = tmdb_config(await get_setting(session, TMDB_SETTING))
    indexers = connections.indexers(await get_setting(session, connections.INDEXERS_SETTING))
    enabled = [indexer for indexer in indexers if indexer.enabled]
    checks = [check_plex(plex), check_qbittorrent(qbittorrent), check_tmdb(tmdb)]
    checks += [check_indexer(indexer) for indexer in enabled]
    results = list(await asyncio.gather(*checks))
    if not enabled:
        hint = "add one in Settings" if not indexers else "every indexer is disabled in Settings"
        results.append(not_configured("indexers", hint))
    return results
