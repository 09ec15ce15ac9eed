"""Torznab indexers in Settings: what is stored, what an admin sees and sends, the enabled indexers for
a search, the Test buttons.

Stored under "indexers" as a list of {"id", "name", "base_url", "api_key", "categories", "enabled",
"flavour"} (the adapter's field names), each entry possibly with a "timeout" in seconds that no screen
edits. Entries stored before ids existed get the next free ones when read.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from app.input_types import Text
from app.integrations.torznab import TorznabClient, TorznabIndexer
from app.settings.errors import NotConfigured, SettingsRejected
from app.settings.integrations.probe import CHECK_TIMEOUT_S, not_configured, probe
from app.settings.schemas import ConnectionTest, HttpUrl, SecretIn, SettingsIn
from app.settings.secrets import SecretState, kept, shown
from app.settings.service import get_setting, put_setting

INDEXERS_SETTING = "indexers"
IndexerFlavour = Literal["jackett", "prowlarr", "torznab"]


class UnknownIndexer(LookupError):
    """No stored indexer has this id."""


class IndexerIn(SettingsIn):
    """One Torznab indexer (a Jackett or Prowlarr feed, or a native Torznab endpoint)."""

    name: Annotated[Text, Field(min_length=1, max_length=100)]
    url: HttpUrl
    api_key: SecretIn = None
    categories: list[Annotated[int, Field(ge=1, le=999_999)]] = Field(default_factory=list, max_length=50)
    enabled: bool = True
    flavour: IndexerFlavour = "torznab"


class IndexerOut(BaseModel):
    """A stored indexer as an admin sees it (the API key only as "set")."""

    id: int
    name: str
    url: str
    api_key: SecretState
    categories: list[int]
    enabled: bool
    flavour: IndexerFlavour


@dataclass(frozen=True, slots=True)
class IndexerSettings:
    """One stored indexer; the API key stays out of its repr."""

    id: int
    name: str = ""
    base_url: str = ""
    api_key: str = field(default="", repr=False)
    categories: tuple[int, ...] = ()
    enabled: bool = True
    flavour: IndexerFlavour = "torznab"
    timeout: float | None = None

    @classmethod
    def from_stored(cls, entry: Mapping[str, Any]) -> IndexerSettings:
        """The typed view of one stored entry (which has its id: see `_with_ids`)."""
        enabled = entry.get("enabled")
        return cls(
            id=entry["id"],
            name=entry.get("name") or "",
            base_url=entry.get("base_url") or "",
            api_key=entry.get("api_key") or "",
            categories=tuple(entry.get("categories") or ()),
            enabled=True if enabled is None else bool(enabled),
            flavour=entry.get("flavour") or "torznab",
            timeout=entry.get("timeout"),
        )

    def config(self) -> TorznabIndexer:
        """The adapter's description of this indexer."""
        indexer = TorznabIndexer(
            name=self.name,
            base_url=self.base_url,
            api_key=self.api_key,
            enabled=self.enabled,
            categories=self.categories,
        )
        return indexer if self.timeout is None else dataclasses.replace(indexer, timeout=self.timeout)

    def out(self) -> IndexerOut:
        """What the API shows."""
        return IndexerOut(
            id=self.id,
            name=self.name,
            url=self.base_url,
            api_key=shown(self.api_key),
            categories=list(self.categories),
            enabled=self.enabled,
            flavour=self.flavour,
        )


