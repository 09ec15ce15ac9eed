"""Make, restore and prune backups.

A backup is one file, `plex-kiosk-<UTC time>.backup`: a tar of a manifest (what was saved, from which
kind of database, at which migration) and the database dump, sealed with SECRET_KEY (sealing.py). It
restores into the database DATABASE_URL names, empty or not, of the same kind (PostgreSQL or SQLite).
"""

from __future__ import annotations

import io
import json
import logging
import os
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.backups import dumps
from app.backups.sealing import seal, unseal
from app.config import Settings

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
SUFFIX = ".backup"
PREFIX = "plex-kiosk-"
_MANIFEST = "manifest.json"
_DUMP = "database.dump"


@dataclass(frozen=True)
class Manifest:
    """What a backup holds."""

    format: int
    kind: str  # "postgresql" or "sqlite"
    created_at: str


def backup_dir(settings: Settings) -> Path:
    """Where backups are kept (BACKUP_DIR, default DATA_DIR/backups)."""
    return settings.backup_dir or settings.data_dir / "backups"


def _kind(url: str) -> str:
    return "postgresql" if dumps.is_postgresql(url) else "sqlite"


def _pack(manifest: Manifest, dump: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        data = json.dumps(manifest.__dict__).encode()
        info = tarfile.TarInfo(_MANIFEST)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        archive.add(dump, arcname=_DUMP)
    return buffer.getvalue()


def make_backup(settings: Settings, folder: Path | None = None) -> Path:
    """Dump the configured database into a new sealed backup file in `folder`; its path."""
    url, folder = settings.db_url, folder or backup_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="plex-kiosk-backup-") as scratch:
        dump = Path(scratch) / _DUMP
        if dumps.is_postgresql(url):
            dumps.dump_postgresql(url, dump)
        else:
            dumps.dump_sqlite(dumps.sqlite_path(url), dump)
        manifest = Manifest(FORMAT_VERSION, _kind(url), now.isoformat())
        sealed = seal(_pack(manifest, dump), settings.resolved_secret_key())
    target = folder / f"{PREFIX}{now:%Y%m%dT%H%M%S%fZ}{SUFFIX}"
    partial = target.with_suffix(".partial")
    # Written under another name and renamed: a backup cut short by a crash is never taken for a whole one.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(sealed)
        handle.flush()
        os.fsync(handle.fileno())
    partial.rename(target)
    log.info("backup written to %s (%d bytes)", target, len(sealed))
    return target


def restore_backup(settings: Settings, backup: Path) -> Manifest:
    """Replace the configured database's contents with `backup`'s; its manifest."""
    plain = unseal(backup.read_bytes(), settings.resolved_secret_key())
    with (
        tempfile.TemporaryDirectory(prefix="plex-kiosk-restore-") as scratch,
        tarfile.open(fileobj=io.BytesIO(plain)) as archive,
    ):
        manifest = Manifest(**json.loads(_member(archive, _MANIFEST)))
        url = settings.db_url
        if manifest.kind != _kind(url):
            raise ValueError(f"this is a {manifest.kind} backup; DATABASE_URL names a {_kind(url)} database")
        dump = Path(scratch) / _DUMP
        dump.write_bytes(_member(archive, _DUMP))
        if manifest.kind == "postgresql":
            dumps.restore_postgresql(url, dump)
        else:
            dumps.restore_sqlite(dump, dumps.sqlite_path(url))
    log.info("backup %s (made %s) restored", backup.name, manifest.created_at)
    return manifest


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    # Read by name, never extracted: a crafted archive cannot write outside the scratch folder.
    handle = archive.extractfile(name)
    if handle is None:
        raise ValueError(f"not a Plex Kiosk backup: {name} is missing")
    return handle.read()


def backups_in(folder: Path) -> list[Path]:
    """The backup files in `folder`, oldest first (their names sort by time)."""
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}")) if folder.is_dir() else []


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups in `folder`; the deleted paths."""
    old = backups_in(folder)[: max(0, len(backups_in(folder)) - keep)]
    for path in old:
        path.unlink()
    return old
