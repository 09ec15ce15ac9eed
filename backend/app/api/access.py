"""Who may call a route: every /api/v1 route declares one of three access levels.

A route declares its level with one of the dependencies below (`dependencies=[PUBLIC]`, or a
`SignedIn` / `AdminOnly` parameter when it needs to know the viewer). The route-policy test reads
these from the app's route table, so a route that declares none fails the suite.

A caller is either a profile signed in at the kiosk (the session cookie, see app/profiles/sessions.py)
or a script holding the API key (`X-Api-Key`, treated as an admin with no profile). A wrong API key is
refused outright rather than falling back to the cookie, so a script never acts as whoever last used
the browser it runs in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response, status
from fastapi.security import APIKeyCookie, APIKeyHeader

from app.api.errors import SpokenError
from app.api.validation_messages import LANGUAGE_STATE
from app.db import autocommit_session
from app.profiles import api_keys, lookup, sessions
from app.profiles.models import Profile, Role

API_KEY_HEADER = "X-Api-Key"
_api_key_scheme = APIKeyHeader(name=API_KEY_HEADER, auto_error=False, description="The scripts' API key")
_cookie_scheme = APIKeyCookie(
    name=sessions.COOKIE_NAME, auto_error=False, description="The kiosk session, set by POST /auth/session"
)


@dataclass(frozen=True)
class Viewer:
    """The caller: a signed-in profile, or a script holding the API key (profile_id None)."""

    profile_id: int | None
    role: Role
    name: str | None = None
    language: str = "fr"
    via_api_key: bool = False
    # The row the session check loaded, for routes that need more of it (quotas, rating limit). Held
    # here because the session's identity map keeps rows only weakly: dropped, it would be read again.
    profile: Profile | None = field(default=None, compare=False, repr=False)

    @property
    def is_admin(self) -> bool:
        """Admins (and the API key) see everything and change settings."""
        return self.role is Role.ADMIN

    @property
    def actor(self) -> str:
        """How the timeline names this caller."""
        return self.name or "a script (API key)"

    def owns(self, profile_id: int | None) -> bool:
        """True when a row belonging to `profile_id` is this viewer's own."""
        return self.profile_id is not None and self.profile_id == profile_id

    def may_see(self, profile_id: int | None) -> bool:
        """Admins see everyone's rows; others see their own."""
        return self.is_admin or self.owns(profile_id)


def _unauthorized(message: str, request: Request | None = None) -> HTTPException:
    headers = None
    if request is not None:  # the cookie is dead: tell the browser to drop it along with the 401
        carrier = Response()
        sessions.clear_cookie(carrier, request)
        headers = {"set-cookie": carrier.headers["set-cookie"]}
    return HTTPException(status.HTTP_401_UNAUTHORIZED, message, headers=headers)


async def _viewer(
    request: Request, response: Response, api_key: str | None, cookie: str | None
) -> Viewer | None:
    """The caller, None when anonymous; raises 401 for a wrong API key or a session that ended.

    Read outside the route's transaction (db.autocommit_session): it runs on every signed-in call.
    """
    if api_key is not None:
        async with autocommit_session() as reader:
            found = await api_keys.find(reader, api_key)
        if found is None:
            raise _unauthorized("The API key is not valid (it may have been rotated).")
        return Viewer(profile_id=None, role=Role.ADMIN, name=None, via_api_key=True)
    if not cookie:
        return None
    try:
        claims = sessions.read(cookie)
    except sessions.SessionExpired as exc:
        raise _unauthorized(
            "The session ended after a while without activity: pick your profile again.", request
        ) from exc
    profile = await lookup.find_profile(claims.profile_id) if claims else None
    if claims is None or profile is None or profile.session_epoch != claims.epoch:
        raise _unauthorized("This session is no longer valid: pick your profile again.", request)
    if claims.renewal_due():  # sliding: activity keeps the session alive
        sessions.set_cookie(response, request, profile)
    # Noted for the 422 handler, which words the errors in the profile's language.
    setattr(request.state, LANGUAGE_STATE, profile.language)
    return Viewer(
        profile_id=profile.id,
        role=profile.role,
        name=profile.name,
        language=profile.language,
        profile=profile,
    )


async def public_access() -> None:
    """Anyone, signed in or not (health checks, the profile picker, signing in)."""


async def optional_viewer(
    request: Request,
    response: Response,
    api_key: Annotated[str | None, Depends(_api_key_scheme)],
    cookie: Annotated[str | None, Depends(_cookie_scheme)],
) -> Viewer | None:
    """The caller if signed in, else None (for public routes that adapt to the caller)."""
    try:
        return await _viewer(request, response, api_key, cookie)
    except HTTPException:
        if cookie:
            sessions.clear_cookie(response, request)
        return None


async def signed_in(
    request: Request,
    response: Response,
    api_key: Annotated[str | None, Depends(_api_key_scheme)],
    cookie: Annotated[str | None, Depends(_cookie_scheme)],
) -> Viewer:
    """Any signed-in profile, or the API key."""
    viewer = await _viewer(request, response, api_key, cookie)
    if viewer is None:
        raise _unauthorized("Pick your profile first.")
    return viewer


async def admin_only(viewer: Annotated[Viewer, Depends(signed_in)]) -> Viewer:
    """An admin profile, or the API key."""
    if not viewer.is_admin:
        message = "Only a parent (an admin profile) can do this."
        raise SpokenError(status.HTTP_403_FORBIDDEN, "parents_only", message)
    return viewer


PUBLIC = Depends(public_access)
SignedIn = Annotated[Viewer, Depends(signed_in)]
AdminOnly = Annotated[Viewer, Depends(admin_only)]
OptionalViewer = Annotated[Viewer | None, Depends(optional_viewer)]
# The dependency callables that count as a declared policy, for the route-policy test.
POLICY_DEPENDENCIES = frozenset({public_access, signed_in, admin_only})
