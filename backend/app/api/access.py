"""Who may call a route: every /api/v1 route declares one of three access levels.

A route declares its level with one of the dependencies below (`dependencies=[PUBLIC]`, or a
`SignedIn` / `AdminOnly` parameter when it needs to know the viewer). The route-policy test reads
these from the app's route table, so a route that declares none fails the suite.

Until profile sessions land (issue 3) every caller is treated as an admin; the names and shapes here
are the interface the other routers build on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from app.profiles.models import Role


@dataclass(frozen=True)
class Viewer:
    """The caller: a signed-in profile, or a script holding the API key (profile_id None)."""

    profile_id: int | None
    role: Role

    @property
    def is_admin(self) -> bool:
        """Admins (and the API key) see everything and change settings."""
        return self.role is Role.ADMIN


async def public_access() -> None:
    """Anyone, signed in or not (health checks, the profile picker, signing in)."""


async def signed_in() -> Viewer:
    """Any signed-in profile, or the API key."""
    return Viewer(profile_id=None, role=Role.ADMIN)


async def admin_only() -> Viewer:
    """An admin profile, or the API key."""
    return Viewer(profile_id=None, role=Role.ADMIN)


PUBLIC = Depends(public_access)
SignedIn = Annotated[Viewer, Depends(signed_in)]
AdminOnly = Annotated[Viewer, Depends(admin_only)]
# The dependency callables that count as a declared policy, for the route-policy test.
POLICY_DEPENDENCIES = frozenset({public_access, signed_in, admin_only})
