"""First-run setup, choosing a profile, the session cookie and its idle expiry."""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import get_settings
from app.profiles import lookup
from app.profiles.models import ApiKey, Profile, Role
from tests.integration.auth.conftest import Family
from tests.support.auth import app_client

pytestmark = pytest.mark.integration


def _cookie_attributes(response: httpx.Response) -> dict[str, str | bool]:
    raw = response.headers["set-cookie"]
    morsel = SimpleCookie(raw)["kiosk_session"]
    flags = {part.strip().lower() for part in raw.split(";")}
    return {
        "httponly": "httponly" in flags,
        "secure": "secure" in flags,
        "samesite": str(morsel["samesite"]).lower(),
        "path": morsel["path"],
        "max-age": morsel["max-age"],
    }


async def test_first_run_setup_makes_the_admin_signs_in_and_shows_the_key_once(
    anonymous: httpx.AsyncClient, db: AsyncSession
) -> None:
    before = (await anonymous.get("/api/v1/auth/session")).json()
    assert before == {"viewer": None, "needs_setup": True, "idle_seconds": 120}
    assert (await anonymous.get("/api/v1/profiles/picker")).json() == {"needs_setup": True, "profiles": []}

    response = await anonymous.post(
        "/api/v1/auth/setup",
        json={"name": "Papa", "secret": {"kind": "pin", "value": "2468"}, "avatar": "🦊", "language": "fr"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["profile"]["name"], body["profile"]["role"], body["profile"]["secret_kind"]) == (
        "Papa",
        "admin",
        "pin",
    )
    key = body["api_key"]["api_key"]
    assert key.startswith("pk_") and body["api_key"]["hint"] == key[:7]

    # Signed in at once: the admin area opens without picking the profile again.
    assert (await anonymous.get("/api/v1/profiles")).status_code == 200
    async with app_client(api_key=key) as script:
        assert (await script.get("/api/v1/tasks/stats")).status_code != 401

    again = await anonymous.post(
        "/api/v1/auth/setup", json={"name": "Intrus", "secret": {"kind": "pin", "value": "0000"}}
    )
    assert again.status_code == 409
    assert "already set up" in again.json()["detail"]
    assert await db.scalar(select(func.count()).select_from(Profile)) == 1
    assert await db.scalar(select(func.count()).select_from(ApiKey)) == 1


async def test_setup_refuses_a_short_pin_and_a_pinless_admin(anonymous: httpx.AsyncClient) -> None:
    short = await anonymous.post("/api/v1/auth/setup", json={"name": "Papa", "secret": {"value": "12a4"}})
    assert short.status_code == 422
    assert short.json()["detail"] == "a PIN is 4 to 8 digits"
    missing = await anonymous.post("/api/v1/auth/setup", json={"name": "Papa"})
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["secret"]


async def test_two_setups_at_once_make_one_admin(anonymous: httpx.AsyncClient, db: AsyncSession) -> None:
    bodies = [{"name": f"Admin {i}", "secret": {"kind": "pin", "value": "2468"}} for i in range(4)]
    answers = await asyncio.gather(*(anonymous.post("/api/v1/auth/setup", json=b) for b in bodies))
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409]
    assert await db.scalar(select(func.count()).select_from(Profile).where(Profile.role == Role.ADMIN)) == 1


async def test_picking_a_profile_with_its_pin_starts_a_strict_httponly_session(
    anonymous: httpx.AsyncClient, family: Family
) -> None:
    picker = (await anonymous.get("/api/v1/profiles/picker")).json()
    assert picker["needs_setup"] is False
    assert [(p["name"], p["secret_kind"]) for p in picker["profiles"]] == [
        ("Papa", "pin"),
        ("Léa", None),
        ("Emma", "pin"),
    ]
    assert all(
        set(p) == {"id", "name", "avatar", "color", "language", "secret_kind"} for p in picker["profiles"]
    )

    wrong = await anonymous.post(
        "/api/v1/auth/session", json={"profile_id": family.child.id, "secret": "0000"}
    )
    assert wrong.status_code == 401
    assert wrong.json() == {
        "detail": "Code incorrect : encore 4 essais avant un blocage de 5 minutes.",
        "tries_left": 4,
        "code": "wrong_secret",
        "params": {"tries_left": 4, "password": False},
    }
    assert "set-cookie" not in wrong.headers

    response = await anonymous.post(
        "/api/v1/auth/session", json={"profile_id": family.child.id, "secret": "1357"}
    )
    assert response.status_code == 200
    assert response.json()["viewer"]["name"] == "Emma"
    assert response.json()["viewer"]["role"] == "child"
    assert _cookie_attributes(response) == {
        "httponly": True,
        "secure": False,  # plain http here; https (or X-Forwarded-Proto: https behind Nginx) adds Secure
        "samesite": "strict",
        "path": "/api",
        "max-age": "120",
    }
    state = (await anonymous.get("/api/v1/auth/session")).json()
    assert state["viewer"]["name"] == "Emma"

    signed_out = await anonymous.delete("/api/v1/auth/session")
    assert signed_out.status_code == 204
    assert (await anonymous.get("/api/v1/auth/session")).json()["viewer"] is None
    assert (await anonymous.get("/api/v1/requests")).status_code == 401


