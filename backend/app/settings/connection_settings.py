"""Read and change the stored connection settings (Plex, qBittorrent, indexers, TMDB) on an admin's behalf.

The stored shapes are the ones app/settings/connections.py and app/catalog/tmdb_access.py turn into
adapter configs; this module maps them to and from the API's models, keeps secrets write-only and
refuses a change that would leave a service half set up.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.tmdb_access import TMDB_SETTING
from app.settings.connections import INDEXERS_SETTING, PLEX_SETTING, QBITTORRENT_SETTING
from app.settings.errors import SettingsRejected
from app.settings.schemas import (
    TMDB_API_URL,
    IndexerIn,
    IndexerOut,
    PathMapping,
    PlexSettingsIn,
    PlexSettingsOut,
    QbittorrentSettingsIn,
    QbittorrentSettingsOut,
    TmdbSettingsIn,
    TmdbSettingsOut,
)
from app.settings.secrets import kept, shown
from app.settings.service import get_setting, put_setting

DEFAULT_CATEGORY = "plex-kiosk"


class UnknownIndexer(LookupError):
    """No stored indexer has this id."""


# --- Plex ---------------------------------------------------------------------------------------------


def plex_out(raw: dict[str, Any] | None) -> PlexSettingsOut:
    """The API view of the stored Plex setting."""
    raw = raw or {}
    mappings = [PathMapping(plex_path=p, local_path=q) for p, q in raw.get("path_mappings") or ()]
    return PlexSettingsOut(
        configured=bool(raw.get("url") and raw.get("token")),
        url=raw.get("url"),
        token=shown(raw.get("token")),
        path_mappings=mappings,
    )


def merged_plex(body: PlexSettingsIn, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The Plex setting to store after `body`, keeping the stored token unless a new one was sent."""
    stored = stored or {}
    token = kept(body.token, stored.get("token"))
    if not token:
        raise SettingsRejected("token", "Plex needs its token (X-Plex-Token) to answer")
    mappings = [[m.plex_path, m.local_path] for m in body.path_mappings]
    return {**stored, "url": body.url, "token": token, "path_mappings": mappings}


async def read_plex(session: AsyncSession) -> PlexSettingsOut:
    """The Plex settings as an admin sees them."""
    return plex_out(await get_setting(session, PLEX_SETTING))


async def save_plex(session: AsyncSession, body: PlexSettingsIn) -> PlexSettingsOut:
    """Store new Plex settings (committed) and return them as an admin sees them."""
    value = merged_plex(body, await get_setting(session, PLEX_SETTING))
    await put_setting(session, PLEX_SETTING, value)
    await session.commit()
    return plex_out(value)


# --- qBittorrent --------------------------------------------------------------------------------------


def qbittorrent_out(raw: dict[str, Any] | None) -> QbittorrentSettingsOut:
    """The API view of the stored qBittorrent setting."""
    raw = raw or {}
    return QbittorrentSettingsOut(
        configured=bool(raw.get("url")),
        url=raw.get("url"),
        username=raw.get("username") or "",
        password=shown(raw.get("password")),
        category=raw.get("category") or DEFAULT_CATEGORY,
        save_path=raw.get("save_path"),
    )


