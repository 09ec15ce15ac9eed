"""Where downloads land and where the Plex library is: a stored setting over the environment's defaults.

DOWNLOAD_ROOT and LIBRARY_ROOT are what the deployment mounts; a parent who sets the house up from the
kiosk (first run, then Settings) may name other folders without editing the environment. Everything that
writes files reads `folders()`: the import (where it reads finished files when qBittorrent gave no path of
its own, where it puts the library) and qBittorrent's save path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import anyio.to_thread
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import get_settings
from app.imports.hardlinks import check_hardlinks
from app.settings.errors import SettingsRejected
from app.settings.schemas import FolderPath, SettingsIn
from app.settings.service import get_setting, put_setting

FOLDERS_SETTING = "folders"


@dataclass(frozen=True, slots=True)
class Folders:
    """The folders in force: the stored ones, else the environment's."""

    download_root: Path
    library_root: Path


class FoldersIn(SettingsIn):
    """A folder left out (or null) goes back to the environment's default."""

    download_root: FolderPath | None = None
    library_root: FolderPath | None = None


class FoldersOut(BaseModel):
    """The folders in force, whether each one is the environment's default, and those defaults."""

    download_root: str
    library_root: str
    download_root_is_default: bool
    library_root_is_default: bool
    default_download_root: str
    default_library_root: str


def environment_folders() -> Folders:
    """DOWNLOAD_ROOT and LIBRARY_ROOT (or their defaults under DATA_DIR)."""
    settings = get_settings()
    assert settings.download_root is not None and settings.library_root is not None
    return Folders(settings.download_root, settings.library_root)


async def _stored(session: AsyncSession) -> dict[str, str]:
    raw = await get_setting(session, FOLDERS_SETTING)
    if not isinstance(raw, dict):
        return {}
    return {key: value for key, value in raw.items() if isinstance(value, str) and value}


async def folders_in_force(session: AsyncSession) -> Folders:
    """The download and library folders every step uses."""
    defaults, stored = environment_folders(), await _stored(session)
    return Folders(
        Path(stored.get("download_root", defaults.download_root)),
        Path(stored.get("library_root", defaults.library_root)),
    )


async def read_folders(session: AsyncSession) -> FoldersOut:
    """What Settings shows: the folders in force and the environment's defaults beside them."""
    defaults, stored = environment_folders(), await _stored(session)
    return FoldersOut(
        download_root=stored.get("download_root", str(defaults.download_root)),
        library_root=stored.get("library_root", str(defaults.library_root)),
        download_root_is_default="download_root" not in stored,
        library_root_is_default="library_root" not in stored,
        default_download_root=str(defaults.download_root),
        default_library_root=str(defaults.library_root),
    )


def _usable(field: str, folder: str) -> None:
    """Refuse a folder this appliance cannot write in: every import would fail later, far from the cause."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsRejected(field, f"cannot create {folder} ({exc.strerror})") from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise SettingsRejected(field, f"cannot write in {folder}")


async def save_folders(session: AsyncSession, body: FoldersIn) -> FoldersOut:
    """Store the folders (committed) once each one exists, or can be made, and takes files."""
    values = {key: value for key, value in body.model_dump().items() if value is not None}
    for field, folder in values.items():
        _usable(field, folder)
    await put_setting(session, FOLDERS_SETTING, values)
    await session.commit()
    return await read_folders(session)


FolderKind = Literal["download_root", "library_root", "hardlinks"]


class FolderCheck(BaseModel):
    """One line of the folders' check: a folder takes files, or imports hardlink instead of copying.

    `kind` and `ok` say it all for the kiosk (which words it in the family's language); `message` is the
    English line `plex-kiosk doctor` prints."""

    kind: FolderKind
    ok: bool
    path: str
    message: str


def check_folders(in_force: Folders) -> list[FolderCheck]:
    """Each folder writable, then one real hardlink from the downloads into the library (blocking: disk)."""
    roots: tuple[tuple[FolderKind, Path], ...] = (
        ("download_root", in_force.download_root),
        ("library_root", in_force.library_root),
    )
    lines = []
    for kind, path in roots:
        writable = path.is_dir() and os.access(path, os.W_OK)
        message = f"{path} is writable" if writable else f"{path} is missing or not writable"
        lines.append(FolderCheck(kind=kind, ok=writable, path=str(path), message=message))
    links = check_hardlinks(in_force.download_root, in_force.library_root)
    library = str(in_force.library_root)
    lines.append(FolderCheck(kind="hardlinks", ok=links.possible, path=library, message=links.message))
    return lines


async def checked_folders(session: AsyncSession) -> list[FolderCheck]:
    """The folders in force, checked."""
    in_force = await folders_in_force(session)
    return await anyio.to_thread.run_sync(check_folders, in_force)


async def try_folders(session: AsyncSession, draft: FoldersIn) -> list[FolderCheck]:
    """The folders on screen checked before they are saved (a field left empty: the one in force)."""
    in_force = await folders_in_force(session)
    chosen = Folders(
        Path(draft.download_root) if draft.download_root else in_force.download_root,
        Path(draft.library_root) if draft.library_root else in_force.library_root,
    )
    return await anyio.to_thread.run_sync(check_folders, chosen)
