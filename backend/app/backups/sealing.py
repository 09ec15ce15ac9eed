"""A backup file is sealed with a key derived from SECRET_KEY, so the secrets stored in Settings (the Plex
token, the qBittorrent password, indexer and TMDB keys, notification URLs) and the profiles' PIN hashes
stay unreadable in a copy that leaves the machine.

Fernet (cryptography) is authenticated encryption: a wrong key or a damaged file is refused, never
restored half-read. The key is HKDF-SHA256 of the secret, bound to this purpose, so the secret's other
use (signing kiosk sessions) never shares a key with it.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_PURPOSE = b"plex-kiosk backup v1"


class WrongKey(ValueError):
    """The file was not sealed with this SECRET_KEY, or it is damaged."""


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(plain: bytes, secret_key: str) -> bytes:
    """`plain` encrypted and authenticated with `secret_key`."""
    return _fernet(secret_key).encrypt(plain)


def unseal(sealed: bytes, secret_key: str) -> bytes:
    """The plain bytes of `sealed`; WrongKey when `secret_key` is not the one it was sealed with."""
    try:
        return _fernet(secret_key).decrypt(sealed)
    except InvalidToken as exc:
        raise WrongKey(
            "this backup cannot be opened with this SECRET_KEY (made by another installation, or damaged)"
        ) from exc
