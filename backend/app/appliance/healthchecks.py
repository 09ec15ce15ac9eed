"""What each container's healthcheck asks (`plex-kiosk health …`): one question per role, one line of answer.

Docker runs these every few seconds inside the container, so each asks only about its own process: the API
its /health route, a worker whether its own node answers a ping, Beat whether it renews its own lease, Flower
its /healthcheck page. `depends_on: condition: service_healthy` waits on these answers.
"""

from __future__ import annotations

import asyncio
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from celery.utils.nodenames import host_format
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import create_engine, utcnow


@dataclass(frozen=True)
class Health:
    """The answer a healthcheck prints; the exit code follows `ok`."""

    ok: bool
    message: str


def http_ok(url: str, *, timeout_s: float = 3.0) -> Health:
    """Whether `url` answers 200 (the API's /api/v1/health, Flower's /healthcheck)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310 - our own loopback URL
            status = response.status
    except urllib.error.HTTPError as exc:
        return Health(False, f"{url} answered HTTP {exc.code}")
    except OSError as exc:
        return Health(False, f"{url} does not answer ({exc})")
    return Health(status == 200, f"{url} answered HTTP {status}")


def worker_answers(node: str, *, timeout_s: float = 3.0) -> Health:
    """Whether the worker named `node` (%h: this host's name, as in `celery worker -n`) answers a ping.

    Its own node only: a healthy worker elsewhere must not keep a stuck one marked healthy.
    """
    from app.celery_app.application import celery_app

    name = host_format(node)
    replies = celery_app.control.ping(destination=[name], timeout=timeout_s)
    if any(name in reply for reply in replies):
        return Health(True, f"{name} answered")
    return Health(False, f"{name} did not answer a ping within {timeout_s:g} s")


async def _beat_lease(database_url: str) -> tuple[str, float] | None:
    """The Beat lease's holder and how long ago it was last renewed (seconds), if anyone holds it."""
    from app.celery_app.beat import LEASE_NAME, LEASE_TTL_S
    from app.locks.models import JobLock

    engine = create_engine(database_url, pool=False)
    try:
        async with AsyncSession(engine) as session:
            row = (
                await session.execute(
                    select(JobLock.owner, JobLock.expires_at).where(JobLock.name == LEASE_NAME)
                )
            ).first()
    finally:
        await engine.dispose()
    if row is None:
        return None
    renewed_at = row.expires_at - timedelta(seconds=LEASE_TTL_S)
    return row.owner, (utcnow() - renewed_at).total_seconds()


def beat_renews_its_lease(database_url: str, *, max_age_s: float | None = None) -> Health:
    """Whether the Beat of this host holds the single-Beat lease and renewed it within `max_age_s`.

    Beat renews every RENEW_EVERY_S; past the lease's TTL another Beat could take over: the default limit.
    """
    from app.celery_app.beat import LEASE_TTL_S

    limit = LEASE_TTL_S if max_age_s is None else max_age_s
    try:
        lease = asyncio.run(_beat_lease(database_url))
    except (SQLAlchemyError, OSError) as exc:
        return Health(False, f"cannot read the Beat lease ({type(exc).__name__})")
    if lease is None:
        return Health(False, "no Beat holds the lease")
    owner, age = lease
    host = owner.split(":", 1)[0]
    if host != socket.gethostname():
        return Health(False, f"the lease is held by a Beat on {host}, not this one")
    if age > limit:
        return Health(False, f"the lease was last renewed {age:.0f} s ago (more than {limit:g} s)")
    return Health(True, f"lease renewed {age:.0f} s ago by {owner}")
