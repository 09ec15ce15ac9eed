"""GET /api/v1/idle-screen on PostgreSQL through the real app: what the kiosk shows while nobody is signed
in. Anyone may ask, so it must say nothing about the family: no names, no who asked, nothing waiting for
a parent, refused or failed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_engine, utcnow
from app.media_requests.states import MediaType, RequestStatus
from app.profiles.models import Role
from tests import factories
from tests.support.auth import app_client
from tests.support.downloads import download_seen

pytestmark = pytest.mark.integration
S = RequestStatus
COMING_FIELDS = {"title", "year", "media_type", "tmdb_id", "status", "fraction", "ready_at", "release_date"}


async def _household(db: AsyncSession) -> None:
    papa = await factories.profile(db, "Papa", Role.ADMIN)
    emma = await factories.profile(db, "Emma", Role.CHILD)
    now = utcnow()
    for minutes, (title, item_type) in enumerate(
        [("Coco", "movie"), ("Bluey", "show"), ("Épisode 3", "episode")]
    ):
        await factories.library_item(
            db, f"idle{minutes}", title, item_type=item_type, tmdb_id=100 + minutes, year=2020,
            added_at=now - timedelta(minutes=minutes),
        )  # fmt: skip
    made = [
        ("Cars", S.DOWNLOADING, emma),
        ("Alien", S.SEARCHING, papa),
        ("Up", S.AWAITING_APPROVAL, emma),
        ("Saw", S.DENIED, emma),
        ("Heat", S.FAILED, papa),
        ("Dune", S.NOT_FOUND, papa),
        ("Tenet", S.CANCELLED, papa),
        ("Coco", S.AVAILABLE, emma),
    ]
    for number, (title, status, who) in enumerate(made):
        request = await factories.media_request(
            db, tmdb_id=200 + number, title=title, status=status, requested_by=who,
            updated_at=now - timedelta(minutes=number),
        )  # fmt: skip
        if status is S.DOWNLOADING:
            await download_seen(db, request.id, progress=0.42, eta_seconds=3600)


async def test_anyone_sees_the_newest_titles_and_what_is_on_its_way_and_nothing_personal(
    db: AsyncSession,
) -> None:
    await _household(db)
    before = utcnow()
    async with app_client() as anonymous:  # nobody signed in: the kiosk left alone
        answer = await anonymous.get("/api/v1/idle-screen")
    assert answer.status_code == 200, answer.text
    body = answer.json()

    assert body["timezone"] == "Europe/Paris"
    assert [(p["title"], p["media_type"], p["tmdb_id"]) for p in body["recent"]] == [
        ("Coco", MediaType.MOVIE, 100),
        ("Bluey", MediaType.TV, 101),
    ]
    assert [(c["title"], c["status"]) for c in body["coming"]] == [
        ("Cars", "DOWNLOADING"),
        ("Alien", "SEARCHING"),
    ]
    cars, alien = body["coming"]
    assert {*cars} == {*alien} == COMING_FIELDS  # no id, no requester, no error, no timeline
    assert cars["fraction"] == 0.42 and alien["fraction"] is None and alien["ready_at"] is None
    ready_at = datetime.fromisoformat(cars["ready_at"])
    assert timedelta(minutes=59) < ready_at - before < timedelta(minutes=61)
    for private in (
        "Papa",
        "Emma",
        "requested_by",
        "requester",
        "Up",
        "Saw",
        "Heat",
        "Dune",
        "Tenet",
        "error",
    ):
        assert private not in answer.text


async def _idle_screen_read() -> tuple[dict[str, Any], list[str]]:
    """The idle screen as anyone gets it, and the tables each statement it cost read first."""
    sent: list[str] = []
    engine = get_engine().sync_engine

    def note(*args: object) -> None:
        sent.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        async with app_client() as anonymous:
            body = (await anonymous.get("/api/v1/idle-screen")).json()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return body, [statement.split("FROM", 1)[1].split()[0] for statement in sent]


async def test_the_lists_stay_short_and_cost_four_queries_whatever_the_library(db: AsyncSession) -> None:
    now = utcnow()
    for number in range(20):
        await factories.library_item(
            db, f"many{number}", f"Film {number}", added_at=now - timedelta(hours=number)
        )
        request = await factories.media_request(
            db, tmdb_id=300 + number, title=f"Demande {number}", status=S.DOWNLOADING,
        )  # fmt: skip
        await download_seen(db, request.id, progress=0.5, eta_seconds=600)
    body, read = await _idle_screen_read()
    assert len(body["recent"]) == 12 and body["recent"][0]["title"] == "Film 0"
    assert len(body["coming"]) == 6
    # The newest titles, the requests on their way, their downloads, and qBittorrent's settings (for live
    # figures): the same four however many titles and requests there are.
    assert read == ["library_items", "media_requests", "downloads", "settings"]


async def test_nothing_downloading_costs_two_queries(db: AsyncSession) -> None:
    await factories.library_item(db, "one", "Coco", added_at=utcnow())
    await factories.media_request(db, tmdb_id=400, title="Alien", status=S.SEARCHING)
    body, read = await _idle_screen_read()
    assert [c["title"] for c in body["coming"]] == ["Alien"]
    assert read == ["library_items", "media_requests"]
