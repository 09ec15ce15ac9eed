"""/api/v1/ready: anyone learns ok or not; only parents (and the API key) learn which part fails and why,
and never an address or a password."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.application import celery_app
from app.profiles.models import Role
from tests import factories
from tests.support.auth import app_client

pytestmark = pytest.mark.integration

BROKER_PASSWORD = "s3cret-broker-pw"  # a password the answers must not show


@pytest.fixture
def broker_away() -> Iterator[None]:
    """The broker address points at a closed port (with a password in it): every connection is refused."""
    # The write URL, as CELERY_BROKER_URL in the environment would win over a changed broker_url.
    kept = celery_app.conf.broker_write_url
    celery_app.conf.broker_write_url = f"redis://kiosk:{BROKER_PASSWORD}@127.0.0.1:1/0"
    yield
    celery_app.conf.broker_write_url = kept


async def test_anyone_learns_only_that_it_is_ready(client: httpx.AsyncClient, db: AsyncSession) -> None:
    async with app_client() as anonymous:
        ready = await anonymous.get("/api/v1/ready")
    assert (ready.status_code, ready.json()) == (200, {"status": "ok"})
    parent = await client.get("/api/v1/ready")
    assert parent.json() == {"status": "ok", "checks": {"database": {"ok": True}, "broker": {"ok": True}}}


async def test_when_the_broker_is_away_only_parents_learn_which_and_why(
    client: httpx.AsyncClient, db: AsyncSession, broker_away: None
) -> None:
    lea = await factories.profile(db, "Léa")
    papa = await factories.profile(db, "Papa", Role.ADMIN)
    async with (
        app_client() as anonymous,
        app_client(profile=lea) as member,
        app_client(profile=papa) as admin,
    ):
        answers = {
            "anonymous": await anonymous.get("/api/v1/ready"),
            "member": await member.get("/api/v1/ready"),
            "admin": await admin.get("/api/v1/ready"),
            "api key": await client.get("/api/v1/ready"),
        }
    assert {who: a.status_code for who, a in answers.items()} == dict.fromkeys(answers, 503)
    assert answers["anonymous"].json() == {"status": "unavailable"}
    assert answers["member"].json() == {"status": "unavailable"}
    for who in ("admin", "api key"):
        body = answers[who].json()
        assert body["status"] == "unavailable"
        assert body["checks"]["database"] == {"ok": True}
        assert body["checks"]["broker"]["ok"] is False
        assert (
            "Connection refused" in body["checks"]["broker"]["error"]
            or "111" in body["checks"]["broker"]["error"]
        )
    for answer in answers.values():
        assert BROKER_PASSWORD not in answer.text
        assert "postgresql" not in answer.text and "redis://" not in answer.text
