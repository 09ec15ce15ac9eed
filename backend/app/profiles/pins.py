"""PINs and passwords: which ones are accepted, and their argon2 hashes (argon2-cffi)."""

from __future__ import annotations

import re

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.profiles.models import SecretKind

PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128

# argon2-cffi's defaults (RFC 9106 low-memory profile): about 50 ms and 64 MiB per hash on a small box.
_hasher = PasswordHasher()


class InvalidSecret(ValueError):
    """A PIN or password that does not follow the rules; the message says which."""


def check_secret(kind: SecretKind, secret: str) -> str:
    """`secret` if it is a valid PIN (4 to 8 digits) or password (8 to 128 characters), else InvalidSecret."""
    if kind is SecretKind.PIN:
        if not PIN_PATTERN.fullmatch(secret):
            raise InvalidSecret("a PIN is 4 to 8 digits")
        return secret
    if not MIN_PASSWORD_LENGTH <= len(secret) <= MAX_PASSWORD_LENGTH:
        raise InvalidSecret(f"a password is {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long")
    return secret


def hash_secret(secret: str) -> str:
    """The argon2id hash to store for a PIN or password."""
    return _hasher.hash(secret)


def verify_secret(stored_hash: str, secret: str) -> bool:
    """True when `secret` matches `stored_hash`; a damaged hash never matches."""
    try:
        return _hasher.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


async def hash_secret_async(secret: str) -> str:
    """hash_secret off the event loop (argon2 is deliberately slow)."""
    return await anyio.to_thread.run_sync(hash_secret, secret)


async def verify_secret_async(stored_hash: str, secret: str) -> bool:
    """verify_secret off the event loop (argon2 is deliberately slow)."""
    return await anyio.to_thread.run_sync(verify_secret, stored_hash, secret)
