"""A household for the auth tests: an admin with a PIN, a member, and a child who waits for approval."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.profiles.models import Profile, Role
from tests import factories
from tests.support.auth import app_client


@dataclass
class Family:
    """The profiles of the test household."""

    admin: Profile
    member: Profile
    child: Profile


@pytest.fixture
async def family(db: AsyncSession) -> Family:
    """Papa (admin, PIN 2468), Léa (member, no PIN), Emma (child, PIN 1357, not auto-approved)."""
    return Family(
        admin=await factories.profile(db, "Papa", Role.ADMIN, language="en"),
        member=await factories.profile(db, "Léa", Role.MEMBER),
        child=await factories.profile(db, "Emma", Role.CHILD, pin="1357"),
    )


@pytest.fixture
async def anonymous(db: AsyncSession, broker: redis.Redis) -> AsyncIterator[httpx.AsyncClient]:
    """A browser at the kiosk with nobody signed in."""
    async with app_client() as http:
        yield http
