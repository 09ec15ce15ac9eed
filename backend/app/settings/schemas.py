"""What the Settings API accepts and answers for each external service (Plex, qBittorrent, indexers, TMDB).

Secrets are typed `str | None` on the way in (see app/settings/secrets.py for "set", "" and None) and
`SecretState` on the way out, so a response model cannot carry a secret even by mistake.
"""

from __future__ import annotations

import posixpath
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.settings.secrets import SecretState

_LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
_REGION = re.compile(r"^[A-Z]{2}$")


def _http_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// address, e.g. http://192.168.1.10:32400")
    if parts.username or parts.password:
        raise ValueError("must not hold a user name or password: use the fields for them")
    return value.rstrip("/")


def _absolute_path(value: str) -> str:
    value = value.strip()
    if not (value.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", value) or value.startswith("\\\\")):
        raise ValueError("must be an absolute folder path, e.g. /data/downloads")
    return value


def _category(value: str) -> str:
    value = value.strip()
    if value != posixpath.normpath(value) or value.startswith("/") or "\\" in value:
        raise ValueError("must be a qBittorrent category such as plex-kiosk or movies/kiosk")
    return value


HttpUrl = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_http_url)]
FolderPath = Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_absolute_path)]
SecretIn = Annotated[str | None, Field(default=None, max_length=500)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PathMapping(BaseModel):
    """A folder as Plex sees it and the same folder as this appliance sees it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    plex_path: FolderPath
    local_path: FolderPath


class PlexSettingsIn(_In):
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


class QbittorrentSettingsIn(_In):
    """qBittorrent's WebUI, how to log in, the category that marks our torrents and where they go."""

    url: HttpUrl
    username: str = Field(default="", max_length=200)
    password: SecretIn = None
    category: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_category)] = "plex-kiosk"
    save_path: FolderPath | None = None


class QbittorrentSettingsOut(BaseModel):
    """The qBittorrent settings as an admin sees them (the password only as "set")."""

    configured: bool
    url: str | None
    username: str
    password: SecretState
    category: str
    save_path: str | None


IndexerFlavour = Literal["jackett", "prowlarr", "torznab"]


class IndexerIn(_In):
    """One Torznab indexer (a Jackett or Prowlarr feed, or a native Torznab endpoint)."""

    name: str = Field(min_length=1, max_length=100)
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


def _language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError("must be a language tag such as fr-FR or en-US")
    return value


def _region(value: str) -> str:
    if not _REGION.match(value):
        raise ValueError("must be a two-letter country code such as FR")
    return value


TMDB_API_URL = "https://api.themoviedb.org/3"


class TmdbSettingsIn(_In):
    """TMDB: a v3 API key or a v4 read access token, and the household's language and country."""

    api_key: SecretIn = None
    access_token: Annotated[str | None, Field(default=None, max_length=2000)] = None
    language: Annotated[str, AfterValidator(_language)] = "fr-FR"
    region: Annotated[str, AfterValidator(_region)] = "FR"
    base_url: HttpUrl = TMDB_API_URL


class TmdbSettingsOut(BaseModel):
    """The TMDB settings as an admin sees them (key and token only as "set")."""

    configured: bool
    api_key: SecretState
    access_token: SecretState
    language: str
    region: str
    base_url: str


class ConnectionTest(BaseModel):
    """What a "Test" button found: reachable, credentials accepted, the version, or why not."""

    service: str
    configured: bool
    reachable: bool
    authenticated: bool
    version: str | None = None
    message: str
