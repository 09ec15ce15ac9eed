"""Putting one file into the library: confined to its roots, hardlinked or copied atomically, no overwrite.

Sources must be regular files reached without any symbolic link below the download root; destinations are
folders created one component at a time below the library root, none of them a link. A copy is written to
`.plexkiosk-<uuid>.partial` in the destination folder, synced, then given its name with link(2), which fails
instead of replacing an existing file. The writer holds an flock on its partial file, so a later run removes
only partial files whose writer is gone.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import uuid
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO, Literal, NoReturn

from pathvalidate import ValidationError, validate_filename

PARTIAL_PREFIX = ".plexkiosk-"
PARTIAL_SUFFIX = ".partial"
_COPY_CHUNK = 64 * 1024 * 1024
_COMPARE_CHUNK = 1024 * 1024
# link(2) refused for reasons a copy gets around: other filesystem, no hardlinks there, link limit, policy.
_NO_HARDLINK = frozenset(
    {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES}
)
_NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC


class RootMissing(RuntimeError):
    """The download folder or the library folder is not there (unmounted disk, wrong setting)."""


class SourceProblem(RuntimeError):
    """The torrent's file is not a plain, complete file inside the download folder."""


class UnsafeFolder(RuntimeError):
    """A library folder on the way is a link or a file: writing there could land outside the library."""


class DestinationTaken(RuntimeError):
    """A different file already has the destination name."""


def existing_root(path: Path, what: str) -> Path:
    """`path` resolved, or RootMissing when it is not an existing folder."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise RootMissing(f"the {what} {path} does not exist") from exc
    if not resolved.is_dir():
        raise RootMissing(f"the {what} {path} is not a folder")
    return resolved


def category_root(path: Path) -> Path:
    """The Movies or TV Shows folder, created inside an existing library root if needed; never a link."""
    parent = existing_root(path.parent, "library folder")
    with suppress(FileExistsError):
        path.mkdir()
    if not stat.S_ISDIR(os.lstat(path).st_mode):
        raise RootMissing(f"the library folder {path} is a link or a file; imports never write through links")
    return parent / path.name


def check_source(root: Path, parts: tuple[str, ...], size: int) -> tuple[Path, os.stat_result]:
    """The source's path and identity; SourceProblem unless it is a complete regular file under `root`."""
    path = root.joinpath(*parts)
    try:
        info = os.lstat(path)
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise SourceProblem("not found in the download folder") from exc
    if resolved != path:
        raise SourceProblem("reached through a symbolic link, never followed")
    if not stat.S_ISREG(info.st_mode):
        raise SourceProblem("not a regular file")
    if info.st_size != size:
        raise SourceProblem(f"incomplete on disk ({info.st_size} of {size} bytes)")
    return path, info


def prepare_folder(root: Path, parts: tuple[str, ...]) -> Path:
    """Create `root/parts…` one folder at a time, refusing any component that is a link or a file."""
    current = root
    for part in parts:
        _check_component(part)
        current = current / part
        with suppress(FileExistsError):
            current.mkdir()
        info = os.lstat(current)
        if not stat.S_ISDIR(info.st_mode):
            raise UnsafeFolder(f"{part!r} in the library is a link or a file, not a folder")
    if current.resolve(strict=True) != current:
        raise UnsafeFolder("the destination folder resolves outside the library")
    return current


def _check_component(part: str) -> None:
    try:
        validate_filename(part, platform="universal")
    except ValidationError as exc:
        raise UnsafeFolder(f"{part!r} is not a safe name") from exc
    if part in (".", "..") or part.startswith("."):
        raise UnsafeFolder(f"{part!r} is not a safe name")


def place(
    source: Path, source_info: os.stat_result, folder: Path, name: str, *, hardlink: bool = True
) -> Literal["hardlink", "copy", "already-present"]:
    """Put `source` at `folder/name`: hardlink if allowed and possible, else an atomic copy; no overwrite."""
    _check_component(name)
    destination = folder / name
    if _already_there(source, source_info, destination):
        return "already-present"
    if hardlink and os.stat(folder).st_dev == source_info.st_dev:
        try:
            os.link(source, destination, follow_symlinks=False)
        except FileExistsError:
            if _already_there(source, source_info, destination):
                return "already-present"
            # gone again in between: the copy below deals with it
        except OSError as exc:
            if exc.errno not in _NO_HARDLINK:
                raise
        else:
            if not _same_inode(os.lstat(destination), source_info):
                os.unlink(destination)  # the source was swapped for something else between check and link
                raise SourceProblem("changed while being imported")
            sync_folder(folder)
            return "hardlink"
    return _copy(source, source_info, folder, destination)


def set_aside(folder: Path, name: str) -> Path:
    """Rename the plain file at `folder/name` to a hidden name beside it (a replacement is coming); the
    hidden path. UnsafeFolder when what holds the name is not a plain file."""
    _check_component(name)
    current = folder / name
    if not stat.S_ISREG(os.lstat(current).st_mode):
        raise UnsafeFolder(f"{name!r} is not a plain file; it was left alone")
    aside = folder / f"{PARTIAL_PREFIX}{uuid.uuid4().hex}.replaced"
    os.rename(current, aside)
    return aside


