"""A database's contents to a file and back: pg_dump/pg_restore for PostgreSQL, SQLite's online backup API.

Both copy a consistent snapshot while the appliance keeps running (pg_dump reads in one transaction;
SQLite's backup API copies page by page under its own locks, WAL included).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupToolMissing(RuntimeError):
    """pg_dump or pg_restore is not installed."""


def is_postgresql(url: str) -> bool:
    """True for a PostgreSQL DATABASE_URL."""
    return make_url(url).get_backend_name() == "postgresql"


def sqlite_path(url: str) -> Path:
    """The file of a SQLite DATABASE_URL."""
    database = make_url(url).database
    if not database or database == ":memory:":
        raise ValueError("a backup needs a SQLite database kept in a file")
    return Path(database)


def _libpq_env(url: str) -> dict[str, str]:
    # libpq's variables rather than a URL on the command line: a password in argv is visible to `ps`.
    parsed = make_url(url)
    env = {
        "PGHOST": parsed.host or "",
        "PGPORT": str(parsed.port or ""),
        "PGUSER": parsed.username or "",
        "PGPASSWORD": parsed.password or "",
        "PGDATABASE": parsed.database or "",
    }
    return {**os.environ, **{key: value for key, value in env.items() if value}}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupToolMissing(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _run(argv: list[str], url: str) -> None:
    done = subprocess.run(argv, env=_libpq_env(url), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{Path(argv[0]).name} failed: {done.stderr.strip()[-2000:]}")


def dump_postgresql(url: str, target: Path) -> None:
    """The whole database in pg_dump's custom format (compressed; pg_restore reads it)."""
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], url)


def restore_postgresql(url: str, dump: Path) -> None:
    """Replace the database's contents with `dump` (objects it names are dropped first, if present)."""
    _run(
        [
            _tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
            "--single-transaction", "--exit-on-error", f"--dbname={make_url(url).database}", str(dump),
        ],
        url,
    )  # fmt: skip


def dump_sqlite(database: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API)."""
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def restore_sqlite(copy: Path, database: Path) -> None:
    """Replace `database`'s contents with `copy` (the backup API again, so open readers see it whole)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    target = sqlite3.connect(database)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
