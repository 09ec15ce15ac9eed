"""Hostile torrents on a real filesystem: nothing outside the download folder is read, nothing outside the
library is written, whatever the names and links inside the torrent or the library say."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app.imports import ImportRootError, ImportTarget, SkipReason, run_import
from app.integrations.qbittorrent import TorrentFile
from tests.integration.imports.conftest import Tree, listed

pytestmark = pytest.mark.integration

FILM = ImportTarget.movie("Movie", 2010)
SECRET = b"secret bytes that must never reach the library|" * 20_000  # larger than any honest file here


def plant_secret(tree: Tree) -> Path:
    """A video-looking file outside the download folder, with an old access time to catch any read."""
    secret = tree.outside / "secret.mkv"
    secret.write_bytes(SECRET)
    past = time.time_ns() - 3600 * 10**9
    os.utime(secret, ns=(past, time.time_ns()))  # atime before mtime: relatime updates it on the next read
    return secret


def assert_untouched(tree: Tree, before: dict[str, tuple[str, int, int]], secret: Path, atime: int) -> None:
    after = tree.snapshot()
    outside_library = {path: entry for path, entry in after.items() if not path.startswith("library/")}
    assert outside_library == {
        path: entry for path, entry in before.items() if not path.startswith("library/")
    }
    for path in tree.library.rglob("*"):
        assert not path.is_symlink()
        if path.is_file():
            assert path.read_bytes() != SECRET
            assert path.resolve().is_relative_to(tree.library.resolve())
    assert os.stat(secret).st_atime_ns == atime


def test_hostile_names_never_read_or_write_outside_their_roots(tree: Tree) -> None:
    secret = plant_secret(tree)
    honest = tree.add("Movie.2010.1080p.WEB.x264-GRP/Movie.2010.1080p.WEB.x264-GRP.mkv", 50_000)
    rtl = "Movie.2010.1080p.WEB.x264-GRP/Movie.2010.\u202evkm.exe"
    rtl_video = "Movie.2010.1080p.WEB.x264-GRP/Movie\u202e.2010.mkv"
    tree.add(rtl, 90_000)
    tree.add(rtl_video, 900_000)
    hostile = [
        listed("../outside/secret.mkv", len(SECRET)),
        listed("Movie.2010.1080p.WEB.x264-GRP/../../outside/secret.mkv", len(SECRET)),
        listed(str(secret), len(SECRET)),
        listed("Movie.2010.1080p.WEB.x264-GRP/Movie\x00.mkv", len(SECRET)),
        listed("Movie.2010.1080p.WEB.x264-GRP/" + "a" * 4096 + ".mkv", len(SECRET)),
        listed("Movie.2010.1080p.WEB.x264-GRP/" + "b" * 300 + ".mkv", len(SECRET)),
        listed("C:\\outside\\secret.mkv", len(SECRET)),
        listed(rtl, 90_000),
        listed(rtl_video, 900_000),
        listed("Movie.2010.1080p.WEB.x264-GRP//Movie.mkv", len(SECRET)),
    ]
    atime = os.stat(secret).st_atime_ns
    before = tree.snapshot()

    result = run_import(FILM, tree.downloads, [honest, *hostile], tree.roots)

    assert_untouched(tree, before, secret, atime)
    assert tree.library_files() == ["Movies/Movie (2010)/Movie (2010).mkv"]
    assert (tree.library / "Movies/Movie (2010)/Movie (2010).mkv").read_bytes() == (
        tree.downloads / honest.name
    ).read_bytes()
    assert [item.code for item in result.skipped] == [SkipReason.UNSAFE_NAME] * len(hostile)
    for item in result.skipped:
        assert "\x00" not in item.source and "\u202e" not in item.source and len(item.source) <= 160


def test_symbolic_links_inside_the_torrent_are_never_followed(tree: Tree) -> None:
    secret = plant_secret(tree)
    release = tree.downloads / "Movie.2010.1080p"
    release.mkdir()
    (release / "Movie.2010.1080p.mkv").symlink_to(secret)  # BEP 47 torrents can carry links
    (release / "Linked").symlink_to(tree.outside, target_is_directory=True)
    files = [
        listed("Movie.2010.1080p/Movie.2010.1080p.mkv", len(SECRET)),
        listed("Movie.2010.1080p/Linked/secret.mkv", len(SECRET)),
    ]
    atime = os.stat(secret).st_atime_ns
    before = tree.snapshot()

    for file in files:
        result = run_import(FILM, tree.downloads, [file], tree.roots, hardlink=False)
        assert [(item.code, item.reason) for item in result.skipped] == [
            (SkipReason.NOT_ON_DISK, "reached through a symbolic link, never followed")
        ]
        assert not result.ok

    assert_untouched(tree, before, secret, atime)
    assert tree.library_files() == []


@pytest.mark.parametrize("linked", ["Movies", "Movies/Movie (2010)"])
def test_a_link_planted_in_the_library_is_not_written_through(tree: Tree, linked: str) -> None:
    """A folder of the library replaced by a link to elsewhere: refused, reported, nothing written there."""
    honest = tree.add("Movie.2010.1080p/Movie.2010.1080p.mkv", 50_000)
    link = tree.library / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(tree.outside, target_is_directory=True)
    before = tree.snapshot()

    if linked == "Movies":
        with pytest.raises(ImportRootError, match="never write through links"):
            run_import(FILM, tree.downloads, [honest], tree.roots)
    else:
        result = run_import(FILM, tree.downloads, [honest], tree.roots)
        assert result.videos == () and not result.ok
        assert [failure.reason for failure in result.failures] == [
            "'Movie (2010)' in the library is a link or a file, not a folder"
        ]

    assert tree.snapshot() == before
    assert os.listdir(tree.outside) == []


def test_a_name_that_sanitizes_to_nothing_in_a_title_writes_nothing(tree: Tree) -> None:
    honest = tree.add("X/Film.mkv", 50_000)
    before = tree.snapshot()
    result = run_import(ImportTarget.movie("../..", None), tree.downloads, [honest], tree.roots)
    assert result.imported == () and result.problem
    assert {path for path in tree.snapshot() if path not in before} <= {"library/Movies"}


def test_torrent_file_objects_from_qbittorrent_are_accepted_as_they_come(tree: Tree) -> None:
    honest = tree.add("Movie.2010/Movie.2010.mkv", 50_000)
    as_listed = TorrentFile(name=honest.name, size=honest.size, progress=1.0, priority=4)
    assert run_import(FILM, tree.downloads, [as_listed], tree.roots).ok
