"""A household with notification targets on a loopback receiver: the parents (French) and Emma, a child
who waits for approval (English)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.profiles.models import Profile, Role
from tests import factories
from tests.support.auth import BASE_URL
from tests.support.notification_receiver import Receiver, receiving


@dataclass
class Household:
    """The profiles and the receiver their targets post to (/parents, /emma, /lea)."""

    receiver: Receiver
    emma: Profile
    lea: Profile


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as running:
        yield running


@pytest.fixture
async def household(client: httpx.AsyncClient, db: AsyncSession, receiver: Receiver) -> Household:
    """Every event to everyone who may hear it; links point at the test client's address."""
    emma = await factories.profile(db, "Emma", Role.CHILD, language="en")
    lea = await factories.profile(db, "Léa", Role.MEMBER)
    every = ["approved", "denied", "not_found", "available", "new_episodes", "failed"]
    saved = await client.put(
        "/api/v1/settings/notifications",
        json={
            "admin_targets": [{"url": receiver.url("parents")}],
            "admin_events": ["requested", "failed"],
            "profile_events": every,
            "language": "fr",
            "links_base_url": BASE_URL,
        },
    )
    assert saved.status_code == 200, saved.text
    for profile, path in ((emma, "emma"), (lea, "lea")):
        personal = await client.put(
            f"/api/v1/settings/notifications/profiles/{profile.id}",
            json={"targets": [{"url": receiver.url(path)}]},
        )
        assert personal.status_code == 200
    return Household(receiver, emma, lea)
