"""A worker killed in the middle of a copy: the rerun cleans its partial file and finishes the import."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from app.imports import ImportTarget, run_import
from tests.integration.imports.conftest import Tree, listed
from tests.processes import running, wait_until

pytestmark = pytest.mark.integration

SIZE = 128 * 1024**2  # sparse source; a copy of it lasts far longer than the 2 ms between looks
RELEASE = "Big.Movie.2019.2160p.UHD.BluRay.x265-GRP"
CHILD = """
import json, sys
from pathlib import Path
from app.imports import ImportTarget, LibraryRoots, run_import
from app.integrations.qbittorrent import TorrentFile
args = json.loads(sys.argv[1])
run_import(
    ImportTarget.movie("Big Movie", 2019),
    Path(args["downloads"]),
    [TorrentFile(name=args["name"], size=args["size"], progress=1.0, priority=1)],
    LibraryRoots.under(Path(args["library"])),
    hardlink=False,
)
"""


def partials(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".partial")] if folder.is_dir() else []


def test_a_copy_killed_halfway_leaves_no_partial_after_the_rerun(tree: Tree) -> None:
    name = f"{RELEASE}/{RELEASE}.mkv"
    source = tree.downloads / name
    source.parent.mkdir()
    with source.open("wb") as handle:
        handle.truncate(SIZE)
        handle.seek(SIZE - 5)
        handle.write(b"final")
    folder = tree.library / "Movies" / "Big Movie (2019)"
    args = json.dumps(
        {"downloads": str(tree.downloads), "library": str(tree.library), "name": name, "size": SIZE}
    )

    with running([sys.executable, "-c", CHILD, args], log=tree.top / "child.log") as child:
        wait_until(
            lambda: bool(partials(folder)) or child.poll() is not None,
            timeout=60,
            what="the copy to start",
            interval=0.002,
        )
        child.kill()  # SIGKILL: no cleanup code runs, like a worker lost to the OOM killer
        child.wait(timeout=10)
    left = partials(folder)
    assert left, f"the copy finished before it could be interrupted: {(tree.top / 'child.log').read_text()}"
    assert not (folder / "Big Movie (2019).mkv").exists()  # never a half file under the final name

    result = run_import(
        ImportTarget.movie("Big Movie", 2019),
        tree.downloads,
        [listed(name, SIZE)],
        tree.roots,
        hardlink=False,
    )

    assert partials(folder) == []
    assert result.ok and [item.method for item in result.imported] == ["copy"]
    final = folder / "Big Movie (2019).mkv"
    assert final.stat().st_size == SIZE
    with final.open("rb") as handle:
        handle.seek(SIZE - 5)
        assert handle.read() == b"final"
