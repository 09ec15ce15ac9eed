"""`plex-kiosk request`: the command line creates a request the same way the kiosk does."""

from __future__ import annotations

import subprocess
import sys

import pytest
import redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus
from tests.conftest import TEST_BROKER_URL, TEST_DATA_DIR, TEST_RESULT_BACKEND
from tests.processes import BACKEND

pytestmark = pytest.mark.integration


def _request(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": database,
        "DATA_DIR": str(TEST_DATA_DIR),
        "CELERY_BROKER_URL": TEST_BROKER_URL,
        "CELERY_RESULT_BACKEND": TEST_RESULT_BACKEND,
    }
    argv = [sys.executable, "-m", "app.appliance.cli", "request", *args]
    return subprocess.run(
        argv, cwd=BACKEND, env=env, capture_output=True, text=True, timeout=120, check=False
    )


async def test_a_request_from_the_command_line_is_saved_and_queued_once(
    db: AsyncSession, migrated_database: str, broker: redis.Redis
) -> None:
    first = _request(migrated_database, "movie", "27205", "--title", "Inception", "--year", "2010")
    assert first.returncode == 0, first.stderr
    assert "created: Inception (PENDING)" in first.stdout
    again = _request(migrated_database, "movie", "27205", "--title", "Inception")
    assert "already asked for: Inception (PENDING)" in again.stdout

    rows = (await db.scalars(select(MediaRequest))).all()
    assert [(row.tmdb_id, row.status) for row in rows] == [(27205, RequestStatus.PENDING)]
    assert rows[0].celery_task_id is not None
    assert broker.llen("requests") == 1  # its processing task, sent once


def test_a_bad_request_is_refused_with_the_reason(migrated_database: str) -> None:
    refused = _request(migrated_database, "movie", "27205", "--title", "Inception", "--for", "999")
    assert refused.returncode == 1
    assert "profile 999 does not exist" in refused.stderr
