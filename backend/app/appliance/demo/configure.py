"""Set the demo appliance up as an admin would: services in Settings, a first Plex sync, the admin profile."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from app.appliance.demo.world import INDEXER_NAME, DemoWorld
from app.db import dispose_engines, get_sessionmaker
from app.library.service import run_plex_sync
from app.profiles import service
from app.profiles.models import SecretKind
from app.profiles.schemas import SecretIn, SetupIn
from app.settings.integrations.indexers import INDEXERS_SETTING
from app.settings.integrations.plex import PLEX_SETTING
from app.settings.integrations.qbittorrent import QBITTORRENT_SETTING
from app.settings.integrations.tmdb import TMDB_SETTING
from app.settings.service import put_setting

QBITTORRENT_CATEGORY = "plex-kiosk-demo"


@dataclass(frozen=True)
class DemoAdmin:
    """The admin profile the demo made, and its PIN (printed for the newcomer)."""

    profile_id: int
    name: str
    pin: str


async def configure(world: DemoWorld, *, admin_name: str) -> DemoAdmin:
    """Store the simulated services in Settings and make the first admin, with a fresh PIN (migrated DB)."""
    pin = f"{secrets.randbelow(10_000):04d}"
    qbittorrent = world.qbittorrent
    try:
        async with get_sessionmaker()() as session:
            await put_setting(
                session,
                TMDB_SETTING,
                {"api_key": world.tmdb_api_key, "base_url": f"{world.tmdb_url}/3", "language": "fr-FR"},
            )
            await put_setting(session, PLEX_SETTING, {"url": world.plex_url, "token": world.plex_token})
            await put_setting(
                session,
                QBITTORRENT_SETTING,
                {
                    "url": qbittorrent.url,
                    "username": qbittorrent.username,
                    "password": qbittorrent.password,
                    "category": QBITTORRENT_CATEGORY,
                },
            )
            await put_setting(
                session,
                INDEXERS_SETTING,
                [{"name": INDEXER_NAME, "base_url": world.indexer_url, "api_key": world.indexer_api_key}],
            )
            await session.commit()
            # Mirror the simulated Plex now, so the film it already holds shows as such from the first search.
            mirrored = await run_plex_sync(session, full=True)
            if mirrored.status != "success":
                raise RuntimeError(
                    f"the first Plex sync of the demo ended {mirrored.status}: {mirrored.error}"
                )
            profile, _, _ = await service.setup_first_admin(
                session, SetupIn(name=admin_name, secret=SecretIn(kind=SecretKind.PIN, value=pin))
            )
            return DemoAdmin(profile_id=profile.id, name=profile.name, pin=pin)
    finally:
        await dispose_engines()
