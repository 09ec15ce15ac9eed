"""The scripts' API key, and the admin's management of the family's profiles."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.profiles.models import ApiKey, Profile
from tests import factories
from tests.conftest import TEST_DATA_DIR
from tests.integration.auth.conftest import Family
from tests.processes import BACKEND
from tests.support.auth import app_client

pytestmark = pytest.mark.integration


async def test_a_rotated_key_replaces_the_old_one_at_once(family: Family, db: AsyncSession) -> None:
    old = await factories.api_key(db)
    async with app_client(profile=family.admin) as papa, app_client(api_key=old) as script:
        assert (await script.get("/api/v1/profiles")).status_code == 200
        info = (await papa.get("/api/v1/auth/api-key")).json()
        assert info["hint"] == old[:7] and set(info) == {"hint", "created_at"}

        rotated = await papa.post("/api/v1/auth/api-key")
        assert rotated.status_code == 201
        new = rotated.json()["api_key"]
        assert new != old

        refused = await script.get("/api/v1/profiles")
        assert refused.status_code == 401
        assert refused.json()["detail"] == "The API key is not valid (it may have been rotated)."
    async with app_client(api_key=new) as script:
        assert (await script.get("/api/v1/profiles")).status_code == 200
    stored = (await db.scalars(select(ApiKey))).all()
    assert [row.key_hash for row in stored] != [new] and len(stored) == 1


async def test_a_wrong_key_is_refused_even_with_a_signed_in_cookie(family: Family) -> None:
    async with app_client(profile=family.admin) as papa:
        answer = await papa.get("/api/v1/profiles", headers={"X-Api-Key": "pk_guess"})
    assert answer.status_code == 401


async def test_members_and_children_cannot_manage_profiles_or_the_key(family: Family) -> None:
    for profile in (family.member, family.child):
        async with app_client(profile=profile) as someone:
            for method, path in (
                ("GET", "/api/v1/profiles"),
                ("POST", "/api/v1/auth/api-key"),
                ("PATCH", f"/api/v1/profiles/{profile.id}"),
            ):
                answer = await someone.request(method, path, json={"role": "admin"})
                assert answer.status_code == 403, (profile.name, path)
                assert answer.json()["detail"] == "Only a parent (an admin profile) can do this."


async def test_an_admin_manages_profiles(family: Family, db: AsyncSession) -> None:
    async with app_client(profile=family.admin) as papa:
        made = await papa.post(
            "/api/v1/profiles",
            json={
                "name": "Jules",
                "role": "child",
                "avatar": "🐢",
                "color": "#2266aa",
                "secret": {"value": "4321"},
                "max_rating": "pg-13",
                "movie_quota": 3,
                "movie_quota_days": 7,
            },
        )
        assert made.status_code == 201
        jules = made.json()
        assert (jules["max_rating"], jules["auto_approve"], jules["secret_kind"]) == ("PG-13", False, "pin")

        duplicate = await papa.post("/api/v1/profiles", json={"name": "Jules"})
        assert (duplicate.status_code, duplicate.json()["detail"]) == (
            409,
            "a profile named 'Jules' already exists",
        )
        bad_rating = await papa.post("/api/v1/profiles", json={"name": "X", "max_rating": "PG-15"})
        assert bad_rating.status_code == 422
        half_quota = await papa.patch(f"/api/v1/profiles/{jules['id']}", json={"movie_quota_days": None})
        assert half_quota.status_code == 409

        edited = await papa.patch(
            f"/api/v1/profiles/{jules['id']}",
            json={"auto_approve": True, "max_rating": None, "movie_quota": 5},
        )
        assert edited.status_code == 200
        assert (edited.json()["auto_approve"], edited.json()["max_rating"], edited.json()["movie_quota"]) == (
            True,
            None,
            5,
        )
        cleared = await papa.delete(f"/api/v1/profiles/{jules['id']}/secret")
        assert cleared.json()["secret_kind"] is None
        password = await papa.put(
            f"/api/v1/profiles/{jules['id']}/secret", json={"kind": "password", "value": "longenough"}
        )
        assert password.status_code == 409  # passwords are for admins; children use a PIN

        assert (await papa.delete(f"/api/v1/profiles/{jules['id']}")).status_code == 204
        assert await db.get(Profile, jules["id"]) is None
        assert (await papa.delete(f"/api/v1/profiles/{jules['id']}")).status_code == 404


async def test_the_last_admin_stays_an_admin_with_a_pin(family: Family) -> None:
    async with app_client(profile=family.admin) as papa:
        demote = await papa.patch(f"/api/v1/profiles/{family.admin.id}", json={"role": "member"})
        assert demote.status_code == 409
        assert demote.json()["detail"] == "this is the last admin profile: make another admin first"
        assert (await papa.delete(f"/api/v1/profiles/{family.admin.id}")).status_code == 409
        assert (await papa.delete(f"/api/v1/profiles/{family.admin.id}/secret")).status_code == 409
        promote = await papa.patch(f"/api/v1/profiles/{family.member.id}", json={"role": "admin"})
        assert promote.json()["detail"] == "an admin profile needs a PIN or a password"


async def test_an_admin_may_use_a_password(family: Family, anonymous: httpx.AsyncClient) -> None:
    async with app_client(profile=family.admin) as papa:
        changed = await papa.put(
            f"/api/v1/profiles/{family.admin.id}/secret", json={"kind": "password", "value": "correct horse"}
        )
        assert changed.json()["secret_kind"] == "password"
    wrong = await anonymous.post(
        "/api/v1/auth/session", json={"profile_id": family.admin.id, "secret": "2468"}
    )
    assert wrong.json()["detail"] == "Wrong password: 4 tries left before a 5-minute lock."
    right = await anonymous.post(
        "/api/v1/auth/session", json={"profile_id": family.admin.id, "secret": "correct horse"}
    )
    assert right.status_code == 200


def test_create_admin_from_the_command_line(db: AsyncSession, migrated_database: str) -> None:
    def run(*args: str, answers: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.appliance.cli", "create-admin", *args],
            cwd=BACKEND,
            input=answers,
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": migrated_database, "DATA_DIR": str(TEST_DATA_DIR)},
        )

    made = run("--name", "Maman", answers="97531\n97531\n")
    assert made.returncode == 0, made.stderr
    assert "Admin profile 'Maman' created" in made.stdout
    key_line = [line for line in made.stdout.splitlines() if line.startswith("API key for scripts")]
    assert len(key_line) == 1 and "pk_" in key_line[0]
    assert "97531" not in made.stdout + made.stderr

    short = run("--name", "Papi", answers="12\n12\n")
    assert short.returncode == 1
    assert "a PIN is 4 to 8 digits" in short.stderr
    second = run("--name", "Papi", "--password", answers="long password\nlong password\n")
    assert second.returncode == 0, second.stderr
    assert "API key" not in second.stdout  # the key exists already: it is never printed again
