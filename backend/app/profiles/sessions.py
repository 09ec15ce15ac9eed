"""Kiosk sessions: a signed, HttpOnly, SameSite cookie naming the profile, ended by inactivity.

The cookie holds the profile id and its session epoch, signed with SECRET_KEY and stamped with the time
it was issued (itsdangerous). A signed-in call re-issues it once it is older than a tenth of the idle
time (at most a minute; signing a new cookie on every call buys nothing), so it lapses after
SESSION_IDLE_MINUTES without activity, give or take that tenth. Nothing is written per call; bumping a
profile's epoch (new PIN, new role, deletion) ends all its sessions at once.

A cookie's signature is checked once: a kiosk sends the same cookie on every call for up to a minute,
and checking it again each time (deriving the key, the HMAC, decoding) cost 4 % of a request's CPU.
Its age is checked on every call.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from app.config import get_settings
from app.profiles.models import Profile

COOKIE_NAME = "kiosk_session"
COOKIE_PATH = "/api"
_SALT = "plex-kiosk.session"


class SessionExpired(Exception):
    """The cookie is genuine but older than the idle time."""


@dataclass(frozen=True)
class SessionClaims:
    """What a valid cookie says: which profile, at which epoch."""

    profile_id: int
    epoch: int
    issued_at: datetime

    def renewal_due(self) -> bool:
        """True when the cookie should be re-issued to keep the session sliding (see the module docstring)."""
        return time.time() - self.issued_at.timestamp() >= min(60.0, idle_seconds() / 10)


@lru_cache
def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def _current_serializer() -> URLSafeTimedSerializer:
    return _serializer(get_settings().resolved_secret_key())


def idle_seconds() -> int:
    """How long a session survives without activity."""
    return max(1, round(get_settings().session_idle_minutes * 60))


def issue(profile: Profile) -> str:
    """A signed cookie value for `profile`, stamped now."""
    return _current_serializer().dumps({"p": profile.id, "e": profile.session_epoch})


def read(token: str) -> SessionClaims | None:
    """The claims of a genuine, fresh cookie: None if forged or malformed, SessionExpired if idle too long."""
    claims = _genuine(get_settings().resolved_secret_key(), token)
    if claims is not None and time.time() - claims.issued_at.timestamp() > idle_seconds():
        raise SessionExpired
    return claims


@lru_cache(maxsize=1024)
def _genuine(secret: str, token: str) -> SessionClaims | None:
    """The claims `token` carries if it was signed with `secret`, whatever its age (see the docstring)."""
    try:
        data, issued_at = _serializer(secret).loads(token, return_timestamp=True)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("e"), int):
        return None
    return SessionClaims(profile_id=data["p"], epoch=data["e"], issued_at=issued_at)


def set_cookie(response: Response, request: Request, profile: Profile) -> None:
    """Start or extend the session of `profile` on `response`."""
    response.set_cookie(
        COOKIE_NAME,
        issue(profile),
        max_age=idle_seconds(),
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        # Behind Nginx with TLS the scheme comes from X-Forwarded-Proto (uvicorn --proxy-headers).
        secure=request.url.scheme == "https",
    )


def clear_cookie(response: Response, request: Request) -> None:
    """End the session on this device."""
    response.delete_cookie(
        COOKIE_NAME,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
