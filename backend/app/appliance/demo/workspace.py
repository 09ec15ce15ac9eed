"""The demo's own data folder, emptied at each start, and the environment that points every process at it.

The demo never touches the household's data: it runs in embedded mode on a folder that carries a marker file,
and it refuses to empty a folder without that marker (unless the folder is empty already).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from app.config import get_settings

MARKER = ".plex-kiosk-demo"


class NotADemoFolder(RuntimeError):
    """The folder holds something else than a previous demo: the demo will not empty it."""


def fresh_folder(path: Path) -> Path:
    """Empty (or create) the demo folder `path` and mark it; NotADemoFolder if it holds anything else."""
    path = path.expanduser().resolve()
    if path.exists():
        if not path.is_dir():
            raise NotADemoFolder(f"{path} is a file, not a folder")
        if not (path / MARKER).is_file() and any(path.iterdir()):
            raise NotADemoFolder(
                f"{path} is not empty and was not made by `plex-kiosk demo`; choose another --data-dir "
                "(the demo empties its folder at each start)"
            )
        shutil.rmtree(path)
    path.mkdir(parents=True)
    (path / MARKER).write_text("made by `plex-kiosk demo`: emptied at each start of the demo\n")
    return path


def pin_environment(data_dir: Path, *, port: int) -> None:
    """Point this process and its children at the demo folder, in embedded mode, whatever .env says."""
    os.environ.update(
        {
            "PLEX_KIOSK_MODE": "embedded",
            "DATA_DIR": str(data_dir),
            "DOWNLOAD_ROOT": str(data_dir / "downloads"),
            "LIBRARY_ROOT": str(data_dir / "library"),
            # Explicit URLs: a DATABASE_URL in the environment or .env must never lead the demo to real data.
            "DATABASE_URL": f"sqlite+aiosqlite:///{data_dir / 'plex-kiosk.sqlite3'}",
            "CELERY_BROKER_URL": f"sqla+sqlite:///{data_dir / 'broker.sqlite3'}",
            "CELERY_RESULT_BACKEND": f"db+sqlite:///{data_dir / 'task-results.sqlite3'}",
            "API_HOST": "127.0.0.1",
            "API_PORT": str(port),
        }
    )
    os.environ.pop("SECRET_KEY", None)  # embedded mode keeps its own in the demo folder
    get_settings.cache_clear()
