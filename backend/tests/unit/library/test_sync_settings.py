"""The sync's schedule and sections as an admin stores them, and Beat's entries made from them."""

from __future__ import annotations

import pytest
from celery.schedules import crontab
from pydantic import ValidationError

from app.celery_app.application import celery_app
from app.library.sync_settings import PlexSyncSettings, beat_entries, parse_sync_settings


def test_defaults_are_hourly_incremental_and_a_full_sync_at_three() -> None:
    entries = beat_entries()
    assert entries["plex-sync-hourly"]["schedule"] == crontab(minute=0)
    assert entries["plex-sync-hourly"]["kwargs"] == {"full_sync": False}
    assert entries["plex-sync-daily-full"]["schedule"] == crontab(hour=3, minute=0)
    assert entries["plex-sync-daily-full"]["kwargs"] == {"full_sync": True}
    # Expire before the next run, so a stopped worker does not meet a pile of syncs when it comes back.
    assert entries["plex-sync-hourly"]["options"]["expires"] < 3600
    assert entries["plex-sync-daily-full"]["options"]["expires"] < 24 * 3600


def test_the_beat_table_holds_the_sync_entries_routed_to_their_queue() -> None:
    table = celery_app.conf.beat_schedule
    assert table["plex-sync-hourly"]["schedule"] == crontab(minute=0)
    assert table["plex-sync-daily-full"]["schedule"] == crontab(hour=3, minute=0)
    assert table["plex-sync-cleanup"]["task"] == "app.workers.plex_sync_worker.cleanup_old_sync_data"
    router = celery_app.amqp.router
    for name in ("sync_plex_library_task", "cleanup_old_sync_data"):
        assert router.route({}, f"app.workers.plex_sync_worker.{name}")["queue"].name == "plex_sync"
    assert celery_app.conf.timezone == "Europe/Paris"


def test_a_schedule_is_five_cron_fields_or_null_for_off() -> None:
    settings = PlexSyncSettings(incremental_cron="  */15   *  * * * ", full_cron=None, sections=["1", "4"])
    assert settings.incremental_cron == "*/15 * * * *"
    entries = beat_entries(settings)
    assert list(entries) == ["plex-sync-hourly"]
    assert entries["plex-sync-hourly"]["schedule"] == crontab(minute="*/15")
    for bad in ("0 3 * *", "every day", "61 * * * *", "0 25 * * *"):
        with pytest.raises(ValidationError):
            PlexSyncSettings(full_cron=bad)


def test_a_broken_stored_value_falls_back_to_the_defaults() -> None:
    assert parse_sync_settings(None) == PlexSyncSettings()
    assert parse_sync_settings({"full_cron": "whenever"}) == PlexSyncSettings()
    assert parse_sync_settings("not an object") == PlexSyncSettings()
    assert parse_sync_settings({"sections": ["2"]}).sections == ["2"]
