"""GET /api/v1/requests as the parents' list of the whole family's requests: who asked, quick filters and
how many each holds; a child still sees only their own. On PostgreSQL, through the real app."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.service import fail_request
from app.media_requests.states import RequestStatus
from app.profiles.models import Profile, Role
from tests import factories
from tests.support.auth import app_client

pytestmark = pytest.mark.integration
S = RequestStatus


async def _household(db: AsyncSession) -> tuple[Profile, Profile, Profile]:
    papa = await factories.profile(db, "Papa", Role.ADMIN)
    emma = await factories.profile(db, "Emma", Role.CHILD)
    lea = await factories.profile(db, "Léa", Role.MEMBER)
    made = [
        ("Up", S.AWAITING_APPROVAL, emma),
        ("Cars", S.DOWNLOADING, emma),
        ("Coco", S.AVAILABLE, emma),
        ("Dune", S.NOT_FOUND, lea),
        ("Heat", S.FAILED, lea),
        ("Alien", S.PENDING, lea),
        ("Tenet", S.CANCELLED, None),  # a script's
    ]
    for tmdb_id, (title, status, who) in enumerate(made, start=1):
        await factories.media_request(db, tmdb_id=tmdb_id, title=title, status=status, requested_by=who)
    return papa, emma, lea


def _rows(page: dict[str, object]) -> list[tuple[str, str, str | None]]:
    items = page["items"]
    assert isinstance(items, list)
    return [(item["title"], item["status"], item["requester_name"]) for item in items]


async def test_a_parent_sees_every_request_with_who_asked_and_the_quick_filters_counted(
    db: AsyncSession, client: httpx.AsyncClient
) -> None:
    papa, _, _ = await _household(db)
    async with app_client(profile=papa) as parent:
        everything = (await parent.get("/api/v1/requests")).json()
        needs_parent = (await parent.get("/api/v1/requests", params={"view": "needs_parent"})).json()
        problems = (await parent.get("/api/v1/requests", params={"view": "problems"})).json()
        ready = (await parent.get("/api/v1/requests", params={"view": "ready"})).json()
        in_progress = (await parent.get("/api/v1/requests", params={"view": "in_progress"})).json()
    assert _rows(everything) == [
        ("Tenet", "CANCELLED", None),
        ("Alien", "PENDING", "Léa"),
        ("Heat", "FAILED", "Léa"),
        ("Dune", "NOT_FOUND", "Léa"),
        ("Coco", "AVAILABLE", "Emma"),
        ("Cars", "DOWNLOADING", "Emma"),
        ("Up", "AWAITING_APPROVAL", "Emma"),
    ]
    assert everything["counts"] == {"in_progress": 2, "ready": 1, "needs_parent": 1, "problems": 2}
    assert _rows(needs_parent) == [("Up", "AWAITING_APPROVAL", "Emma")]
    assert _rows(problems) == [("Heat", "FAILED", "Léa"), ("Dune", "NOT_FOUND", "Léa")]
    assert _rows(ready) == [("Coco", "AVAILABLE", "Emma")]
    assert [title for title, _, _ in _rows(in_progress)] == ["Alien", "Cars"]
    assert needs_parent["counts"] == everything["counts"]  # the chips keep their figures whatever is shown

    # The API key is a parent too; a view narrowed by a status outside it lists nothing.
    narrowed = await client.get("/api/v1/requests", params={"view": "problems", "status": "FAILED"})
    assert _rows(narrowed.json()) == [("Heat", "FAILED", "Léa")]
    apart = await client.get("/api/v1/requests", params={"view": "ready", "status": "FAILED"})
    assert (apart.json()["items"], apart.json()["total"]) == ([], 0)


async def test_a_failed_request_in_the_list_says_why_as_a_code_the_kiosk_words(
    db: AsyncSession, client: httpx.AsyncClient
) -> None:
    request = await factories.media_request(db, tmdb_id=9, title="Heat", status=S.DOWNLOADING)
    await fail_request(
        db,
        request_id=request.id,
        reason="qBittorrent kept failing: connection refused",
        why="service_failed",
        facts={"service": "qBittorrent"},
    )
    await factories.media_request(db, tmdb_id=10, title="Dune", status=S.NOT_FOUND)
    items = (await client.get("/api/v1/requests")).json()["items"]
    failure = {item["title"]: item["failure"] for item in items}
    assert failure == {
        "Heat": {"code": "failed", "why": "service_failed", "service": "qBittorrent"},
        "Dune": None,
    }


async def test_a_child_still_sees_only_their_own(db: AsyncSession, client: httpx.AsyncClient) -> None:
    _, emma, lea = await _household(db)
    async with app_client(profile=emma) as kiosk:
        own = (await kiosk.get("/api/v1/requests")).json()
        own_problems = (await kiosk.get("/api/v1/requests", params={"view": "needs_parent"})).json()
        someone_else = await kiosk.get("/api/v1/requests", params={"requested_by": lea.id})
    assert [title for title, _, _ in _rows(own)] == ["Coco", "Cars", "Up"]
    assert own["counts"] == {"in_progress": 1, "ready": 1, "needs_parent": 1, "problems": 0}
    assert _rows(own_problems) == [("Up", "AWAITING_APPROVAL", "Emma")]
    assert someone_else.status_code == 403


async def test_an_unknown_quick_filter_is_refused_with_the_ones_there_are(client: httpx.AsyncClient) -> None:
    answer = await client.get("/api/v1/requests", params={"view": "everything"})
    assert answer.status_code == 422
    assert "needs_parent" in answer.text
