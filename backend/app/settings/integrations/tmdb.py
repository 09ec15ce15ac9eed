"""TMDB in Settings: what is stored, what an admin sees and sends, the ready client, the Test button.

Stored under "tmdb" as {"api_key", "access_token", "language", "region", "base_url"}, plus an optional
"timeout" in seconds that no screen edits.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.details_cache import DatabaseDetailsCache
from app.input_types import Text
from app.integrations.tmdb import TmdbClient, TmdbConfig
from app.settings.errors import NotConfigured, SettingsRejected
from app.settings.integrations.probe import CHECK_TIMEOUT_S, not_configured, probe
from app.settings.schemas import ConnectionTest, HttpUrl, SecretIn, SettingsIn
from app.settings.secrets import SecretState, kept, shown
from app.settings.service import get_setting, put_setting

TMDB_SETTING = "tmdb"
SERVICE = "TMDB"
TMDB_API_URL = "https://api.themoviedb.org/3"
DEFAULT_LANGUAGE, DEFAULT_REGION = "fr-FR", "FR"
_LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
_REGION = re.compile(r"^[A-Z]{2}$")
_clients: dict[TmdbConfig, TmdbClient] = {}


def _language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError("must be a language tag such as fr-FR or en-US")
    return value


def _region(value: str) -> str:
    if not _REGION.match(value):
        raise ValueError("must be a two-letter country code such as FR")
    return value


class TmdbSettingsIn(SettingsIn):
    """TMDB: a v3 API key or a v4 read access token, and the household's language and country."""

    api_key: SecretIn = None
    access_token: Annotated[Text, Field(max_length=2000)] | None = None
    language: Annotated[Text, AfterValidator(_language)] = DEFAULT_LANGUAGE
    region: Annotated[Text, AfterValidator(_region)] = DEFAULT_REGION
    base_url: HttpUrl = TMDB_API_URL


class TmdbSettingsOut(BaseModel):
    """The TMDB settings as an admin sees them (key and token only as "set")."""

    configured: bool
    api_key: SecretState
    access_token: SecretState
    language: str
    region: str
    base_url: str


@dataclass(frozen=True, slots=True)
class TmdbSettings:
    """The stored TMDB setting (nothing set until an admin saves it); key and token stay out of its repr."""

    api_key: str = field(default="", repr=False)
    access_token: str = field(default="", repr=False)
    language: str = DEFAULT_LANGUAGE
    region: str = DEFAULT_REGION
    base_url: str = TMDB_API_URL
    timeout: float | None = None

    @classmethod
    def from_stored(cls, raw: Mapping[str, Any] | None) -> TmdbSettings:
        """The typed view of the stored JSON (None when never saved)."""
        raw = raw or {}
        return cls(
            api_key=raw.get("api_key") or "",
            access_token=raw.get("access_token") or "",
            language=raw.get("language") or DEFAULT_LANGUAGE,
            region=raw.get("region") or DEFAULT_REGION,
            base_url=raw.get("base_url") or TMDB_API_URL,
            timeout=raw.get("timeout"),
        )

    @property
    def configured(self) -> bool:
        """TMDB answers with a v3 API key or a v4 read access token."""
        return bool(self.api_key or self.access_token)

    def config(self) -> TmdbConfig | None:
        """The adapter's config, or None when no key or token is set."""
        if not self.configured:
            return None
        config = TmdbConfig(
            api_key=self.api_key,
            access_token=self.access_token,
            language=self.language,
            region=self.region,
            base_url=self.base_url,
        )
        return config if self.timeout is None else dataclasses.replace(config, timeout=self.timeout)

    def out(self) -> TmdbSettingsOut:
        """What the API shows."""
        return TmdbSettingsOut(
            configured=self.configured,
            api_key=shown(self.api_key),
            access_token=shown(self.access_token),
            language=self.language,
            region=self.region,
            base_url=self.base_url,
        )


def merged_tmdb(body: TmdbSettingsIn, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The TMDB setting to store after `body`; an API key or an access token must remain."""
    stored = stored or {}
    api_key = kept(body.api_key, stored.get("api_key"))
    access_token = kept(body.access_token, stored.get("access_token"))
    if not api_key and not access_token:
        raise SettingsRejected("api_key", "TMDB needs an API key (v3) or a read access token (v4)")
    return {
        **stored,
        "api_key": api_key,
        "access_token": access_token,
        "language": body.language,
        "region": body.region,
        "base_url": body.base_url,
    }


async def tmdb_settings(session: AsyncSession) -> TmdbSettings:
    """The stored TMDB setting, typed."""
    return TmdbSettings.from_stored(await get_setting(session, TMDB_SETTING))


async def read_tmdb(session: AsyncSession) -> TmdbSettingsOut:
    """The TMDB settings as an admin sees them."""
    return (await tmdb_settings(session)).out()


async def save_tmdb(session: AsyncSession, body: TmdbSettingsIn) -> TmdbSettingsOut:
    """Store new TMDB settings (committed)."""
    value = merged_tmdb(body, await get_setting(session, TMDB_SETTING))
    await put_setting(session, TMDB_SETTING, value)
    await session.commit()
    return TmdbSettings.from_stored(value).out()


async def tmdb_client(session: AsyncSession) -> TmdbClient:
    """This process's client for the configured TMDB account, or NotConfigured."""
    config = (await tmdb_settings(session)).config()
    if config is None:
        raise NotConfigured("Search is not set up yet: an admin must enter a TMDB API key in Settings.")
    if config not in _clients:
        # Details go through the database, shared with the workers and kept across restarts.
        _clients[config] = TmdbClient(config, cache=DatabaseDetailsCache())
    return _clients[config]


async def check_tmdb(config: TmdbConfig | None) -> ConnectionTest:
    """Ask TMDB for its configuration with the key or token."""
    if config is None:
        return not_configured(SERVICE, "enter a TMDB API key in Settings")

    async def question() -> str:
        async with TmdbClient(
            dataclasses.replace(config, timeout=min(config.timeout, CHECK_TIMEOUT_S))
        ) as tmdb:
            await tmdb.ping()
        return "API v3"

    return await probe(SERVICE, question, address=config.base_url)


async def check_tmdb_draft(session: AsyncSession, body: TmdbSettingsIn | None) -> ConnectionTest:
    """The Test button: the stored settings, or the draft in `body` over them (SettingsRejected: unusable)."""
    raw = await get_setting(session, TMDB_SETTING)
    if body is not None:
        raw = merged_tmdb(body, raw)
    return await check_tmdb(TmdbSettings.from_stored(raw).config())


async def checks(settings: TmdbSettings) -> list[ConnectionTest]:
    """What `plex-kiosk doctor` reports for the stored setting."""
    return [await check_tmdb(settings.config())]
