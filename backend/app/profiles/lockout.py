"""Wrong-PIN limits: 5 failures within 5 minutes lock the profile, or the client, for 5 minutes.

Failures are rows in the database (not Redis) so the limit holds in embedded mode too, and across
API processes. A lock is counted per profile (someone guessing one PIN from several devices) and per
client address (someone trying every profile from one device).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.profiles.models import PinFailure

MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=5)

Scope = Literal["profile", "client"]


@dataclass(frozen=True)
class Lock:
    """Sign-in refused until `until`, because of too many failures for `scope`."""

    until: datetime
    scope: Scope


def lock_until(failures: Sequence[datetime], now: datetime) -> datetime | None:
    """When a lock made by `failures` ends, or None when they do not lock (fewer than 5 in 5 minutes)."""
    recent = sorted(at for at in failures if now - at < LOCK_DURATION)
    if len(recent) < MAX_FAILURES:
        return None
    # The lock lasts until the oldest of the last five failures is five minutes old.
    return recent[-MAX_FAILURES] + LOCK_DURATION


def tries_left(failures: Sequence[datetime], now: datetime) -> int:
    """How many more wrong attempts the window allows before a lock."""
    recent = sum(1 for at in failures if now - at < LOCK_DURATION)
    return max(0, MAX_FAILURES - recent)


async def _failures(
    session: AsyncSession, profile_id: int, client: str, now: datetime
) -> tuple[list[datetime], list[datetime]]:
    rows = await session.execute(
        select(PinFailure.profile_id, PinFailure.client, PinFailure.failed_at).where(
            PinFailure.failed_at > now - LOCK_DURATION,
            (PinFailure.profile_id == profile_id) | (PinFailure.client == client),
        )
    )
    by_profile: list[datetime] = []
    by_client: list[datetime] = []
    for row_profile, row_client, failed_at in rows:
        if row_profile == profile_id:
            by_profile.append(failed_at)
        if row_client == client:
            by_client.append(failed_at)
    return by_profile, by_client


async def current_lock(session: AsyncSession, *, profile_id: int, client: str, now: datetime) -> Lock | None:
    """The lock that refuses this profile from this client right now, if any (the longer of the two)."""
    by_profile, by_client = await _failures(session, profile_id, client, now)
    scopes: tuple[tuple[Scope, list[datetime]], ...] = (("profile", by_profile), ("client", by_client))
    locks = [
        Lock(until=until, scope=scope)
        for scope, failures in scopes
        if (until := lock_until(failures, now)) is not None and until > now
    ]
    return max(locks, key=lambda lock: lock.until, default=None)


async def record_failure(session: AsyncSession, *, profile_id: int, client: str, now: datetime) -> int:
    """Count a wrong attempt (committed) and return how many tries are left before a lock."""
    # Old rows are of no use any more; dropping them here keeps the table a few rows long.
    await session.execute(delete(PinFailure).where(PinFailure.failed_at <= now - LOCK_DURATION))
    session.add(PinFailure(profile_id=profile_id, client=client[:64], failed_at=now))
    await session.commit()
    by_profile, by_client = await _failures(session, profile_id, client[:64], now)
    return min(tries_left(by_profile, now), tries_left(by_client, now))


async def clear_failures(session: AsyncSession, *, profile_id: int) -> None:
    """Forget a profile's failures after a right PIN (not committed)."""
    await session.execute(delete(PinFailure).where(PinFailure.profile_id == profile_id))
