"""Exactly one Beat: a second one refuses to start while the first is alive (seed 000's warning)."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.beat import LEASE_NAME
from app.locks.models import JobLock
from app.locks.service import acquire_lease, lease_holder, release_lease
from tests.processes import BACKEND, celery_argv, running

pytestmark = pytest.mark.integration


async def _holder(db: AsyncSession) -> str | None:
    db.expire_all()
    return await db.scalar(select(JobLock.owner).where(JobLock.name == LEASE_NAME))


async def test_a_second_beat_refuses_to_start(db: AsyncSession, tmp_path: Path) -> None:
    with running(celery_argv("beat", "--loglevel=info"), log=tmp_path / "beat1.log") as first:
        for _ in range(300):
            if await _holder(db) or first.poll() is not None:
                break
            await asyncio.sleep(0.1)
        holder = await _holder(db)
        assert holder, (tmp_path / "beat1.log").read_text()

        second = await asyncio.to_thread(
            subprocess.run,
            celery_argv("beat", "--loglevel=info"),
            cwd=BACKEND,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode != 0
        assert "Another Celery Beat is already running" in second.stdout + second.stderr
        assert first.poll() is None, "the first Beat must keep running"
        assert await _holder(db) == holder

    assert await _holder(db) is None, "a Beat that stops cleanly gives its lease back"


async def test_a_lease_frees_itself_when_its_holder_dies(db: AsyncSession) -> None:
    assert await acquire_lease(db, name="job", owner="a", ttl_seconds=60)
    assert not await acquire_lease(db, name="job", owner="b", ttl_seconds=60)
    assert await acquire_lease(db, name="job", owner="a", ttl_seconds=60), "the holder renews"
    assert await lease_holder(db, name="job") == "a"

    assert await acquire_lease(db, name="job", owner="a", ttl_seconds=-1)  # a holder that stopped renewing
    assert await lease_holder(db, name="job") is None
    assert await acquire_lease(db, name="job", owner="b", ttl_seconds=60)
    await release_lease(db, name="job", owner="a")  # not a's any more: nothing happens
    assert await lease_holder(db, name="job") == "b"