def _with_ids(raw: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Stored indexers, each with an id (entries stored before ids existed get the next free ones)."""
    entries = [dict(entry) for entry in raw or ()]
    next_id = max((int(e["id"]) for e in entries if isinstance(e.get("id"), int)), default=0) + 1
    for entry in entries:
        if not isinstance(entry.get("id"), int):
            entry["id"], next_id = next_id, next_id + 1
    return entries


def merged_indexer(body: IndexerIn, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The indexer entry to store after `body` (stored with the adapter's field names)."""
    stored = stored or {}
    api_key = kept(body.api_key, stored.get("api_key"))
    if not api_key:
        raise SettingsRejected("api_key", "the indexer's API key is needed (Jackett and Prowlarr show it)")
    return {
        **stored,
        "name": body.name,
        "base_url": body.url,
        "api_key": api_key,
        "categories": sorted(set(body.categories)),
        "enabled": body.enabled,
        "flavour": body.flavour,
    }


async def _stored_indexers(session: AsyncSession) -> list[dict[str, Any]]:
    return _with_ids(await get_setting(session, INDEXERS_SETTING))


async def _stored_indexer(session: AsyncSession, indexer_id: int) -> dict[str, Any]:
    """One stored entry (secrets included: for an adapter, never for an answer), or UnknownIndexer."""
    for entry in await _stored_indexers(session):
        if entry["id"] == indexer_id:
            return entry
    raise UnknownIndexer(indexer_id)


def _check_unique_name(entries: list[dict[str, Any]], name: str, own_id: int | None) -> None:
    for entry in entries:
        if entry["id"] != own_id and str(entry.get("name", "")).casefold() == name.casefold():
            raise SettingsRejected("name", f"another indexer is already called {name!r}")


async def indexer_settings(session: AsyncSession) -> list[IndexerSettings]:
    """Every stored indexer (enabled or not), typed."""
    return [IndexerSettings.from_stored(entry) for entry in await _stored_indexers(session)]


async def list_indexers(session: AsyncSession) -> list[IndexerOut]:
    """Every stored indexer as an admin sees it."""
    return [indexer.out() for indexer in await indexer_settings(session)]


async def add_indexer(session: AsyncSession, body: IndexerIn) -> IndexerOut:
    """Store a new indexer (committed)."""
    entries = await _stored_indexers(session)
    _check_unique_name(entries, body.name, None)
    entry = {"id": max((e["id"] for e in entries), default=0) + 1, **merged_indexer(body, None)}
    await put_setting(session, INDEXERS_SETTING, [*entries, entry])
    await session.commit()
    return IndexerSettings.from_stored(entry).out()


async def update_indexer(session: AsyncSession, indexer_id: int, body: IndexerIn) -> IndexerOut:
    """Change a stored indexer (committed); its API key is kept unless a new one was sent."""
    entries = await _stored_indexers(session)
    position = next((i for i, e in enumerate(entries) if e["id"] == indexer_id), None)
    if position is None:
        raise UnknownIndexer(indexer_id)
    _check_unique_name(entries, body.name, indexer_id)
    entries[position] = merged_indexer(body, entries[position])
    await put_setting(session, INDEXERS_SETTING, entries)
    await session.commit()
    return IndexerSettings.from_stored(entries[position]).out()


async def delete_indexer(session: AsyncSession, indexer_id: int) -> None:
    """Forget a stored indexer (committed)."""
    entries = await _stored_indexers(session)
    remaining = [e for e in entries if e["id"] != indexer_id]
    if len(remaining) == len(entries):
        raise UnknownIndexer(indexer_id)
    await put_setting(session, INDEXERS_SETTING, remaining)
    await session.commit()


async def load_enabled_indexers(session: AsyncSession) -> list[TorznabIndexer]:
    """The enabled indexers, ready for a TorznabClient, or NotConfigured when there are none."""
    enabled = [indexer.config() for indexer in await indexer_settings(session) if indexer.enabled]
    if not enabled:
        raise NotConfigured("No indexer is configured yet: an admin can add one in Settings.")
    return enabled


def indexer_service(name: str) -> str:
    """The service label of an indexer, as reports show it."""
    return f"indexer {name}"


async def check_indexer(indexer: TorznabIndexer) -> ConnectionTest:
    """Ask an indexer for its capabilities (t=caps) with its API key."""
    indexer = dataclasses.replace(indexer, timeout=min(indexer.timeout, CHECK_TIMEOUT_S))

    async def question() -> str:
        async with TorznabClient([indexer]) as client:
            caps = await client.caps(indexer)
        return " ".join(part for part in (caps.server_title, caps.server_version) if part)

    return await probe(indexer_service(indexer.name), question, address=indexer.base_url)


async def check_new_indexer(body: IndexerIn) -> ConnectionTest:
    """The Test button of an indexer not saved yet (SettingsRejected without an API key)."""
    return await check_indexer(IndexerSettings.from_stored({"id": 0, **merged_indexer(body, None)}).config())


async def check_indexer_draft(
    session: AsyncSession, indexer_id: int, body: IndexerIn | None
) -> ConnectionTest:
    """The Test button of a stored indexer: its stored settings, or the draft in `body` over them."""
    entry = await _stored_indexer(session, indexer_id)
    if body is not None:
        entry = merged_indexer(body, entry)
    return await check_indexer(IndexerSettings.from_stored(entry).config())


async def checks(indexers: list[IndexerSettings]) -> list[ConnectionTest]:
    """What `plex-kiosk doctor` reports: one line per enabled indexer, or why there is none."""
    enabled = [indexer.config() for indexer in indexers if indexer.enabled]
    results = list(await asyncio.gather(*(check_indexer(indexer) for indexer in enabled)))
    if not enabled:
        hint = "add one in Settings" if not indexers else "every indexer is disabled in Settings"
        results.append(not_configured("indexers", hint))
    return results
