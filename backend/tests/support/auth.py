"""Signing in for tests: profiles, session cookies and API keys made straight in the database.

The HTTP sign-in itself is tested in tests/integration/auth; everywhere else a test that needs a caller
gets one from here without paying an argon2 verification per call.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.profiles import api_keys, sessions
from app.profiles.models import Profile, Role, SecretKind
from app.profiles.pins import hash_secret

ADMIN_PIN = "2468"
BASE_URL = "http://kiosk.test"


@cache
def pin_hash(pin: str) -> str:
    """The argon2 hash of `pin`, computed once per run (argon2 is slow on purpose)."""
    return hash_secret(pin)


async def make_api_key(db: AsyncSession) -> str:
    """A fresh API key (committed), the previous one revoked."""
    key, _ = await api_keys.rotate(db)
    await db.commit()
    return key


async def make_profile(
    db: AsyncSession, name: str, role: Role = Role.MEMBER, *, pin: str | None = None, **fields: Any
) -> Profile:
    """A profile saved in the database (committed); admins get ADMIN_PIN unless given a PIN."""
    if role is Role.ADMIN and pin is None:
        pin = ADMIN_PIN
    fields.setdefault("auto_approve", role is not Role.CHILD)
    profile = Profile(
        name=name,
        role=role,
        pin_hash=pin_hash(pin) if pin else None,
        secret_kind=SecretKind.PIN if pin else None,
        session_epoch=0,
        **fields,
    )
    db.add(profile)
    await db.commit()
    return profile


def session_cookies(profile: Profile) -> dict[str, str]:
    """The cookie a browser holds after `profile` signed in."""
    return {sessions.COOKIE_NAME: sessions.issue(profile)}


def app_client(
    *, profile: Profile | None = None, api_key: str | None = None, client_host: str = "127.0.0.1"
) -> httpx.AsyncClient:
    """An HTTP client on the real app, as `profile`, as a script holding `api_key`, or anonymous."""
    from app.main import app

    transport = httpx.ASGITransport(app=app, client=(client_host, 50000))
    return httpx.AsyncClient(
        transport=transport,
        base_url=BASE_URL,
        cookies=session_cookies(profile) if profile else None,
        headers={"X-Api-Key": api_key} if api_key else None,
    )