async def test_the_cookie_is_secure_over_https(family: Family, db: AsyncSession) -> None:
    async with app_client() as http:
        http.base_url = httpx.URL("https://kiosk.test")
        response = await http.post("/api/v1/auth/session", json={"profile_id": family.member.id})
    assert _cookie_attributes(response)["secure"] is True


async def test_a_profile_without_pin_is_picked_with_a_tap(
    anonymous: httpx.AsyncClient, family: Family
) -> None:
    response = await anonymous.post("/api/v1/auth/session", json={"profile_id": family.member.id})
    assert response.status_code == 200
    assert (await anonymous.get("/api/v1/requests")).status_code == 200
    missing = await anonymous.post("/api/v1/auth/session", json={"profile_id": 999})
    assert missing.status_code == 404


async def test_the_session_slides_with_activity_and_ends_after_the_idle_time(
    anonymous: httpx.AsyncClient, family: Family, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "session_idle_minutes", 3 / 60)  # three seconds
    await anonymous.post("/api/v1/auth/session", json={"profile_id": family.member.id})
    for _ in range(4):  # 4.8 s of use in all, never 3 s idle: each call renews the cookie
        await asyncio.sleep(1.2)
        answer = await anonymous.get("/api/v1/requests")
        assert answer.status_code == 200
        assert "kiosk_session=" in answer.headers["set-cookie"]

    # The browser would drop the cookie at Max-Age; the server must refuse it too if it is replayed.
    last_cookie = anonymous.cookies["kiosk_session"]
    await asyncio.sleep(4.2)
    async with app_client() as replay:
        expired = await replay.get("/api/v1/requests", headers={"Cookie": f"kiosk_session={last_cookie}"})
        assert expired.status_code == 401
        assert expired.json()["detail"].startswith("The session ended after a while without activity")
        assert 'kiosk_session=""' in expired.headers["set-cookie"]  # telling the browser to drop it


async def test_a_fresh_cookie_is_not_signed_again_on_every_call(
    anonymous: httpx.AsyncClient, family: Family, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "session_idle_minutes", 20 / 60)  # renewed after 2 s
    await anonymous.post("/api/v1/auth/session", json={"profile_id": family.member.id})
    first = await anonymous.get("/api/v1/requests")
    assert first.status_code == 200
    assert "set-cookie" not in first.headers
    await asyncio.sleep(3.1)  # the stamp counts whole seconds
    later = await anonymous.get("/api/v1/requests")
    assert "kiosk_session=" in later.headers["set-cookie"]


async def test_a_forged_cookie_is_refused(anonymous: httpx.AsyncClient, family: Family) -> None:
    anonymous.cookies.set("kiosk_session", "eyJwIjoxLCJlIjowfQ.forged.signature")
    response = await anonymous.get("/api/v1/requests")
    assert response.status_code == 401
    assert response.json()["detail"] == "This session is no longer valid: pick your profile again."


async def test_a_new_pin_or_role_ends_the_profiles_open_sessions(family: Family) -> None:
    async with app_client(profile=family.child) as emma, app_client(profile=family.admin) as papa:
        assert (await emma.get("/api/v1/requests")).status_code == 200
        changed = await papa.put(f"/api/v1/profiles/{family.child.id}/secret", json={"value": "9999"})
        assert changed.status_code == 200
        assert (await emma.get("/api/v1/requests")).status_code == 401

    async with app_client(profile=family.member) as lea, app_client(profile=family.admin) as papa:
        assert (await lea.get("/api/v1/requests")).status_code == 200
        await papa.patch(f"/api/v1/profiles/{family.member.id}", json={"role": "child"})
        assert (await lea.get("/api/v1/requests")).status_code == 401


async def test_deleting_a_profile_ends_its_sessions_at_once(family: Family) -> None:
    async with app_client(profile=family.member) as lea, app_client(profile=family.admin) as papa:
        assert (await lea.get("/api/v1/requests")).status_code == 200
        assert (await papa.delete(f"/api/v1/profiles/{family.member.id}")).status_code == 204
        assert (await lea.get("/api/v1/requests")).status_code == 401


async def test_a_change_made_by_another_process_ends_the_sessions_within_a_second(
    family: Family, db: AsyncSession
) -> None:
    async with app_client(profile=family.member) as lea:
        assert (await lea.get("/api/v1/requests")).status_code == 200
        # What the CLI or a second API worker would do: a commit this process's ORM never sees.
        await db.execute(
            text("UPDATE profiles SET session_epoch = session_epoch + 1 WHERE id = :id"),
            {"id": family.member.id},
        )
        await db.commit()
        await asyncio.sleep(lookup.FRESH_FOR)
        assert (await lea.get("/api/v1/requests")).status_code == 401