def merged_qbittorrent(body: QbittorrentSettingsIn, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The qBittorrent setting to store after `body`, keeping the stored password unless a new one is sent."""
    stored = stored or {}
    values = body.model_dump(exclude={"password"})
    return {**stored, **values, "password": kept(body.password, stored.get("password"))}


async def read_qbittorrent(session: AsyncSession) -> QbittorrentSettingsOut:
    """The qBittorrent settings as an admin sees them."""
    return qbittorrent_out(await get_setting(session, QBITTORRENT_SETTING))


async def save_qbittorrent(session: AsyncSession, body: QbittorrentSettingsIn) -> QbittorrentSettingsOut:
    """Store new qBittorrent settings (committed) and return them as an admin sees them."""
    value = merged_qbittorrent(body, await get_setting(session, QBITTORRENT_SETTING))
    await put_setting(session, QBITTORRENT_SETTING, value)
    await session.commit()
    return qbittorrent_out(value)


# --- indexers -----------------------------------------------------------------------------------------


def _with_ids(raw: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Stored indexers, each with an id (entries stored before ids existed get the next free ones)."""
    entries = [dict(entry) for entry in raw or ()]
    next_id = max((int(e["id"]) for e in entries if isinstance(e.get("id"), int)), default=0) + 1
    for entry in entries:
        if not isinstance(entry.get("id"), int):
            entry["id"], next_id = next_id, next_id + 1
    return entries


def indexer_out(entry: dict[str, Any]) -> IndexerOut:
    """The API view of one stored indexer."""
    return IndexerOut(
        id=entry["id"],
        name=entry.get("name", ""),
        url=entry.get("base_url", ""),
        api_key=shown(entry.get("api_key")),
        categories=list(entry.get("categories") or ()),
        enabled=bool(entry.get("enabled", True)),
        flavour=entry.get("flavour", "torznab"),
    )


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


async def stored_indexer(session: AsyncSession, indexer_id: int) -> dict[str, Any]:
    """One stored indexer entry (secrets included: for building an adapter, never for an answer)."""
    for entry in await _stored_indexers(session):
        if entry["id"] == indexer_id:
            return entry
    raise UnknownIndexer(indexer_id)


def _check_unique_name(entries: list[dict[str, Any]], name: str, own_id: int | None) -> None:
    for entry in entries:
        if entry["id"] != own_id and str(entry.get("name", "")).casefold() == name.casefold():
            raise SettingsRejected("name", f"another indexer is already called {name!r}")


async def list_indexers(session: AsyncSession) -> list[IndexerOut]:
    """Every stored indexer as an admin sees it."""
    return [indexer_out(entry) for entry in await _stored_indexers(session)]


async def add_indexer(session: AsyncSession, body: IndexerIn) -> IndexerOut:
    """Store a new indexer (committed)."""
    entries = await _stored_indexers(session)
    _check_unique_name(entries, body.name, None)
    entry = {"id": max((e["id"] for e in entries), default=0) + 1, **merged_indexer(body, None)}
    await put_setting(session, INDEXERS_SETTING, [*entries, entry])
    await session.commit()
    return indexer_out(entry)


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
    return indexer_out(entries[position])


async def delete_indexer(session: AsyncSession, indexer_id: int) -> None:
    """Forget a stored indexer (committed)."""
    entries = await _stored_indexers(session)
    remaining = [e for e in entries if e["id"] != indexer_id]
    if len(remaining) == len(entries):
        raise UnknownIndexer(indexer_id)
    await put_setting(session, INDEXERS_SETTING, remaining)
    await session.commit()


# --- TMDB ---------------------------------------------------------------------------------------------


def tmdb_out(raw: dict[str, Any] | None) -> TmdbSettingsOut:
    """The API view of the stored TMDB setting."""
    raw = raw or {}
    return TmdbSettingsOut(
        configured=bool(raw.get("api_key") or raw.get("access_token")),
        api_key=shown(raw.get("api_key")),
        access_token=shown(raw.get("access_token")),
        language=raw.get("language") or "fr-FR",
        region=raw.get("region") or "FR",
        base_url=raw.get("base_url") or TMDB_API_URL,
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


async def read_tmdb(session: AsyncSession) -> TmdbSettingsOut:
    """The TMDB settings as an admin sees them."""
    return tmdb_out(await get_setting(session, TMDB_SETTING))


async def save_tmdb(session: AsyncSession, body: TmdbSettingsIn) -> TmdbSettingsOut:
    """Store new TMDB settings (committed)."""
    value = merged_tmdb(body, await get_setting(session, TMDB_SETTING))
    await put_setting(session, TMDB_SETTING, value)
    await session.commit()
    return tmdb_out(value)
