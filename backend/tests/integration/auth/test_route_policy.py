"""Every /api/v1 route, read from the app's route table, called as each kind of caller.

A route must declare its access level (app/api/access.py); one that does not fails here. Then every
route is called anonymously, as a child, a member, an admin and with the API key, and must answer 401
or 403 exactly where its level says, and never 401, 403 or 500 elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import routing
from fastapi.dependencies.models import Dependant
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.access import POLICY_DEPENDENCIES, admin_only, public_access, signed_in
from app.main import app
from tests import factories
from tests.integration.auth.conftest import Family
from tests.support.auth import app_client

pytestmark = pytest.mark.integration

LEVELS: dict[Callable[..., Any], str] = {public_access: "public", signed_in: "signed in", admin_only: "admin"}
STRICTNESS = ["public", "signed in", "admin"]
CALLERS = ("anonymous", "child", "member", "admin", "api key")
# What each level answers each caller; None: "let through" (anything but 401, 403 or a crash).
EXPECTED: dict[str, dict[str, int | None]] = {
    "public": dict.fromkeys(CALLERS),
    "signed in": {"anonymous": 401, "child": None, "member": None, "admin": None, "api key": None},
    "admin": {"anonymous": 401, "child": 403, "member": 403, "admin": None, "api key": None},
}


@dataclass(frozen=True)
class ApiRoute:
    """One method of one /api/v1 path, as the app's route table has it."""

    method: str
    path: str
    dependant: Dependant

    def url(self) -> str:
        """The path with every parameter filled in (ids that do not exist)."""
        url = self.path
        for param in self.dependant.path_params:
            value = "999999" if param.field_info.annotation is int else "nope"
            url = url.replace("{" + param.name + "}", value)
        return url


def api_routes() -> list[ApiRoute]:
    """Every /api/v1 route of the app, one per method."""
    found = []
    for context in routing.iter_route_contexts(app.routes):
        dependant = getattr(context, "dependant", None)
        if dependant is None or not context.path.startswith("/api/v1"):
            continue
        for method in sorted(context.methods or ()):
            found.append(ApiRoute(method, context.path, dependant))
    return found


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def declared_level(route: ApiRoute) -> str | None:
    """The strictest access level among the route's dependencies, None when it declares none."""
    levels = [LEVELS[call] for call in _calls(route.dependant) if call in POLICY_DEPENDENCIES]
    return max(levels, key=STRICTNESS.index) if levels else None


ROUTES = api_routes()


def test_the_route_table_is_read() -> None:
    paths = {(route.method, route.path) for route in ROUTES}
    assert {
        ("POST", "/api/v1/requests"),
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/auth/session"),
    } <= paths


def test_every_api_route_declares_an_access_policy() -> None:
    undeclared = [f"{route.method} {route.path}" for route in ROUTES if declared_level(route) is None]
    assert undeclared == [], "routes with no access policy (see app/api/access.py)"


def test_a_route_without_a_policy_is_caught() -> None:
    from fastapi import APIRouter, FastAPI

    from app.api.access import PUBLIC

    router = APIRouter(prefix="/api/v1")

    @router.get("/forgotten")
    async def forgotten() -> None: ...

    @router.get("/declared", dependencies=[PUBLIC])
    async def declared() -> None: ...

    probe = FastAPI()
    probe.include_router(router)
    contexts = [c for c in routing.iter_route_contexts(probe.routes) if c.path.startswith("/api/v1")]
    levels = {c.path: declared_level(ApiRoute("GET", c.path, c.dependant)) for c in contexts}
    assert levels == {"/api/v1/forgotten": None, "/api/v1/declared": "public"}


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.method} {r.path}" for r in ROUTES])
async def test_route_answers_each_caller_as_its_policy_says(
    route: ApiRoute, family: Family, db: AsyncSession
) -> None:
    level = declared_level(route)
    assert level is not None, "no access policy declared"
    body = {} if route.method in ("POST", "PUT", "PATCH") else None
    seen: dict[str, int] = {}
    for caller in CALLERS:
        if caller == "api key":
            client = app_client(api_key=await factories.api_key(db))  # fresh: an earlier call may rotate it
        elif caller == "anonymous":
            client = app_client()
        else:
            client = app_client(profile=getattr(family, caller))
        async with client as http:
            answer = await http.request(route.method, route.url(), json=body)
        seen[caller] = answer.status_code
        expected = EXPECTED[level][caller]
        if expected is not None:
            assert answer.status_code == expected, (caller, seen, answer.text)
            assert answer.json()["detail"], "a refusal says why"
        else:
            assert answer.status_code not in (401, 403, 500), (caller, seen, answer.text)
