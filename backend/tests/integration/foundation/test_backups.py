"""`plex-kiosk backup` and `plex-kiosk restore` on PostgreSQL and SQLite, and the nightly Beat job.

A backup made from a database with a family in it is restored into an empty database, and the profiles,
requests and settings (a stored secret included) are back; the file itself shows none of them.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.backups import service as backups
from app.celery_app import task_names
from app.celery_app.application import beat_schedule
from app.config import get_settings
from app.media_requests.states import RequestStatus
from app.profiles.models import Role
from app.settings.service import put_setting
from app.workers.cleanup_worker import backup_database_task
from tests import factories
from tests.conftest import POSTGRES_SERVER_URL, RUN_ID, TEST_DATABASE_URL
from tests.processes import BACKEND

pytestmark = pytest.mark.integration

SECRET_KEY = "a-household-secret-key-of-forty-characters-x"
PLEX_TOKEN = "plex-token-s3cret-4f1e"
PLEX_SETTINGS = {"url": "http://plex.local:32400", "token": PLEX_TOKEN}
# A title a sealed backup cannot hold by chance: the seal is URL-safe base64, which has no space nor accent
# (a bare "Dune" turned up in one backup's random bytes).
TITLE = "Dune : deuxième partie"
EMPTY_DATABASE = f"plexkiosk_test_{RUN_ID}_restored"


def _kiosk(*args: str, database_url: str, secret_key: str = SECRET_KEY) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.appliance.cli", *args],
        cwd=BACKEND,
        env={**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret_key},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def _a_family(db: AsyncSession) -> None:
    await factories.profile(db, "Papa", Role.ADMIN)
    await factories.profile(db, "Léa", Role.MEMBER)
    await factories.media_request(db, tmdb_id=438631, title=TITLE, status=RequestStatus.AVAILABLE)
    await put_setting(db, "plex", PLEX_SETTINGS)
    await db.commit()


def _backup(database_url: str, folder: Path) -> Path:
    made = _kiosk("backup", "--output", str(folder), database_url=database_url)
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.splitlines()[0])
    assert path.parent == folder and path.is_file()
    sealed = path.read_bytes()
    for readable in (PLEX_TOKEN.encode(), TITLE.encode(), "Léa".encode()):
        assert readable not in sealed
    return path


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_SERVER_URL.replace("+asyncpg", "") + "/postgres")
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture
def empty_postgresql() -> Iterator[str]:
    """A new PostgreSQL database with nothing in it, not even the schema."""
    asyncio.run(_admin(f'CREATE DATABASE "{EMPTY_DATABASE}"'))
    yield f"{POSTGRES_SERVER_URL}/{EMPTY_DATABASE}"
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{EMPTY_DATABASE}" WITH (FORCE)'))


async def test_a_postgresql_backup_restored_into_an_empty_database_brings_the_family_back(
    db: AsyncSession, empty_postgresql: str, tmp_path: Path
) -> None:
    await _a_family(db)
    backup = _backup(TEST_DATABASE_URL, tmp_path)

    refused = _kiosk("restore", str(backup), "--yes", database_url=empty_postgresql, secret_key="x" * 40)
    assert refused.returncode == 1
    assert "cannot be opened with this SECRET_KEY" in refused.stderr
    restored = _kiosk("restore", str(backup), "--yes", database_url=empty_postgresql)
    assert restored.returncode == 0, restored.stderr

    connection = await asyncpg.connect(empty_postgresql.replace("+asyncpg", ""))
    try:
        profiles = {
            row["name"]: row["role"] for row in await connection.fetch("SELECT name, role FROM profiles")
        }
        requests = [tuple(row) for row in await connection.fetch("SELECT title, status FROM media_requests")]
        plex = await connection.fetchval("SELECT value FROM settings WHERE key = 'plex'")
    finally:
        await connection.close()
    assert profiles == {"Papa": Role.ADMIN.value, "Léa": Role.MEMBER.value}
    assert requests == [(TITLE, "AVAILABLE")]
    assert PLEX_TOKEN in plex


async def test_a_sqlite_backup_restored_into_an_empty_file_brings_the_family_back(
    sqlite_db: AsyncSession, tmp_path: Path
) -> None:
    await _a_family(sqlite_db)
    live = f"sqlite+aiosqlite:///{tmp_path / 'kiosk.sqlite3'}"
    backup = _backup(live, tmp_path / "backups")

    empty = tmp_path / "new-machine" / "kiosk.sqlite3"
    restored = _kiosk("restore", str(backup), "--yes", database_url=f"sqlite+aiosqlite:///{empty}")
    assert restored.returncode == 0, restored.stderr

    with sqlite3.connect(empty) as connection:
        profiles = dict(connection.execute("SELECT name, role FROM profiles").fetchall())
        requests = connection.execute("SELECT title, status FROM media_requests").fetchall()
        (plex,) = connection.execute("SELECT value FROM settings WHERE key = 'plex'").fetchone()
    assert profiles == {"Papa": Role.ADMIN.value, "Léa": Role.MEMBER.value}
    assert requests == [(TITLE, "AVAILABLE")]
    assert PLEX_TOKEN in plex


def test_a_backup_of_one_kind_is_not_restored_into_the_other(tmp_path: Path) -> None:
    sqlite_file = tmp_path / "kiosk.sqlite3"
    sqlite3.connect(sqlite_file).close()
    backup = _backup(f"sqlite+aiosqlite:///{sqlite_file}", tmp_path)
    refused = _kiosk("restore", str(backup), "--yes", database_url=TEST_DATABASE_URL)
    assert refused.returncode == 1
    assert "this is a sqlite backup; DATABASE_URL names a postgresql database" in refused.stderr


async def test_the_nightly_job_makes_a_backup_and_keeps_the_newest_ones(db: AsyncSession) -> None:
    entry = beat_schedule()["backup-database"]
    assert entry["task"] == task_names.BACKUP_DATABASE
    await _a_family(db)
    settings = get_settings()
    folder = backups.backup_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    older = [folder / f"plex-kiosk-2026010{day}T023000000000Z.backup" for day in range(1, 10)]
    for path in older:
        path.write_bytes(b"an older night")

    outcome = await asyncio.to_thread(backup_database_task)

    kept = backups.backups_in(folder)
    assert len(kept) == settings.backup_keep == 7
    assert kept[-1].name == outcome["backup"]
    assert sorted(outcome["deleted"]) == [path.name for path in older[:3]]
    for path in kept:
        path.unlink()
