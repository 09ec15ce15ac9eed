"""Every integration Settings knows, in the order reports list them: the one list to extend.

An entry says where the integration's settings are stored, how to read them typed, the function that
turns them into a ready client (NotConfigured when nobody set it up) and what `plex-kiosk doctor` asks it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from app.settings.integrations import indexers, notifications, plex, qbittorrent, tmdb
from app.settings.schemas import ConnectionTest

S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class Integration(Generic[S]):
    """One external service as Settings knows it."""

    name: str
    setting_keys: tuple[str, ...]
    settings: Callable[[AsyncSession], Awaitable[S]]
    # Stored settings → what a step uses; None when nothing is built (apprise takes URLs as it sends).
    client: Callable[[AsyncSession], Awaitable[object]] | None
    # One line per thing checked; None when a check would disturb people (a test message reaches them).
    check: Callable[[S], Awaitable[list[ConnectionTest]]] | None


INTEGRATIONS: tuple[Integration[Any], ...] = (
    Integration("Plex", (plex.PLEX_SETTING,), plex.plex_settings, plex.plex_client, plex.checks),
    Integration(
        "qBittorrent",
        (qbittorrent.QBITTORRENT_SETTING,),
        qbittorrent.qbittorrent_settings,
        qbittorrent.qbittorrent_client,
        qbittorrent.checks,
    ),
    Integration("TMDB", (tmdb.TMDB_SETTING,), tmdb.tmdb_settings, tmdb.tmdb_client, tmdb.checks),
    Integration(
        "Torznab indexers",
        (indexers.INDEXERS_SETTING,),
        indexers.indexer_settings,
        indexers.load_enabled_indexers,
        indexers.checks,
    ),
    Integration(
        "notifications",
        (notifications.NOTIFICATIONS_SETTING, notifications.NOTIFICATION_TARGETS_SETTING),
        notifications.notification_settings,
        None,
        None,
    ),
)


async def check_configured_services(session: AsyncSession) -> list[ConnectionTest]:
    """One result per service (and per enabled indexer), checked at once; unconfigured ones say so."""
    # The settings are read one after the other (one session), then every service is asked at once.
    reads = [(e.check, await e.settings(session)) for e in INTEGRATIONS if e.check is not None]
    lines = await asyncio.gather(*(check(stored) for check, stored in reads))
    return [result for results in lines for result in results]
