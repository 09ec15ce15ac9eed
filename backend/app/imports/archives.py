"""Unpack the archives of a finished download (scene RAR sets, zip, 7z) so that their videos can be imported.

The Unarchiver's command-line tools from Debian do the work (`lsar` lists, `unar` extracts; RAR 1.5 to 5,
multi-volume sets, zip, 7z). Each archive is listed first and refused when what it holds would not fit the
bound; it is unpacked into a folder of its own inside the download root, which the caller removes once the
import is done (an imported file is a hardlink or a copy, so it stays).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from app.imports.results import ImportResult
from app.imports.service import run_import
from app.imports.target import ImportTarget, LibraryRoots

log = logging.getLogger(__name__)

LIST_TIMEOUT_S = 60
UNPACK_TIMEOUT_S = 3600
# What an archive may unpack to, against the size of the archive itself: scene RAR sets are stored, not
# compressed, so a much larger output is a bomb, not a film.
MAX_GROWTH = 1.5
SLACK_BYTES = 100 * 1024 * 1024
# The first volume of a set: "film.rar" or "film.part1.rar" / "film.part01.rar"; "film.zip", "film.7z".
_LATER_PART = re.compile(r"\.part0*(?:[2-9]|\d{2,})\.rar$", re.IGNORECASE)
_FIRST_VOLUME = re.compile(r"\.(rar|zip|7z)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UnpackedFile:
    """A file taken out of an archive, named relative to the unpack folder (a `SourceFile` for the import)."""

    name: str
    size: int


@dataclass
class Unpacked:
    """What came out of a download's archives, and what could not be unpacked and why."""

    root: Path
    files: list[UnpackedFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _tool(name: str) -> str:
    """The tool's full path; ValueError (said as the archive's problem) when it is not installed."""
    path = shutil.which(name)
    if path is None:
        raise ValueError(f"archives cannot be unpacked here: {name} is not installed (apt-get install unar)")
    return path


def _run(argv: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    # A fixed argv of our own: the tool's full path, options, and paths inside our download folder.
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603


def first_volumes(names: Iterable[str]) -> list[str]:
    """The archives to open, one per set (later volumes are found by the tool beside the first)."""
    return sorted(name for name in names if _FIRST_VOLUME.search(name) and not _LATER_PART.search(name))


def _listed_size(archive: Path) -> int:
    """What the archive says it unpacks to, in bytes (ValueError when it cannot be read)."""
    done = _run([_tool("lsar"), "-j", str(archive)], LIST_TIMEOUT_S)
    if done.returncode != 0:
        raise ValueError(f"{archive.name} cannot be read ({done.stderr.strip() or 'damaged or incomplete'})")
    contents = json.loads(done.stdout).get("lsarContents", [])
    if any(entry.get("XADIsEncrypted") or entry.get("RAREncrypted") for entry in contents):
        raise ValueError(f"{archive.name} is protected by a password")
    return sum(int(entry.get("XADFileSize", 0)) for entry in contents if not entry.get("XADIsDirectory"))


def _volume_bytes(archive: Path) -> int:
    """The archive's size, every volume of its set counted."""
    stem = _LATER_PART.sub("", archive.name)
    stem = re.sub(r"(\.part0*1)?\.rar$", "", stem, flags=re.IGNORECASE)
    volumes = [p for p in archive.parent.iterdir() if p.is_file() and p.name.startswith(stem)]
    return sum(p.stat().st_size for p in volumes) or archive.stat().st_size


def unpack(source_root: Path, names: Iterable[str], into: Path) -> Unpacked:
    """Unpack every archive among `names` (relative to `source_root`) into folders under `into`."""
    result = Unpacked(root=into)
    for index, name in enumerate(first_volumes(names)):
        archive = source_root / PurePosixPath(name)
        if not archive.is_file():
            result.problems.append(f"{name} is not on disk")
            continue
        try:
            size = _listed_size(archive)
        except (ValueError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
            result.problems.append(str(exc))
            continue
        bound = _volume_bytes(archive) * MAX_GROWTH + SLACK_BYTES
        if size > bound:
            result.problems.append(f"{name} would unpack to {size // 2**20} MB, more than its size allows")
            continue
        into.mkdir(parents=True, exist_ok=True)
        if shutil.disk_usage(into).free < size + SLACK_BYTES:
            result.problems.append(f"not enough free space to unpack {name}")
            continue
        target = into / str(index)
        try:
            done = _run([_tool("unar"), "-q", "-f", "-D", "-o", str(target), str(archive)], UNPACK_TIMEOUT_S)
        except (ValueError, subprocess.TimeoutExpired) as exc:
            result.problems.append(str(exc))
            continue
        if done.returncode != 0:
            result.problems.append(f"{name} could not be unpacked ({done.stderr.strip() or 'damaged'})")
            continue
        result.files.extend(_files_under(into, target))
    return result


def _files_under(root: Path, folder: Path) -> list[UnpackedFile]:
    """Regular files under `folder`, named relative to `root`; links and anything outside are left out."""
    inside = root.resolve()
    files = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(inside):
            continue
        files.append(UnpackedFile(path.relative_to(root).as_posix(), path.stat().st_size))
    return files


def remove(into: Path) -> None:
    """Delete an unpack folder (its files are in the library by now, or not wanted)."""
    shutil.rmtree(into, ignore_errors=True)


def import_from_archives(
    target: ImportTarget,
    source_root: Path,
    names: Iterable[str],
    roots: LibraryRoots,
    *,
    into: Path,
    before_writing: Callable[[Path], None] | None = None,
) -> tuple[ImportResult | None, list[str]]:
    """Unpack the download's archives into `into`, import what they hold, then remove `into`.

    Returns the import's result (None when nothing could be unpacked) and the archives' problems in words.
    """
    try:
        unpacked = unpack(source_root, names, into)
        if not unpacked.files:
            return None, unpacked.problems
        result = run_import(target, into, unpacked.files, roots, before_writing=before_writing)
        return result, unpacked.problems
    finally:
        remove(into)
