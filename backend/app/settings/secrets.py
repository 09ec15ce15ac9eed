"""Write-only secrets in settings: the API shows that a secret is set, never the secret itself.

A GET answers `"set"` for a stored secret and null for none; a PUT that sends `"set"` back (or leaves the
field out) keeps what is stored, an empty string removes it, anything else replaces it.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from app.logging_setup import remember_secret

SECRET_MARKER: Literal["set"] = "set"  # noqa: S105 - the marker the API shows in place of a secret, not a secret
SecretState = Literal["set"] | None
# The fields of stored settings that hold a secret (Plex token, qBittorrent password, indexer and TMDB keys).
SECRET_FIELDS = frozenset({"token", "password", "api_key", "access_token"})
# Settings whose URLs are apprise targets: each embeds a token or a password somewhere in it.
URL_SECRET_SETTINGS = frozenset({"notifications", "notification_targets"})
_TOKEN_LIKE_CHARS = 12


def shown(value: str | None) -> SecretState:
    """What a GET shows for a stored secret: the marker, or None when nothing is stored."""
    return SECRET_MARKER if value else None


def kept(sent: str | None, stored: str | None) -> str:
    """The secret to store after a PUT that sent `sent` over what was `stored` ('' when none)."""
    if sent is None or sent == SECRET_MARKER:
        return stored or ""
    return sent.strip()


def secret_id(value: str) -> str:
    """A stable short id for a stored secret in a list (apprise URLs): names it without revealing it."""
    return hashlib.sha256(value.encode()).hexdigest()[:12]


def remember_stored_secrets(key: str, value: Any) -> None:
    """Keep every secret of a stored setting out of this process's logs (see app.logging_setup)."""
    _walk(value, urls_are_secret=key in URL_SECRET_SETTINGS)


def _walk(value: Any, *, urls_are_secret: bool, field: str = "") -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            _walk(item, urls_are_secret=urls_are_secret, field=str(name))
    elif isinstance(value, list):
        for item in value:
            _walk(item, urls_are_secret=urls_are_secret, field=field)
    elif isinstance(value, str):
        if field in SECRET_FIELDS:
            remember_secret(value)
        elif urls_are_secret and "://" in value:
            _remember_url(value)


def _remember_url(url: str) -> None:
    # Apprise logs a target's parts as well as the whole URL (tgram://bottoken/chatid logs the bot token).
    remember_secret(url)
    parts = urlsplit(url)
    for piece in (parts.username, parts.password):
        if piece:
            remember_secret(unquote(piece))
    # A host or path piece is a token when it is long and not a name (json://127.0.0.1/hook is no secret).
    # tgram://123456:AAbb…/chat parses its bot token as host and port: the whole netloc is the secret.
    netloc = parts.netloc.rsplit("@", 1)[-1]
    for piece in (netloc, parts.hostname or "", *parts.path.split("/")):
        if len(piece) >= _TOKEN_LIKE_CHARS and "." not in piece:
            remember_secret(unquote(piece))
