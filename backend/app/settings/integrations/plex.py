"""Plex in Settings: what is stored, what an admin sees and sends, the ready client, the Test button.

Stored under "plex" as {"url", "token", "path_mappings": [[plex_path, local_path], …]}, plus an optional
"timeout" in seconds that no screen edits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from app.integrations.plex import PlexClient, PlexConfig
from app.settings.errors import NotConfigured, SettingsRejected
from app.settings.integrations.probe import CHECK_TIMEOUT_S, not_configured, probe
from app.settings.schemas import ConnectionTest, FolderPath, HttpUrl, SecretIn, SettingsIn
from app.settings.secrets import SecretState, kept, shown
from app.settings.service import get_setting, put_setting

PLEX_SETTING = "plex"
SERVICE = "Plex"
_clients: dict[PlexConfig, PlexClient] = {}


class PathMapping(BaseModel):
    """A folder as Plex sees it and the same folder as this appliance sees it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    plex_path: FolderPath
    local_path: FolderPath


class PlexSettingsIn(SettingsIn):
    """The Plex server: its address, its token (X-Plex-Token) and the folder mappings."""

    url: HttpUrl
    token: SecretIn = None
    path_mappings: list[PathMapping] = Field(default_factory=list, max_length=20)


class PlexSettingsOut(BaseModel):
    """The Plex settings as an admin sees them (the token only as "set")."""

    configured: bool
    url: str | None
    token: SecretState
    path_mappings: list[PathMapping]


@dataclass(frozen=True, slots=True)
class PlexSettings:
    """The stored Plex setting (nothing set until an admin saves it); the token stays out of its repr."""

    url: str | None = None
    token: str | None = field(default=None, repr=False)
    path_mappings: tuple[tuple[str, str], ...] = ()
    timeout: float | None = None

    @classmethod
    def from_stored(cls, raw: Mapping[str, Any] | None) -> PlexSettings:
        """The typed view of the stored JSON (None when never saved)."""
        raw = raw or {}
        return cls(
            url=raw.get("url"),
            token=raw.get("token"),
            path_mappings=tuple((plex, local) for plex, local in raw.get("path_mappings") or ()),
            timeout=raw.get("timeout"),
        )

    @property
    def configured(self) -> bool:
        """Plex answers only with an address and a token."""
        return bool(self.url and self.token)

    def config(self) -> PlexConfig | None:
        """The adapter's config, or None when no URL or token is set."""
        if not (self.url and self.token):
            return None
        config = PlexConfig(url=self.url, token=self.token, path_mappings=self.path_mappings)
        return config if self.timeout is None else dataclasses.replace(config, timeout=self.timeout)

    def out(self) -> PlexSettingsOut:
        """What the API shows."""
        return PlexSettingsOut(
            configured=self.configured,
            url=self.url,
            token=shown(self.token),
            path_mappings=[PathMapping(plex_path=p, local_path=q) for p, q in self.path_mappings],
        )


def merged_plex(body: PlexSettingsIn, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The Plex setting to store after `body`, keeping the stored token unless a new one was sent."""
    stored = stored or {}
    token = kept(body.token, stored.get("token"))
    if not token:
        raise SettingsRejected("token", "Plex needs its token (X-Plex-Token) to answer")
    mappings = [[m.plex_path, m.local_path] for m in body.path_mappings]
    return {**stored, "url": body.url, "token": token, "path_mappings": mappings}


async def plex_settings(session: AsyncSession) -> PlexSettings:
    """The stored Plex setting, typed."""
    return PlexSettings.from_stored(await get_setting(session, PLEX_SETTING))


async def read_plex(session: AsyncSession) -> PlexSettingsOut:
    """The Plex settings as an admin sees them."""
    return (await plex_settings(session)).out()


async def save_plex(session: AsyncSession, body: PlexSettingsIn) -> PlexSettingsOut:
    """Store new Plex settings (committed) and return them as an admin sees them."""
    value = merged_plex(body, await get_setting(session, PLEX_SETTING))
    await put_setting(session, PLEX_SETTING, value)
    await session.commit()
    return PlexSettings.from_stored(value).out()


async def load_plex(session: AsyncSession) -> PlexConfig:
    """The Plex connection, or NotConfigured."""
    config = (await plex_settings(session)).config()
    if config is None:
        raise NotConfigured("Plex is not set up yet: an admin must enter its address and token in Settings.")
    return config


async def plex_client(session: AsyncSession) -> PlexClient:
    """This process's client for the stored Plex setting (one HTTP session reused), or NotConfigured."""
    config = await load_plex(session)
    if config not in _clients:
        _clients[config] = PlexClient(config)
    return _clients[config]


async def check_plex(config: PlexConfig | None) -> ConnectionTest:
    """Connect to Plex with the token and read its version."""
    if config is None:
        return not_configured(SERVICE, "enter its address and token in Settings")
    client = PlexClient(dataclasses.replace(config, timeout=min(config.timeout, CHECK_TIMEOUT_S)))

    async def question() -> str:
        try:
            info = await client.connect()
        finally:
            await client.close()
        return info.version

    return await probe(SERVICE, question, address=config.url)


async def check_plex_draft(session: AsyncSession, body: PlexSettingsIn | None) -> ConnectionTest:
    """The Test button: the stored settings, or the draft in `body` over them (SettingsRejected: unusable)."""
    raw = await get_setting(session, PLEX_SETTING)
    if body is not None:
        raw = merged_plex(body, raw)
    return await check_plex(PlexSettings.from_stored(raw).config())


async def checks(settings: PlexSettings) -> list[ConnectionTest]:
    """What `plex-kiosk doctor` reports for the stored setting."""
    return [await check_plex(settings.config())]