def put_back(aside: Path, folder: Path, name: str) -> None:
    """Undo `set_aside` when the replacement could not be placed (unless something took the name since)."""
    if not os.path.lexists(folder / name):
        os.rename(aside, folder / name)


def _already_there(source: Path, source_info: os.stat_result, destination: Path) -> bool:
    """True when `destination` is this very file (same inode, or same size and bytes); DestinationTaken if
    another file holds the name."""
    try:
        info = os.lstat(destination)
    except FileNotFoundError:
        return False
    if _same_inode(info, source_info):
        return True
    if (
        stat.S_ISREG(info.st_mode)
        and info.st_size == source_info.st_size
        and same_content(source, destination)
    ):
        return True
    _taken(info)


def _taken(info: os.stat_result) -> NoReturn:
    what = "a different file" if stat.S_ISREG(info.st_mode) else "something that is not a plain file"
    raise DestinationTaken(f"{what} already has this name; it was left alone")


def _same_inode(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def same_content(first: Path, second: Path) -> bool:
    """True when both files hold the same bytes (read side by side, stopping at the first difference)."""
    with _read_only(first) as a, _read_only(second) as b:
        while True:
            chunk = a.read(_COMPARE_CHUNK)
            if chunk != b.read(_COMPARE_CHUNK):
                return False
            if not chunk:
                return True


def _read_only(path: Path) -> BinaryIO:
    return open(os.open(path, os.O_RDONLY | _NOFOLLOW), "rb")  # closed by the caller's with


def _copy(
    source: Path, source_info: os.stat_result, folder: Path, destination: Path
) -> Literal["copy", "already-present"]:
    partial, out = _new_partial(folder)
    try:
        source_fd = os.open(source, os.O_RDONLY | _NOFOLLOW)
        try:
            if not _same_inode(os.fstat(source_fd), source_info):
                raise SourceProblem("changed while being imported")
            _copy_bytes(source_fd, out, source_info.st_size)
        finally:
            os.close(source_fd)
        os.fsync(out)
        return _commit(partial, destination, source, source_info)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(partial)
        os.close(out)  # last: the lock tells other runs this partial file is alive until it is gone
        sync_folder(folder)


def _new_partial(folder: Path) -> tuple[Path, int]:
    """A fresh, locked partial file in `folder` (made again if a cleaner removed it before the lock)."""
    while True:
        partial = folder / f"{PARTIAL_PREFIX}{uuid.uuid4().hex}{PARTIAL_SUFFIX}"
        out = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
        fcntl.flock(out, fcntl.LOCK_EX)
        with suppress(FileNotFoundError):
            if _same_inode(os.lstat(partial), os.fstat(out)):
                return partial, out
        os.close(out)


def _copy_bytes(source_fd: int, out: int, size: int) -> None:
    offset = 0
    try:
        while offset < size:
            sent = os.sendfile(out, source_fd, offset, min(_COPY_CHUNK, size - offset))
            if sent == 0:
                break
            offset += sent
    except OSError as exc:
        if offset or exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        while offset < size:  # no sendfile between these two files: plain reads and writes
            chunk = os.pread(source_fd, min(_COMPARE_CHUNK, size - offset), offset)
            if not chunk:
                break
            os.write(out, chunk)
            offset += len(chunk)
    if offset != size:
        raise SourceProblem(f"shrank while being copied ({offset} of {size} bytes)")


def _commit(
    partial: Path, destination: Path, source: Path, source_info: os.stat_result
) -> Literal["copy", "already-present"]:
    """Give the finished copy its name without ever replacing a file that appeared meanwhile."""
    for _attempt in range(3):
        try:
            os.link(partial, destination, follow_symlinks=False)
            return "copy"
        except FileExistsError:
            pass
        except OSError as exc:
            if exc.errno not in _NO_HARDLINK:
                raise
            # A filesystem without hardlinks (exFAT, some network shares): rename, after a last look.
            if not os.path.lexists(destination):
                os.rename(partial, destination)
                return "copy"
        if _already_there(source, source_info, destination):
            return "already-present"
    raise DestinationTaken("the destination name kept changing while the file was being imported")


def sync_folder(folder: Path) -> None:
    """fsync a folder so a new name in it survives a power cut."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_partials(folder: Path) -> int:
    """Delete partial files left in `folder` by runs that died (their lock is gone); returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for entry in entries:
        if not (entry.name.startswith(PARTIAL_PREFIX) and entry.name.endswith(PARTIAL_SUFFIX)):
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        try:
            fd = os.open(entry.path, os.O_RDONLY | _NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # another run is writing it right now
        else:
            with suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed += 1
        finally:
            os.close(fd)
    if removed:
        sync_folder(folder)
    return removed
