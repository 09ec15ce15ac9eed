"""New requests and their first timeline event: the same rows on PostgreSQL (one statement) and SQLite.

media_requests/insertion.py writes them differently on the two databases; what the family reads back
(status, seasons, episodes, times, the timeline's first line) must not depend on which one runs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import autocommit_session
from app.media_requests import creation, service
from app.media_requests.creation import NewRequest
from app.media_requests.insertion import insert_requests
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.schemas import RequestCreate
from app.media_requests.states import MediaType, RequestStatus
from app.profiles import policy
from tests import factories

pytestmark = pytest.mark.integration


def _batch() -> list[NewRequest]:
    return [
        NewRequest(RequestCreate(media_type=MediaType.MOVIE, tmdb_id=603, title="Matrix"), "task-1"),
        NewRequest(
            RequestCreate(
                media_type=MediaType.TV,
                tmdb_id=1399,
                title="Le Trône de fer",
                year=2011,
                seasons=[1, 2],
                episodes={"3": [1, 2]},
            ),
            "task-2",
            actor="Léa",
        ),
        NewRequest(
            RequestCreate(media_type=MediaType.MOVIE, tmdb_id=27205, title="Inception"),
            "task-3",
            hold=policy.PARENT_APPROVES,
        ),
        # Already in the Plex mirror: available at once, with no task.
        NewRequest(RequestCreate(media_type=MediaType.MOVIE, tmdb_id=155, title="The Dark Knight"), "task-4"),
        # The same film again: the first one's request.
        NewRequest(RequestCreate(media_type=MediaType.MOVIE, tmdb_id=603, title="Matrix"), "task-5"),
    ]


async def _saved(session: AsyncSession) -> list[dict[str, Any]]:
    await factories.library_item(session, "1", "Batman", tmdb_id=155)
    outcomes = [await creation.create_request(session, new) for new in _batch()]
    session.expunge_all()
    saved = []
    for outcome in outcomes:
        request = await service.get_request(session, outcome[0].id, with_events=True)
        assert request.created_at == outcome[0].created_at
        saved.append(
            {
                "created": outcome[1],
                "key": request.media_key,
                "status": request.status,
                "task": request.celery_task_id,
                "seasons": request.requested_seasons,
                "episodes": request.requested_episodes,
                "year": request.year,
                "completed": request.completed_at is not None,
                "timeline": [
                    (
                        e.from_status,
                        e.to_status,
                        e.reason,
                        e.actor,
                        e.details,
                        e.created_at == request.created_at,
                    )
                    for e in request.events
                ],
            }
        )
    return saved


async def test_requests_read_back_the_same_on_postgresql_and_sqlite(
    db: AsyncSession, sqlite_db: AsyncSession
) -> None:
    on_postgresql, on_sqlite = await _saved(db), await _saved(sqlite_db)

    assert on_postgresql == on_sqlite
    matrix, show, held, in_plex, matrix_again = on_postgresql
    assert matrix["created"] and matrix["status"] == "PENDING" and matrix["task"] == "task-1"
    assert matrix["timeline"] == [(None, "PENDING", "Requested", "kiosk", {"code": "requested"}, True)]
    assert show["seasons"] == [1, 2] and show["episodes"] == {"3": [1, 2]} and show["year"] == 2011
    assert show["timeline"] == [(None, "PENDING", "Requested", "Léa", {"code": "requested"}, True)]
    assert held["status"] == "AWAITING_APPROVAL" and held["task"] is None
    # The code the kiosk words (« Un parent doit d'abord donner son accord. »), beside the English line.
    assert held["timeline"][0][2:5] == (
        "Waiting for a parent to approve",
        "kiosk",
        {"code": "awaiting_approval", "why": "parent_approves"},
    )
    assert in_plex["status"] == "AVAILABLE" and in_plex["completed"] and in_plex["task"] is None
    assert matrix_again == {**matrix, "created": False}


async def test_a_batch_that_collides_with_an_active_request_writes_nothing(
    db: AsyncSession, migrated_database: str
) -> None:
    await creation.create_request(
        db, NewRequest(RequestCreate(media_type=MediaType.MOVIE, tmdb_id=603, title="Matrix"), "first")
    )
    now = service.utcnow()
    pending = RequestStatus.PENDING
    rows = [
        creation._row(new.data, service.media_key(new.data), pending, "task", now) for new in _batch()[:2]
    ]
    first = {
        "from_status": None,
        "to_status": "PENDING",
        "reason": "Requested",
        "actor": "kiosk",
        "details": None,
    }
    events = [first] * 2

    # creation's own way on PostgreSQL: one statement in an autocommit session.
    async with autocommit_session(migrated_database) as session:
        with pytest.raises(IntegrityError):
            await insert_requests(session, rows, events)

    assert await db.scalar(select(func.count()).select_from(MediaRequest)) == 1
    assert await db.scalar(select(func.count()).select_from(RequestEvent)) == 1


async def _generic_plans(db: AsyncSession, lookup: Callable[[], Awaitable[object]]) -> list[str]:
    """PostgreSQL's plans for the queries `lookup` sends, as planned once a prepared query goes generic."""
    sent: list[str] = []

    def capture(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", capture)
    try:
        await lookup()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    plans = []
    await db.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
    for statement in sent:
        await db.execute(text(f"PREPARE lookup AS {statement}"))
        # A generic plan does not depend on the values, so NULLs do.
        arguments = ", ".join(["NULL"] * statement.count("$"))
        explained = await db.execute(text(f"EXPLAIN EXECUTE lookup({arguments})"))
        plans.append("\n".join(explained.scalars()))
        await db.execute(text("DEALLOCATE lookup"))
    await db.rollback()
    return plans


async def test_finding_the_active_request_for_a_media_stays_an_index_lookup(db: AsyncSession) -> None:
    # Enough finished and pending requests that reading them all would cost far more than the index.
    await db.execute(
        text(
            "INSERT INTO media_requests (media_type, tmdb_id, title, media_key, status, attempts,"
            " created_at, updated_at) SELECT 'movie', n, 'Film', 'movie:' || n,"
            " CASE WHEN n % 2 = 0 THEN 'PENDING' ELSE 'AVAILABLE' END, 0, now(), now()"
            " FROM generate_series(1, 5000) AS n"
        )
    )
    await db.commit()
    await db.execute(text("ANALYZE media_requests"))
    batch = _batch()[:2]

    plans = await _generic_plans(db, lambda: service.find_active(db, "movie:42"))

    async def create_both() -> None:
        for new in batch:
            await creation.create_request(db, new)

    plans += await _generic_plans(db, create_both)

    assert plans and all("Seq Scan on media_requests" not in plan for plan in plans), plans
    assert all("uq_media_requests_active_media" in plan for plan in plans[:2]), plans
