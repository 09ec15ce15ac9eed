"""Beat takes the Plex sync's schedule from Settings, at start and within a minute of an edit."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from celery.schedules import crontab
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app.application import celery_app
from app.celery_app.beat import LockedScheduler
from app.settings.service import put_setting

pytestmark = pytest.mark.integration


async def _store(db: AsyncSession, value: dict[str, object]) -> None:
    await put_setting(db, "plex_sync", value)
    await db.commit()


async def test_beat_applies_the_stored_schedule_at_start_and_after_an_edit(
    db: AsyncSession, tmp_path: Path
) -> None:
    await _store(db, {"full_cron": "30 2 * * *"})
    scheduler = LockedScheduler(app=celery_app, lazy=True, schedule_filename=str(tmp_path / "beat-schedule"))
    await asyncio.to_thread(scheduler.setup_schedule)
    try:
        entries = scheduler.schedule
        assert entries["plex-sync-hourly"].schedule == crontab(minute=0)
        assert entries["plex-sync-hourly"].kwargs == {"full_sync": False}
        assert entries["plex-sync-hourly"].options["expires"] < 3600
        assert entries["plex-sync-daily-full"].schedule == crontab(minute=30, hour=2)
        assert entries["plex-sync-daily-full"].kwargs == {"full_sync": True}

        await _store(db, {"incremental_cron": "*/20 * * * *", "full_cron": None})
        await asyncio.to_thread(scheduler.apply_edited_schedules)

        assert scheduler.schedule["plex-sync-hourly"].schedule == crontab(minute="*/20")
        assert "plex-sync-daily-full" not in scheduler.schedule, "a schedule set to null is switched off"
        assert "cleanup-downloads" in scheduler.schedule, "the other entries are not touched"
    finally:
        await asyncio.to_thread(scheduler.close)
