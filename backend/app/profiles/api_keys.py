"""The scripts' API key: made at setup, rotated by an admin, shown once, stored as a SHA-256 only.

SHA-256 rather than argon2: the key is 256 random bits, so a fast hash cannot be brute-forced and every
scripted call can be checked with one indexed lookup instead of a deliberately slow hash.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.profiles.models import ApiKey

PREFIX = "pk_"
HINT_LENGTH = 7


def key_hash(key: str) -> str:
    """The hex SHA-256 stored for `key`."""
    return hashlib.sha256(key.encode()).hexdigest()


async def rotate(session: AsyncSession) -> tuple[str, ApiKey]:
    """Replace the API key with a new one (not committed); the plain key is returned once, never stored."""
    key = PREFIX + secrets.token_urlsafe(32)
    await session.execute(delete(ApiKey))
    row = ApiKey(key_hash=key_hash(key), hint=key[:HINT_LENGTH], created_at=utcnow())
    session.add(row)
    await session.flush()
    return key, row


async def find(session: AsyncSession, key: str) -> ApiKey | None:
    """The stored key matching `key`, if it is the current one."""
    if not key.startswith(PREFIX) or len(key) > 200:
        return None
    return await session.scalar(select(ApiKey).where(ApiKey.key_hash == key_hash(key)))


async def current(session: AsyncSession) -> ApiKey | None:
    """The current key's record (hint and date), if one was made."""
    return await session.scalar(select(ApiKey).order_by(ApiKey.id.desc()).limit(1))
