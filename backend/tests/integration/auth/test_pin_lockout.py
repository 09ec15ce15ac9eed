"""Five wrong PINs within five minutes lock the profile, and the device they came from, for five minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.profiles.models import PinFailure, Role
from tests import factories
from tests.integration.auth.conftest import Family
from tests.support.auth import app_client

pytestmark = pytest.mark.integration


async def _try(client_host: str, profile_id: int, secret: str) -> tuple[int, dict[str, object], str | None]:
    async with app_client(client_host=client_host) as kiosk:
        answer = await kiosk.post("/api/v1/auth/session", json={"profile_id": profile_id, "secret": secret})
    return answer.status_code, answer.json(), answer.headers.get("retry-after")


async def test_five_wrong_pins_lock_the_profile_even_with_the_right_pin(family: Family) -> None:
    emma = family.child.id
    answers = [await _try("10.0.0.1", emma, "0000") for _ in range(4)]
    assert [body["tries_left"] for _, body, _ in answers] == [4, 3, 2, 1]

    status, body, retry_after = await _try("10.0.0.1", emma, "0000")
    assert status == 423
    assert str(body["detail"]).startswith("Trop d'essais incorrects : bloqué 5 minutes. Réessayez à ")
    assert (body["code"], body["params"]) == ("locked", {"until": body["locked_until"]})
    assert retry_after is not None and 290 <= int(retry_after) <= 300

    # The right PIN does not get through the lock, from this device or another one.
    assert (await _try("10.0.0.1", emma, "1357"))[0] == 423
    assert (await _try("10.0.0.2", emma, "1357"))[0] == 423
    # Other profiles are still open from another device.
    assert (await _try("10.0.0.2", family.admin.id, "2468"))[0] == 200


async def test_the_lock_ends_after_five_minutes(family: Family, db: AsyncSession) -> None:
    for _ in range(5):
        await _try("10.0.0.1", family.child.id, "0000")
    assert (await _try("10.0.0.1", family.child.id, "1357"))[0] == 423
    await db.execute(update(PinFailure).values(failed_at=utcnow() - timedelta(minutes=5, seconds=1)))
    await db.commit()
    status, body, _ = await _try("10.0.0.1", family.child.id, "1357")
    assert (status, body["viewer"]["name"]) == (200, "Emma")  # type: ignore[index]


async def test_one_device_guessing_across_profiles_is_locked_out(family: Family, db: AsyncSession) -> None:
    other = await factories.profile(db, "Mamie", Role.MEMBER, pin="8642")
    for profile_id in (family.child.id, family.child.id, other.id, other.id, family.admin.id):
        await _try("10.0.0.9", profile_id, "0000")
    # Locked on this device for every profile, even with a right PIN...
    assert (await _try("10.0.0.9", other.id, "8642"))[0] == 423
    # ...while no profile reached five failures, so other devices are not affected.
    assert (await _try("10.0.0.3", other.id, "8642"))[0] == 200


async def test_a_right_pin_forgets_earlier_mistakes(family: Family) -> None:
    for _ in range(4):
        await _try("10.0.0.1", family.child.id, "0000")
    assert (await _try("10.0.0.1", family.child.id, "1357"))[0] == 200
    status, body, _ = await _try("10.0.0.4", family.child.id, "0000")
    assert (status, body["tries_left"]) == (401, 4)


async def test_profiles_without_a_pin_are_never_locked(family: Family) -> None:
    for _ in range(6):
        await _try("10.0.0.1", family.child.id, "0000")
    assert (await _try("10.0.0.1", family.member.id, ""))[0] == 200
