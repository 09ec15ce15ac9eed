"""`plex-kiosk doctor` says whether imports will hardlink, by making a link between the real folders; a folder
the appliance cannot create is named with what to do."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import BACKEND

pytestmark = pytest.mark.integration


def _hardlinks_line(downloads: Path, library: Path) -> str:
    env = {**os.environ, "DOWNLOAD_ROOT": str(downloads), "LIBRARY_ROOT": str(library)}
    done = subprocess.run(
        [sys.executable, "-m", "app.appliance.cli", "doctor"],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return next(line for line in done.stdout.splitlines() if "hardlinks:" in line)


@pytest.fixture
def other_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A folder on tmpfs (/dev/shm), another filesystem than the test's temporary folders."""
    shm = Path("/dev/shm")
    assert shm.is_dir() and os.stat(shm).st_dev != os.stat(tmp_path).st_dev, "needs /dev/shm on tmpfs"
    folder = shm / f"plexkiosk-test-{uuid.uuid4().hex}"
    folder.mkdir()
    yield folder
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()


def test_doctor_says_imports_hardlink_when_both_folders_share_a_filesystem(tmp_path: Path) -> None:
    (tmp_path / "downloads").mkdir()
    (tmp_path / "media").mkdir()
    line = _hardlinks_line(tmp_path / "downloads", tmp_path / "media")
    assert line.startswith("ok   hardlinks: imports hardlink from")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["downloads", "media"], "the test link is gone"


def test_doctor_warns_when_the_library_is_on_another_filesystem(
    tmp_path: Path, other_filesystem: Path
) -> None:
    (tmp_path / "downloads").mkdir()
    line = _hardlinks_line(tmp_path / "downloads", other_filesystem)
    assert line.startswith("--   hardlinks:")
    assert "different filesystems" in line and "/data/downloads and /data/media" in line
    assert list(other_filesystem.iterdir()) == [] and list((tmp_path / "downloads").iterdir()) == []


def test_a_folder_the_appliance_cannot_create_is_named_with_what_to_do(tmp_path: Path) -> None:
    # /sys refuses new folders even to root: as a media folder Docker created for root refuses uid 1000.
    env = {**os.environ, "DATA_DIR": str(tmp_path), "LIBRARY_ROOT": "/sys/plexkiosk-library"}
    done = subprocess.run(
        [sys.executable, "-m", "app.appliance.cli", "migrate"],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    refused = ("Operation not permitted", "Permission denied")  # root, or anyone else
    assert any(f"Cannot create /sys/plexkiosk-library ({why})" in done.stderr for why in refused), done.stderr
    assert "PUID:PGID" in done.stderr and "Traceback" not in done.stderr
