"""Can the import hardlink from the download folder into the library? Asked the only reliable way: by making
one link. Two folders on one disk can still be two filesystems to the kernel (two Docker bind mounts, two
NFS exports), and then every import is a full copy while the torrent keeps seeding: twice the space.
"""

from __future__ import annotations

import errno
import os
import tempfile
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HardlinkCheck:
    """Whether imports will hardlink, and why not."""

    possible: bool
    message: str


def check_hardlinks(download_root: Path, library_root: Path) -> HardlinkCheck:
    """Make a file in `download_root`, link it into `library_root`, remove both, and say what happened."""
    if not (download_root.is_dir() and library_root.is_dir()):
        return HardlinkCheck(False, "not checked: the download or library folder is missing")
    try:
        source = tempfile.NamedTemporaryFile(dir=download_root, prefix=".plexkiosk-linktest-")  # noqa: SIM115
    except OSError as exc:
        return HardlinkCheck(False, f"not checked: cannot write in {download_root} ({exc.strerror})")
    link = library_root / f".plexkiosk-linktest-{uuid.uuid4().hex}"
    try:
        os.link(source.name, link)
    except OSError as exc:
        if exc.errno == errno.EXDEV:
            return HardlinkCheck(
                False,
                f"{download_root} and {library_root} are on different filesystems (or separate mounts): "
                "imports will copy every file, taking the space twice while torrents seed. Put both under "
                "one folder and one mount (e.g. /data/downloads and /data/media).",
            )
        return HardlinkCheck(
            False, f"imports will copy: a hardlink into {library_root} failed ({exc.strerror})"
        )
    finally:
        with suppress(FileNotFoundError):
            link.unlink()
        source.close()
    return HardlinkCheck(True, f"imports hardlink from {download_root} into {library_root} (no extra space)")
