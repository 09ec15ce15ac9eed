"""Queue `cleanup`: retention, expired task results, temporary files, database upkeep."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.backups import service as backups
from app.catalog.details_cache import purge_expired
from app.celery_app import task_names
from app.celery_app.application import celery_app
from app.config import get_settings
from app.db import get_engine, get_sessionmaker
from app.maintenance import service
from app.workers.runtime import run


async def _with_session(job: Any) -> int:
    async with get_sessionmaker()() as session:
        return await job(session)


async def _purge_tmdb_cache(session: AsyncSession) -> int:
    purged = await purge_expired(session)
    await session.commit()
    return purged


@celery_app.task(name=task_names.CLEANUP_TMDB_CACHE)
def cleanup_tmdb_cache_task() -> dict[str, int]:
    """Drop TMDB details past their time to live (the kiosk refetches them when asked)."""
    return {"deleted": run(_with_session(_purge_tmdb_cache))}


@celery_app.task(name=task_names.CLEANUP_OLD_DOWNLOADS)
def cleanup_old_downloads_task() -> dict[str, int]:
    """Forget download records of settled requests after 30 days."""
    return {"deleted": run(_with_session(service.delete_old_downloads))}


@celery_app.task(name=task_names.CLEANUP_OLD_REQUESTS)
def cleanup_old_requests_task() -> dict[str, int]:
    """Delete cancelled, denied and failed requests after 90 days."""
    return {"deleted": run(_with_session(service.delete_old_requests))}


@celery_app.task(name=task_names.CLEANUP_EXPIRED_RESULTS)
def cleanup_expired_task_results() -> dict[str, str]:
    """Drop task results past `result_expires` (Redis expires them itself; database backends need this)."""
    celery_app.backend.cleanup()
    return {"backend": type(celery_app.backend).__name__}


@celery_app.task(name=task_names.CLEANUP_TEMP_FILES)
def cleanup_temp_files_task() -> dict[str, int]:
    """Remove day-old leftovers of interrupted imports from the temporary folder."""
    return {"deleted": service.delete_old_temp_files(get_settings().data_dir / "tmp")}


@celery_app.task(name=task_names.BACKUP_DATABASE)
def backup_database_task() -> dict[str, Any]:
    """Nightly: a sealed backup of the database, then only the newest BACKUP_KEEP are kept."""
    settings = get_settings()
    made = backups.make_backup(settings)
    pruned = backups.prune(made.parent, settings.backup_keep)
    return {"backup": made.name, "deleted": [path.name for path in pruned]}


@celery_app.task(name=task_names.DATABASE_MAINTENANCE)
def database_maintenance_task() -> dict[str, str]:
    """Weekly database upkeep."""
    return {"ran": run(service.maintain_database(get_engine()))}
