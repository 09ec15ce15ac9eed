"""Step leases (decision 0008) on the real database: who may run a request's step, which steps lost their
worker, and what recovering one does. The worker processes themselves are in tests/faults/."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery.result import AsyncResult
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.application import celery_app
from app.db import utcnow
from app.imports.transfer import PARTIAL_SUFFIX
from app.media_requests.lease_models import StepLease
from app.media_requests.reconcile import find_stuck
from app.media_requests.recovery import recover_lost_steps
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.media_requests.step_leases import LeaseHolder, note_folder, release_lease, take_lease
from tests import factories
from tests.support.broker_queue import Sent

pytestmark = pytest.mark.integration

ONE = LeaseHolder(worker="requests@kiosk", worker_id="life-1")
TWO = LeaseHolder(worker="downloads@kiosk", worker_id="life-2")


async def _lapse(db: AsyncSession, request_id: int) -> None:
    """What a dead worker leaves: nobody renews the lease and its expiry passes."""
    await db.execute(
        update(StepLease)
        .where(StepLease.request_id == request_id)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    await db.commit()


async def _take(db: AsyncSession, request_id: int, task_id: str, holder: LeaseHolder) -> bool:
    return await take_lease(
        db,
        request_id=request_id,
        task_id=task_id,
        task_name=task_names.PROCESS_REQUEST,
        holder=holder,
        ttl_s=60,
    )


async def test_one_live_task_per_step_and_a_lapsed_lease_is_taken_over(db: AsyncSession) -> None:
    request = await factories.media_request(db, status=RequestStatus.SEARCHING, celery_task_id="first")
    assert await _take(db, request.id, "first", ONE)
    assert not await _take(db, request.id, "stale-copy", TWO)  # a second copy of a message waits its turn
    assert await _take(db, request.id, "first", ONE)  # the same task again (its pool child died)
    await note_folder(db, request_id=request.id, task_id="first", folder="/library/Movies/Dune (2021)")

    await _lapse(db, request.id)
    assert await _take(db, request.id, "retry", TWO)
    lease = await db.scalar(select(StepLease).where(StepLease.request_id == request.id))
    assert lease is not None and (lease.task_id, lease.worker) == ("retry", TWO.worker)
    assert lease.folders == ["/library/Movies/Dune (2021)"]  # still looked at for partial files
    assert await release_lease(db, request_id=request.id, task_id="retry") == ["/library/Movies/Dune (2021)"]


async def test_the_reconciler_leaves_a_running_step_alone(db: AsyncSession) -> None:
    request = await factories.media_request(
        db, status=RequestStatus.SEARCHING, celery_task_id="running", updated_at=utcnow() - timedelta(hours=2)
    )
    assert [s.request_id for s in await find_stuck(db)] == [request.id]  # no lease: its message was lost
    assert await _take(db, request.id, "running", ONE)
    assert await find_stuck(db) == []  # a two-hour copy is still running: its lease says so


def _orphaned_partial(folder: Path) -> None:
    code = (
        "import sys, time; from pathlib import Path; from app.imports.transfer import _new_partial; "
        "_new_partial(Path(sys.argv[1])); print('held', flush=True); time.sleep(60)"
    )
    writer = subprocess.Popen([sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE)
    assert writer.stdout is not None and writer.stdout.readline() == b"held\n"
    writer.kill()
    writer.wait()


async def test_recovery_cleans_up_and_queues_the_step_again(
    db: AsyncSession, broker: redis.Redis, tmp_path: Path
) -> None:
    importing = await factories.media_request(db, status=RequestStatus.IMPORTING, celery_task_id="died")
    cancelled = await factories.media_request(
        db, tmdb_id=438631, title="Dune", status=RequestStatus.CANCELLED, celery_task_id="died-too"
    )
    folder = tmp_path / "Movies" / "The Matrix (1999)"
    folder.mkdir(parents=True)
    await take_lease(
        db,
        request_id=importing.id,
        task_id="died",
        task_name=task_names.COMPLETE_REQUEST,
        holder=ONE,
        ttl_s=60,
    )
    await note_folder(db, request_id=importing.id, task_id="died", folder=str(folder))
    _orphaned_partial(folder)
    assert await _take(db, cancelled.id, "died-too", ONE)
    sent = Sent()

    # Another worker sees nothing to do while the leases are renewed...
    assert await recover_lost_steps(db, holder=TWO, send=sent) == []
    # ...but ONE restarting under its name knows its earlier life is dead, without waiting for the expiry.
    restarted = LeaseHolder(worker=ONE.worker, worker_id="life-3")
    assert await recover_lost_steps(db, holder=restarted, at_start=True, send=sent) == [importing.id]

    [(task_name, request_id, new_task)] = [(t.task, *t.args, t.task_id) for t in sent.tasks]
    assert (task_name, request_id) == (task_names.COMPLETE_REQUEST, importing.id)
    assert list(folder.glob(f"*{PARTIAL_SUFFIX}")) == []
    assert await db.scalar(select(StepLease.request_id)) is None  # both leases gone, the cancelled one too
    db.expire_all()
    request = await get_request(db, importing.id, with_events=True)
    assert (request.status, request.celery_task_id) == (RequestStatus.IMPORTING, new_task)
    assert (request.events[-1].details or {})["code"] == "worker_lost"
    dead = AsyncResult("died", app=celery_app)
    assert dead.state == "WORKER_LOST"
    assert dead.info == {"detail": "worker lost, retrying", "retried_as": new_task}
