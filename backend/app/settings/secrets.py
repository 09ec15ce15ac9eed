"""Write-only secrets in settings: the API shows that a secret is set, never the secret itself.

A GET answers `"set"` for a stored secret and null for none; a PUT that sends `"set"` back (or leaves the
field out) keeps what is stored, an empty string removes it, anything else replaces it.
"""

from __future__ import annotations

import hashlib
from typing import Literal

SECRET_MARKER: Literal["set"] = "set"  # noqa: S105 - the marker the API shows in place of a secret, not a secret
SecretState = Literal["set"] | None


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
