"""Test-wide environment, set before the application is imported.

Integration tests use the machine's PostgreSQL (a throwaway database per run) and Redis (dedicated DB
numbers); both addresses can be overridden with TEST_POSTGRES_URL and TEST_REDIS_URL.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

RUN_ID = uuid.uuid4().hex[:8]
POSTGRES_SERVER_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432")
TEST_DATABASE_NAME = f"plexkiosk_test_{RUN_ID}"
TEST_DATABASE_URL = f"{POSTGRES_SERVER_URL}/{TEST_DATABASE_NAME}"
REDIS_SERVER_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
# DB numbers of their own, so a developer's running appliance (DB 0 and 1) is never touched.
# TEST_REDIS_DBS="2,3" lets two test runs share one Redis without emptying each other's queues.
# Under pytest-xdist each worker process takes the pair below the previous one (gw0 14,15; gw1 12,13; ...),
# because the tests empty their databases and read their queues as if they were alone.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
_FIRST_PAIR = os.environ.get("TEST_REDIS_DBS", "14,15").split(",")
_BROKER_DB, _RESULT_DB = (int(db) - 2 * _WORKER for db in _FIRST_PAIR)
if min(_BROKER_DB, _RESULT_DB) < 2:
    raise RuntimeError(f"TEST_REDIS_DBS leaves worker gw{_WORKER} on Redis DB 0 or 1, the appliance's own")
TEST_BROKER_URL = f"{REDIS_SERVER_URL}/{_BROKER_DB}"
TEST_RESULT_BACKEND = f"{REDIS_SERVER_URL}/{_RESULT_DB}"
TEST_DATA_DIR = Path(tempfile.mkdtemp(prefix="plexkiosk-test-"))

os.environ.update(
    {
        "PLEX_KIOSK_MODE": "embedded",
        "DATA_DIR": str(TEST_DATA_DIR),
        "DATABASE_URL": TEST_DATABASE_URL,
        "CELERY_BROKER_URL": TEST_BROKER_URL,
        "CELERY_RESULT_BACKEND": TEST_RESULT_BACKEND,
        "BROKER_PUBLISH_TIMEOUT": "1",
        "TZ": "Europe/Paris",
    }
)
os.environ.pop("SECRET_KEY", None)

# Suite-wide fixtures: one throwaway database, one broker and one browser, whichever folders a run collects;
# the pipeline's surroundings, shared by tests/integration/pipeline and tests/e2e.
pytest_plugins = [
    "tests.support.database",
    "tests.support.browser",
    "tests.support.kiosk_app",
    "tests.support.qbittorrent_nox",
    "tests.support.pipeline",
]
