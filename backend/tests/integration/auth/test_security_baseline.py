"""Security headers, the request body limit, CORS, and secrets that never leave the server."""

from __future__ import annotations

import logging

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import get_settings
from app.profiles.models import ApiKey, Profile
from tests import factories
from tests.integration.auth.conftest import Family
from tests.integration.auth.test_route_policy import ROUTES
from tests.support.auth import app_client

pytestmark = pytest.mark.integration

MATRIX = {"media_type": "movie", "tmdb_id": 603, "title": "The Matrix"}


async def test_api_answers_carry_the_security_headers(anonymous: httpx.AsyncClient) -> None:
    for answer in (await anonymous.get("/api/v1/health"), await anonymous.get("/api/v1/requests")):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["cache-control"] == "no-store"


async def test_an_oversized_body_is_refused_with_a_readable_413(client: httpx.AsyncClient) -> None:
    limit = get_settings().max_request_body_bytes
    declared = await client.post(
        "/api/v1/requests", content=b"{" + b" " * limit + b"}", headers={"Content-Type": "application/json"}
    )
    assert declared.status_code == 413
    assert declared.json() == {"detail": "The request body is too large (the limit is 1024 KiB)."}

    async def chunks():  # no Content-Length: the body is counted as it arrives
        for _ in range(20):
            yield b" " * (limit // 10)

    streamed = await client.post(
        "/api/v1/requests", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    assert streamed.json()["detail"].startswith("The request body is too large")
    assert (await client.post("/api/v1/requests", json=MATRIX)).status_code == 201


async def test_cors_answers_only_the_allowed_origins(anonymous: httpx.AsyncClient) -> None:
    allowed = get_settings().cors_origins[0]
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ok = await anonymous.options("/api/v1/requests", headers={"Origin": allowed, **preflight})
    assert ok.headers["access-control-allow-origin"] == allowed
    assert ok.headers["access-control-allow-credentials"] == "true"
    evil = await anonymous.options(
        "/api/v1/requests", headers={"Origin": "https://evil.example", **preflight}
    )
    assert "access-control-allow-origin" not in evil.headers


async def _secrets(db: AsyncSession, api_key: str) -> list[str]:
    hashes = [p.pin_hash for p in (await db.scalars(select(Profile))).all() if p.pin_hash]
    key_hashes = [k.key_hash for k in (await db.scalars(select(ApiKey))).all()]
    return [*hashes, *key_hashes, api_key, "$argon2"]


async def test_no_answer_contains_a_pin_hash_or_the_api_key(family: Family, db: AsyncSession) -> None:
    key = await factories.api_key(db)
    secrets = await _secrets(db, key)
    assert len(secrets) == 5  # two PIN hashes (Léa has none), the key's hash, the key, the argon2 marker
    for route in ROUTES:
        if route.method != "GET":
            continue
        url = route.path
        for param in route.dependant.path_params:
            url = url.replace("{" + param.name + "}", "1")
        for client in (app_client(profile=family.admin), app_client(api_key=key), app_client()):
            async with client as http:
                answer = await http.get(url)
            leaked = [s[:12] for s in secrets if s in answer.text]
            assert leaked == [], f"GET {url} answered a secret"


async def test_no_log_line_contains_a_pin_or_the_api_key(
    anonymous: httpx.AsyncClient, db: AsyncSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    setup = await anonymous.post(
        "/api/v1/auth/setup", json={"name": "Papa", "secret": {"kind": "pin", "value": "864213"}}
    )
    key = setup.json()["api_key"]["api_key"]
    admin_id = setup.json()["profile"]["id"]
    await anonymous.post("/api/v1/auth/session", json={"profile_id": admin_id, "secret": "975319"})
    await anonymous.post("/api/v1/auth/session", json={"profile_id": admin_id, "secret": "864213"})
    rotated = (await anonymous.post("/api/v1/auth/api-key")).json()["api_key"]
    await anonymous.put(f"/api/v1/profiles/{admin_id}/secret", json={"value": "13572468"})
    async with app_client(api_key=rotated) as script:
        await script.get("/api/v1/requests", headers={"X-Api-Key": rotated})
    logged = caplog.text
    for secret in ("864213", "975319", "13572468", key, rotated, *(await _secrets(db, rotated))):
        assert secret not in logged
