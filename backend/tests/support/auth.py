"""Signing in for tests: session cookies and HTTP clients for profiles and API keys.

The profiles and keys themselves come from tests/factories.py. The HTTP sign-in is tested in
tests/integration/auth; everywhere else a test that needs a caller gets one from here without paying an
argon2 verification per call.
"""

from __future__ import annotations

import httpx

from app.profiles import sessions
from app.profiles.models import Profile

BASE_URL = "http://kiosk.test"


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
