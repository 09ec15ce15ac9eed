"""Bad input is refused alone, with a 422 a person can read (issue 21, item 2).

A title holding U+0000 or a `requested_by` of 2**31 used to reach PostgreSQL and fail every request written
with it (500s). Now they are refused before any write, in the caller's language, and the requests sent at
the same moment are answered and written as usual.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.models import MediaRequest
from app.profiles.models import Role
from tests import factories
from tests.support.auth import app_client

pytestmark = pytest.mark.integration

TOO_BIG = 2**31


def _film(tmdb_id: int, title: str = "Amélie") -> dict[str, object]:
    return {"media_type": "movie", "tmdb_id": tmdb_id, "title": title, "year": 2001}


async def _count(db: AsyncSession) -> int:
    return await db.scalar(select(func.count()).select_from(MediaRequest)) or 0


async def test_a_nul_in_a_title_is_refused_alone_among_concurrent_requests(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    lea = await factories.profile(db, "Léa", language="fr")
    async with app_client(profile=lea) as kiosk:
        calls = [kiosk.post("/api/v1/requests", json=_film(100 + n, f"Film {n}")) for n in range(11)]
        calls.insert(5, kiosk.post("/api/v1/requests", json=_film(99, "Am\x00élie")))
        answers = await asyncio.gather(*calls)

    statuses = [answer.status_code for answer in answers]
    assert statuses == [201] * 5 + [422] + [201] * 6
    refused = answers[5].json()
    assert refused["errors"] == [
        {"field": "title", "message": "ne doit pas contenir de caractère de contrôle (U+0000 trouvé)"}
    ]
    assert refused["detail"] == (
        "Requête invalide — title : ne doit pas contenir de caractère de contrôle (U+0000 trouvé)"
    )
    assert await _count(db) == 11


async def test_ids_past_int32_are_refused_wherever_they_come_in(client: httpx.AsyncClient) -> None:
    body = await client.post("/api/v1/requests", json={**_film(603), "requested_by": TOO_BIG})
    assert body.status_code == 422
    assert body.json()["errors"] == [{"field": "requested_by", "message": f"must be at most {TOO_BIG - 1}"}]
    for path in (
        f"/api/v1/requests/{TOO_BIG}",
        f"/api/v1/requests?requested_by={TOO_BIG}",
        f"/api/v1/requests?page={TOO_BIG}",
        f"/api/v1/settings/indexers/{TOO_BIG}/test",
    ):
        method = "POST" if path.endswith("/test") else "GET"
        answer = await client.request(method, path)
        assert answer.status_code == 422, path
    assert (await client.patch(f"/api/v1/profiles/{TOO_BIG}", json={"name": "Léa"})).status_code == 422
    assert (await client.post("/api/v1/requests", json=_film(TOO_BIG))).status_code == 422
    # The largest id that fits is an ordinary unknown id.
    assert (await client.get(f"/api/v1/requests/{TOO_BIG - 1}")).status_code == 404


async def test_control_characters_in_query_and_path_are_refused(client: httpx.AsyncClient) -> None:
    for path in ("/api/v1/library?query=am%00lie", "/api/v1/tasks/status/abc%1Bdef"):
        answer = await client.get(path)
        assert answer.status_code == 422, path
        assert "U+00" in answer.json()["detail"]


async def test_the_error_speaks_the_callers_language(client: httpx.AsyncClient, db: AsyncSession) -> None:
    tom = await factories.profile(db, "Tom", language="en")
    async with app_client(profile=tom) as kiosk:
        english = await kiosk.post("/api/v1/requests", json=_film(603, "Tab\there"))
    assert english.json()["detail"] == (
        "Invalid request — title: must not contain a control character (found U+0009)"
    )
    # A script says which language it wants; the kiosk always sends the household's.
    french = await client.post(
        "/api/v1/requests", json=_film(603, "\x1b[31m"), headers={"Accept-Language": "fr-FR,fr;q=0.9"}
    )
    assert french.json()["errors"][0]["message"].startswith("ne doit pas contenir")


async def test_a_denial_reason_may_span_lines_but_not_hold_a_nul(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    child = await factories.profile(db, "Zoé", Role.CHILD)
    async with app_client(profile=child) as kiosk:
        asked = await kiosk.post("/api/v1/requests", json=_film(603))
    assert asked.json()["status"] == "AWAITING_APPROVAL"
    deny = f"/api/v1/requests/{asked.json()['id']}/deny"
    assert (await client.post(deny, json={"reason": "Trop tard\x00"})).status_code == 422
    denied = await client.post(deny, json={"reason": "Trop tard ce soir.\nDemande-le samedi."})
    assert denied.status_code == 200
    assert denied.json()["status"] == "DENIED"
