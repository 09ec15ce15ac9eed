"""The Celery application: queues, routes, the one Beat table, limits.

Start workers from backend/ (or anywhere the package is installed):
    celery -A app.celery_app worker --loglevel=info -Q requests
    celery -A app.celery_app beat
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.schedules import crontab
from kombu import Queue

from app.celery_app import logs as _logs  # noqa: F401 - connects the logging signals of workers and Beat
from app.celery_app import task_names as tasks
from app.celery_app.result_backend import result_backend_url
from app.celery_app.sync_driver import with_sync_driver
from app.config import Settings, get_settings
from app.library.sync_settings import beat_entries as plex_sync_entries

QUEUES = ("requests", "downloads", "plex_sync", "cleanup", "default", "priority")

# One queue per worker role, routed by the module a task is registered under.
TASK_ROUTES = {f"{module}.*": {"queue": queue} for module, queue in tasks.QUEUE_OF_MODULE.items()}

MONITOR_EVERY_S = 300.0


def _cleanup(task: str, schedule: crontab) -> dict[str, Any]:
    # A cleanup that could not run within the hour waits for its next day rather than piling up.
    return {"task": task, "schedule": schedule, "options": {"expires": 3600}}


def beat_schedule() -> dict[str, dict[str, Any]]:
    """The periodic jobs (stable kebab-case ids). Entries arrive with the task they run."""
    return {
        "monitor-downloads": {
            "task": tasks.MONITOR_DOWNLOADS,
            "schedule": MONITOR_EVERY_S,
            # Expire before the next run so a backlog never piles up identical passes.
            "options": {"expires": MONITOR_EVERY_S - 10},
        },
        "cleanup-finished-torrents": {
            "task": tasks.CLEANUP_FINISHED_TORRENTS,
            "schedule": crontab(minute=30),
            "options": {"expires": 3000},
        },
        "cleanup-downloads": _cleanup(tasks.CLEANUP_OLD_DOWNLOADS, crontab(hour=4, minute=0)),
        "cleanup-temp-files": _cleanup(tasks.CLEANUP_TEMP_FILES, crontab(hour=4, minute=30)),
        "cleanup-expired-results": _cleanup(tasks.CLEANUP_EXPIRED_RESULTS, crontab(hour=5, minute=0)),
        "cleanup-tmdb-cache": _cleanup(tasks.CLEANUP_TMDB_CACHE, crontab(hour=5, minute=15)),
        "cleanup-old-requests": _cleanup(tasks.CLEANUP_OLD_REQUESTS, crontab(hour=5, minute=30)),
        "database-maintenance": _cleanup(
            tasks.DATABASE_MAINTENANCE, crontab(hour=6, minute=0, day_of_week=0)
        ),
        # Films below their profile's cutoff: a daily look for a better copy, bounded per run (upgrades.py).
        "upgrade-copies": {
            "task": tasks.UPGRADE_COPIES,
            "schedule": crontab(hour=1, minute=30),
            "options": {"expires": 3600},
        },
        # Followed shows' new episodes (followed_shows.py): after the 03:00 full sync has listed what Plex
        # has, and early enough that the morning's episodes are in by the evening.
        "follow-shows": {
            "task": tasks.FOLLOW_SHOWS,
            "schedule": crontab(hour=7, minute=0),
            "options": {"expires": 3600},
        },
        # Before the 03:00 full Plex sync, when nobody is requesting anything.
        "backup-database": _cleanup(tasks.BACKUP_DATABASE, crontab(hour=2, minute=30)),
        # Hourly incremental and 03:00 full sync; Beat swaps in the schedule stored in Settings (beat.py).
        **plex_sync_entries(),
        "plex-sync-cleanup": {
            "task": tasks.CLEANUP_OLD_SYNC_DATA,
            "schedule": crontab(hour=4, minute=15),
            "options": {"expires": 3600},
        },
    }


def _transport_options(settings: Settings) -> dict[str, Any]:
    if settings.broker_url.startswith(("redis://", "rediss://")):
        timeout = settings.broker_publish_timeout_s
        return {"socket_connect_timeout": timeout, "socket_timeout": 30, "visibility_timeout": 3 * 3600}
    return {}


def configure(app: Celery, settings: Settings) -> None:
    """Apply the deployment's settings to `app`."""
    if settings.broker_url.startswith("sqla+sqlite") or settings.result_backend.startswith("db+sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    broker_url = with_sync_driver(settings.broker_url)
    app.conf.update(
        broker_url=broker_url,
        # Celery prefers the CELERY_BROKER_URL variable to `broker_url`; these two win over it, so an
        # `sqla+postgresql://` broker gets its synchronous driver too.
        broker_read_url=broker_url,
        broker_write_url=broker_url,
        result_backend=settings.result_backend,
        broker_transport_options=_transport_options(settings),
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=settings.broker_publish_timeout_s,
        # An API call must not hang on a dead broker: a couple of quick retries, then the reconciler's turn.
        task_publish_retry_policy={
            "max_retries": 2,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        timezone=settings.timezone,
        enable_utc=True,
        task_queues=[Queue(name) for name in QUEUES],
        task_default_queue="default",
        task_routes=TASK_ROUTES,
        task_time_limit=3600,
        task_soft_time_limit=3300,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_track_started=True,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=100,
        worker_max_memory_per_child=400_000,  # KiB: 400 MB
        result_expires=24 * 3600,
        result_extended=True,
        beat_schedule=beat_schedule(),
        beat_scheduler="app.celery_app.beat:LockedScheduler",
        beat_schedule_filename=str(settings.data_dir / "celerybeat-schedule"),
        beat_max_loop_interval=30,
        worker_hijack_root_logger=False,
    )
    # Celery prefers the CELERY_RESULT_BACKEND variable to `result_backend`; backend_cls wins over both.
    app.backend_cls = result_backend_url(settings.result_backend)


celery_app = Celery("plex_kiosk", include=list(tasks.WORKER_MODULES))
configure(celery_app, get_settings())
app = celery_app
