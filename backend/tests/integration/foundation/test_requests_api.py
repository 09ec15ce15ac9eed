"""POST/GET/DELETE /api/v1/requests on the real PostgreSQL and the real Redis broker."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests import creation
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.schemas import RequestCreate
from tests import factories
from tests.support.broker_queue import queued

pytestmark = pytest.mark.integration

MATRIX = {"media_type": "movie", "tmdb_id": 603, "title": "The Matrix", "year": 1999, "imdb_id": "tt0133093"}


async def test_new_request_is_saved_then_queued_on_the_requests_queue(
    client: httpx.AsyncClient, broker: redis.Redis
) -> None:
    response = await client.post("/api/v1/requests", json=MATRIX)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "PENDING"
    assert body["celery_task_id"]
    assert [m.id for m in queued(broker)] == [body["celery_task_id"]]

    detail = (await client.get(f"/api/v1/requests/{body['id']}")).json()
    assert detail["task_state"] == "PENDING"
    assert [(e["from_status"], e["to_status"]) for e in detail["timeline"]] == [(None, "PENDING")]


async def test_same_media_returns_the_active_request(client: httpx.AsyncClient, broker: redis.Redis) -> None:
    first = await client.post("/api/v1/requests", json=MATRIX)
    again = await client.post("/api/v1/requests", json={**MATRIX, "title": "Matrix"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert len([m.id for m in queued(broker)]) == 1


async def test_concurrent_requests_for_one_media_make_one_row(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    responses = await asyncio.gather(*(client.post("/api/v1/requests", json=MATRIX) for _ in range(12)))
    codes = sorted(response.status_code for response in responses)
    assert codes == [200] * 11 + [201]
    assert len({response.json()["id"] for response in responses}) == 1
    assert await db.scalar(select(func.count()).select_from(MediaRequest)) == 1
    assert len([m.id for m in queued(broker)]) == 1


async def test_requests_arriving_together_each_get_their_own_answer(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    # Arriving at the same moment: one answer, one row and one timeline per film, one queued task per
    # created request, and a bad request refused on its own. Of two calls for the same film, whichever
    # writes first creates it (201) and the other gets that request (200).
    films = [{"media_type": "movie", "tmdb_id": 1000 + n, "title": f"Film {n}"} for n in range(15)]
    bodies = [*films, films[0], films[1], {**MATRIX, "requested_by": 42}]
    responses = await asyncio.gather(*(client.post("/api/v1/requests", json=body) for body in bodies))

    for first, again in zip(responses[:2], responses[15:17], strict=True):
        assert sorted([first.status_code, again.status_code]) == [200, 201]
        assert first.json()["id"] == again.json()["id"]
    created = [r for r in responses[:17] if r.status_code == 201]
    assert [response.status_code for response in responses[2:15]] == [201] * 13
    assert len({response.json()["id"] for response in created}) == 15
    assert sorted(r.json()["title"] for r in created) == sorted(f"Film {n}" for n in range(15))
    assert responses[17].status_code == 422
    assert responses[17].json()["detail"] == "profile 42 does not exist"

    assert await db.scalar(select(func.count()).select_from(MediaRequest)) == 15
    assert await db.scalar(select(func.count()).select_from(RequestEvent)) == 15
    assert sorted([m.id for m in queued(broker)]) == sorted(r.json()["celery_task_id"] for r in created)
    for response in created[:3]:
        timeline = (await client.get(f"/api/v1/requests/{response.json()['id']}")).json()["timeline"]
        assert [(event["to_status"], event["reason"]) for event in timeline] == [("PENDING", "Requested")]


async def test_a_request_that_loses_a_race_with_another_process_returns_the_winner(
    db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another API process committed The Matrix between this call's check and its insert: the partial
    # unique index refuses the insert, and the caller gets the other process's request.
    other, _ = await creation.create_request(
        db, creation.NewRequest(RequestCreate(**MATRIX), "other-process")
    )
    calls = 0

    async def stale_check(session: AsyncSession, data: RequestCreate) -> object:
        nonlocal calls
        calls += 1
        return creation._Known()

    monkeypatch.setattr(creation, "_known", stale_check)
    request, created = await creation.create_request(
        db, creation.NewRequest(RequestCreate(**MATRIX), "t-matrix")
    )
    assert not created and request.id == other.id
    assert await db.scalar(select(func.count()).select_from(MediaRequest)) == 1
    assert calls == 1


async def test_a_cancelled_media_can_be_requested_again(client: httpx.AsyncClient) -> None:
    first = (await client.post("/api/v1/requests", json=MATRIX)).json()
    await client.delete(f"/api/v1/requests/{first['id']}")
    again = await client.post("/api/v1/requests", json=MATRIX)
    assert again.status_code == 201
    assert again.json()["id"] != first["id"]


async def test_validation_errors_are_readable_per_field(client: httpx.AsyncClient, db: AsyncSession) -> None:
    response = await client.post(
        "/api/v1/requests", json={"media_type": "movie", "tmdb_id": -4, "year": 1500}
    )
    assert response.status_code == 422
    body = response.json()
    fields = {error["field"]: error["message"] for error in body["errors"]}
    assert set(fields) == {"tmdb_id", "title", "year"}
    assert "greater than 0" in fields["tmdb_id"]
    assert body["detail"].startswith("Invalid request")
    assert await db.scalar(select(func.count()).select_from(MediaRequest)) == 0


async def test_unknown_profile_is_refused_and_nothing_saved(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    response = await client.post("/api/v1/requests", json={**MATRIX, "requested_by": 42})
    assert response.status_code == 422
    assert response.json()["detail"] == "profile 42 does not exist"
    assert await db.scalar(select(func.count()).select_from(MediaRequest)) == 0


async def test_a_film_already_in_plex_is_available_at_once(
    client: httpx.AsyncClient, broker: redis.Redis, db: AsyncSession
) -> None:
    await factories.library_item(db, "65547", "The Matrix", tmdb_id=603)
    response = await client.post("/api/v1/requests", json=MATRIX)
    assert response.status_code == 201
    assert response.json()["status"] == "AVAILABLE"
    assert response.json()["celery_task_id"] is None
    assert [m.id for m in queued(broker)] == []


async def test_list_filters_and_pages(client: httpx.AsyncClient) -> None:
    for tmdb_id in range(1, 6):
        await client.post(
            "/api/v1/requests", json={"media_type": "movie", "tmdb_id": tmdb_id, "title": f"F{tmdb_id}"}
        )
    await client.delete("/api/v1/requests/1")

    page = (await client.get("/api/v1/requests", params={"page_size": 2, "page": 2})).json()
    assert (page["total"], page["page"], len(page["items"])) == (5, 2, 2)
    assert [item["tmdb_id"] for item in page["items"]] == [3, 2]

    cancelled = (await client.get("/api/v1/requests", params={"status": "CANCELLED"})).json()
    assert [item["id"] for item in cancelled["items"]] == [1]
    both = (
        await client.get("/api/v1/requests", params=[("status", "CANCELLED"), ("status", "PENDING")])
    ).json()
    assert both["total"] == 5

    bad = await client.get("/api/v1/requests", params={"status": "LOST"})
    assert bad.status_code == 422


async def test_cancel_writes_the_timeline_and_is_idempotent(client: httpx.AsyncClient) -> None:
    created = (await client.post("/api/v1/requests", json=MATRIX)).json()
    cancelled = await client.delete(f"/api/v1/requests/{created['id']}")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "CANCELLED"
    again = await client.delete(f"/api/v1/requests/{created['id']}")
    assert again.status_code == 200
    timeline = (await client.get(f"/api/v1/requests/{created['id']}")).json()["timeline"]
    assert [(e["to_status"], e["reason"]) for e in timeline] == [
        ("PENDING", "Requested"),
        ("CANCELLED", "Cancelled by a script (API key)"),
    ]


async def test_an_available_request_cannot_be_cancelled(client: httpx.AsyncClient, db: AsyncSession) -> None:
    await factories.library_item(db, "1", "The Matrix", tmdb_id=603)
    created = (await client.post("/api/v1/requests", json=MATRIX)).json()
    response = await client.delete(f"/api/v1/requests/{created['id']}")
    assert response.status_code == 409
    assert response.json() == {"detail": "a request that is AVAILABLE cannot be cancelled"}


async def test_missing_request_is_a_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/requests/999")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "request 999 does not exist",
        "code": "request_not_found",
        "params": {},
    }


async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/health")).json() == {"status": "ok"}
    ready = await client.get("/api/v1/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"]["ok"] and ready.json()["checks"]["broker"]["ok"]


async def test_task_status_of_a_queued_request(client: httpx.AsyncClient) -> None:
    created = (await client.post("/api/v1/requests", json=MATRIX)).json()
    status = (await client.get(f"/api/v1/tasks/status/{created['celery_task_id']}")).json()
    assert status == {"task_id": created["celery_task_id"], "status": "PENDING", "task_name": None}


async def test_cancelling_a_requests_task_cancels_the_request(client: httpx.AsyncClient) -> None:
    created = (await client.post("/api/v1/requests", json=MATRIX)).json()
    response = await client.delete(f"/api/v1/tasks/cancel/{created['celery_task_id']}")
    assert response.json() == {
        "status": "cancelled",
        "task_id": created["celery_task_id"],
        "request_id": created["id"],
    }
    assert (await client.get(f"/api/v1/requests/{created['id']}")).json()["status"] == "CANCELLED"


def test_openapi_operation_ids_are_the_function_names() -> None:
    from app.main import app

    operation_ids = {op["operationId"] for path in app.openapi()["paths"].values() for op in path.values()}
    assert {
        "create_request",
        "list_requests",
        "get_request",
        "cancel_request",
        "get_task_status",
        "get_task_stats",
        "list_active_tasks",
        "cancel_task",
        "get_health",
        "get_ready",
    } <= operation_ids
