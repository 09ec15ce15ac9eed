"""Queue `downloads`: watch our torrents, re-queue requests whose task was lost, clear seeded torrents."""

from __future__ import annotations

import os
import socket
from typing import Any

from app.celery_app import celery_app
from app.db import get_sessionmaker
from app.downloads.monitor import monitor_downloads
from app.downloads.qbittorrent_access import qbittorrent_client
from app.downloads.removal import remove_request_torrents
from app.downloads.seeding import cleanup_finished_torrents
from app.locks.service import acquire_lease, release_lease
from app.media_requests.dispatch import new_task_id, publish
from app.media_requests.reconcile import find_expired_searches, find_stuck
from app.media_requests.service import fail_request, set_task
from app.settings.connections import NotConfigured
from app.workers.runtime import run

MONITOR_LEASE = "monitor-downloads"
# Longer than a pass can take (one list call and bookkeeping), shorter than the 300 s between passes.
MONITOR_LEASE_S = 240


async def _reconcile() -> dict[str, Any]:
    queued: list[int] = []
    async with get_sessionmaker()() as session:
        for stuck in await find_stuck(session):
            task_id = new_task_id()
            if not publish(stuck.task, stuck.request_id, task_id):
                break  # the broker is still away: the next run will try again
            await set_task(session, request_id=stuck.request_id, task_id=task_id)
            queued.append(stuck.request_id)
        expired = await find_expired_searches(session)
        for request_id in expired:
            await fail_request(session, request_id=request_id, reason="No suitable release was found in time")
    return {"queued": queued, "expired": expired}


async def _monitor() -> dict[str, Any]:
    owner = f"{socket.gethostname()}:{os.getpid()}"
    async with get_sessionmaker()() as session:
        if not await acquire_lease(session, name=MONITOR_LEASE, owner=owner, ttl_seconds=MONITOR_LEASE_S):
            return {"skipped": "another monitor pass is running"}
        await session.commit()
        try:
            report = await monitor_downloads(session, await qbittorrent_client(session), publish=publish)
            result: dict[str, Any] = report.as_dict()
        except NotConfigured as exc:
            result = {"skipped": str(exc)}
        finally:
            await release_lease(session, name=MONITOR_LEASE, owner=owner)
    result["reconciled"] = await _reconcile()
    return result


@celery_app.task(acks_late=True)
def monitor_downloads_task() -> dict[str, Any]:
    """One pass over our torrents (one qBittorrent call), then re-queue requests with no live task."""
    return run(_monitor())


@celery_app.task(acks_late=True)
def reconcile_requests_task() -> dict[str, Any]:
    """Enqueue requests that have no live task (lost broker message, or a re-search that is due)."""
    return run(_reconcile())


async def _remove(request_id: int) -> int:
    async with get_sessionmaker()() as session:
        return await remove_request_torrents(session, await qbittorrent_client(session), request_id)


@celery_app.task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def remove_request_torrents_task(request_id: int) -> dict[str, int]:
    """Remove a cancelled request's torrents and their data (the monitor would do it at its next pass)."""
    return {"removed": run(_remove(request_id))}


async def _cleanup_seeded() -> list[str]:
    async with get_sessionmaker()() as session:
        try:
            return await cleanup_finished_torrents(session, await qbittorrent_client(session))
        except NotConfigured:
            return []


@celery_app.task(acks_late=True)
def cleanup_finished_torrents_task() -> dict[str, Any]:
    """Remove torrents whose seeding goal is met; the library's files stay."""
    return {"removed": run(_cleanup_seeded())}
