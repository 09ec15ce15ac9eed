"""Every task's name, in one place: the workers register under these, and everything that sends or
schedules a task names it from here, so a rename cannot leave a route or a Beat entry pointing nowhere.

The names keep the module paths Celery would have given the tasks (`celery inspect registered` and old
messages in a queue still read the same).
"""

from __future__ import annotations

_REQUESTS = "app.workers.request_worker"
_DOWNLOADS = "app.workers.download_monitor_worker"
_PLEX_SYNC = "app.workers.plex_sync_worker"
_CLEANUP = "app.workers.cleanup_worker"
_NOTIFICATIONS = "app.workers.notification_worker"

# Queue `requests`
PROCESS_REQUEST = f"{_REQUESTS}.process_request_task"
COMPLETE_REQUEST = f"{_REQUESTS}.complete_request_task"
CONFIRM_AVAILABLE = f"{_REQUESTS}.confirm_available_task"
UPGRADE_COPIES = f"{_REQUESTS}.upgrade_copies_task"
FOLLOW_SHOWS = f"{_REQUESTS}.follow_shows_task"
# Queue `downloads`
MONITOR_DOWNLOADS = f"{_DOWNLOADS}.monitor_downloads_task"
RECONCILE_REQUESTS = f"{_DOWNLOADS}.reconcile_requests_task"
REMOVE_REQUEST_TORRENTS = f"{_DOWNLOADS}.remove_request_torrents_task"
CLEANUP_FINISHED_TORRENTS = f"{_DOWNLOADS}.cleanup_finished_torrents_task"
# Queue `plex_sync`
SYNC_PLEX_LIBRARY = f"{_PLEX_SYNC}.sync_plex_library_task"
CLEANUP_OLD_SYNC_DATA = f"{_PLEX_SYNC}.cleanup_old_sync_data"
# Queue `cleanup`
CLEANUP_TMDB_CACHE = f"{_CLEANUP}.cleanup_tmdb_cache_task"
CLEANUP_OLD_DOWNLOADS = f"{_CLEANUP}.cleanup_old_downloads_task"
CLEANUP_OLD_REQUESTS = f"{_CLEANUP}.cleanup_old_requests_task"
CLEANUP_EXPIRED_RESULTS = f"{_CLEANUP}.cleanup_expired_task_results"
CLEANUP_TEMP_FILES = f"{_CLEANUP}.cleanup_temp_files_task"
DATABASE_MAINTENANCE = f"{_CLEANUP}.database_maintenance_task"
BACKUP_DATABASE = f"{_CLEANUP}.backup_database_task"
# Queue `default` (the request worker listens on it in production; `plex-kiosk up` on every queue)
SEND_REQUEST_NOTIFICATION = f"{_NOTIFICATIONS}.send_request_notification_task"

# One queue per worker role: a task goes to the queue of the module it is registered under.
QUEUE_OF_MODULE = {
    _REQUESTS: "requests",
    _DOWNLOADS: "downloads",
    _PLEX_SYNC: "plex_sync",
    _CLEANUP: "cleanup",
    _NOTIFICATIONS: "default",
}
WORKER_MODULES = tuple(QUEUE_OF_MODULE)


def all_task_names() -> list[str]:
    """Every name above (for the check that each is registered and routed)."""
    return [
        value
        for key, value in globals().items()
        if key.isupper() and not key.startswith("_") and isinstance(value, str)
    ]
