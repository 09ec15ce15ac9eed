"""Queue `downloads`: watch our torrents, re-queue requests whose task was lost, clear seeded torrents."""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from app.celery_app import task_names
from app.celery_app.application import celery_app
from app.db import get_sessionmaker
from app.downloads.removal import remove_request_torrents
from app.integrations.errors import IntegrationError
from app.locks.service import acquire_lease, release_lease
from app.media_requests import pipeline
from app.settings.errors import NotConfigured
from app.settings.integrations.qbittorrent import qbittorrent_client
from app.workers.retry import RetriesTransient
from app.workers.runtime import run

log = logging.getLogger(__name__)

MONITOR_LEASE = "monitor-downloads"
# Longer than a pass can take (one list call and bookkeeping), shorter than the 300 s between passes.
MONITOR_LEASE_S = 240


async def _reconcile() -> dict[str, Any]:
    async with get_sessionmaker()() as session:
        return await pipeline.reconcile(session)


async def _monitor() -> dict[str, Any]:
    owner = f"{socket.gethostname()}:{os.getpid()}"
    async with get_sessionmaker()() as session:
        if not await acquire_lease(session, name=MONITOR_LEASE, owner=owner, ttl_seconds=MONITOR_LEASE_S):
            return {"skipped": "another monitor pass is running"}
        await session.commit()
        try:
            report = await pipeline.watch_downloads(session, await qbittorrent_client(session))
            result: dict[str, Any] = report.as_dict()
        except NotConfigured as exc:
            result = {"skipped": str(exc)}
        except IntegrationError as exc:
            # qBittorrent away: its downloads wait for the next pass, but lost tasks must still be sent.
            log.warning("download monitor pass skipped: %s", exc)
            await session.rollback()
            result = {"skipped": str(exc)}
        finally:
            await release_lease(session, name=MONITOR_LEASE, owner=owner)
        result["reconciled"] = await pipeline.reconcile(session)
    return result


@celery_app.task(name=task_names.MONITOR_DOWNLOADS, acks_late=True)
def monitor_downloads_task() -> dict[str, Any]:
    """One pass over our torrents (one qBittorrent call), then re-queue requests with no live task."""
    return run(_monitor())


@celery_app.task(name=task_names.RECONCILE_REQUESTS, acks_late=True)
def reconcile_requests_task() -> dict[str, Any]:
    """Enqueue requests that have no live task (lost broker message, or a re-search that is due)."""
    return run(_reconcile())


async def _remove(request_id: int) -> int:
    async with get_sessionmaker()() as session:
        return await remove_request_torrents(session, await qbittorrent_client(session), request_id)


@celery_app.task(
    name=task_names.REMOVE_REQUEST_TORRENTS,
    base=RetriesTransient,  # the database or qBittorrent away: tried again, not lost with the cancel
    transient_backoff=(60, 120, 240, 480, 960),
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def remove_request_torrents_task(request_id: int) -> dict[str, int]:
    """Remove a cancelled request's torrents and their data (the monitor would do it at its next pass)."""
    return {"removed": run(_remove(request_id))}


async def _cleanup_seeded() -> list[str]:
    async with get_sessionmaker()() as session:
        try:
            return await pipeline.cleanup_seeded(session, await qbittorrent_client(session))
        except NotConfigured:
            return []


@celery_app.task(name=task_names.CLEANUP_FINISHED_TORRENTS, acks_late=True)
def cleanup_finished_torrents_task() -> dict[str, Any]:
    """Remove torrents whose seeding goal is met; the library's files stay."""
    return {"removed": run(_cleanup_seeded())}
