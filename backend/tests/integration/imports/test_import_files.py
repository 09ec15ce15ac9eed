"""Importing on a real filesystem: hardlink or copy, Plex names, no overwrite, reruns, partial cleanup."""

from __future__ import annotations

import fcntl
import os
import uuid
from pathlib import Path

import pytest

from app.imports import (
    ImportRootError,
    ImportTarget,
    LibraryRoots,
    SkipReason,
    put_back_set_aside,
    remove_from_library,
    run_import,
)
from app.integrations.qbittorrent import TorrentFile
from tests.integration.imports.conftest import Tree

pytestmark = pytest.mark.integration

FILM = ImportTarget.movie("Inception", 2010)
RELEASE = "Inception.2010.1080p.BluRay.x264-SPARKS"
MOVIE_DIR = "Movies/Inception (2010)"


def film_torrent(tree: Tree) -> list:  # type: ignore[type-arg]
    return [
        tree.add(f"{RELEASE}/{RELEASE.lower()}.mkv", 400_000),
        tree.add(f"{RELEASE}/Sample/{RELEASE.lower()}-sample.mkv", 20_000),
        tree.add(f"{RELEASE}/Subs/2_English.srt", 3_000),
        tree.add(f"{RELEASE}/Subs/4_French.srt", 2_900),
        tree.add(f"{RELEASE}/{RELEASE}.nfo", 500),
        tree.add(f"{RELEASE}/setup.exe", 900),
    ]


def test_a_film_is_hardlinked_under_its_plex_name_with_its_subtitles(tree: Tree) -> None:
    result = run_import(FILM, tree.downloads, film_torrent(tree), tree.roots)

    assert tree.library_files() == [
        f"{MOVIE_DIR}/Inception (2010).en.srt",
        f"{MOVIE_DIR}/Inception (2010).fr.srt",
        f"{MOVIE_DIR}/Inception (2010).mkv",
    ]
    video = tree.library / MOVIE_DIR / "Inception (2010).mkv"
    source = tree.downloads / RELEASE / f"{RELEASE.lower()}.mkv"
    assert os.stat(video).st_ino == os.stat(source).st_ino  # seeding goes on from the same bytes
    assert {item.method for item in result.imported} == {"hardlink"}
    assert result.folders == (tree.library / MOVIE_DIR,)
    assert result.ok
    assert result.summary == f"Imported 3 files into {MOVIE_DIR}; 3 files of the torrent left out."
    assert [item.library_path for item in result.videos] == [f"{MOVIE_DIR}/Inception (2010).mkv"]


def test_copy_when_asked_gives_an_independent_file_with_the_same_bytes(tree: Tree) -> None:
    files = film_torrent(tree)
    result = run_import(FILM, tree.downloads, files, tree.roots, hardlink=False)

    video = tree.library / MOVIE_DIR / "Inception (2010).mkv"
    source = tree.downloads / RELEASE / f"{RELEASE.lower()}.mkv"
    assert os.stat(video).st_ino != os.stat(source).st_ino
    assert video.read_bytes() == source.read_bytes()
    assert {item.method for item in result.imported} == {"copy"}
    assert not any(name.endswith(".partial") for name in os.listdir(tree.library / MOVIE_DIR))


def test_a_library_on_another_filesystem_is_copied_to(tree: Tree) -> None:
    shm = Path("/dev/shm")
    if shm.is_dir() and os.stat(shm).st_dev != os.stat(tree.top).st_dev and os.access(shm, os.W_OK):
        library = shm / f"plexkiosk-test-{uuid.uuid4().hex}"
        library.mkdir()
        hardlink = True  # allowed, but impossible across filesystems
    else:
        library, hardlink = tree.library, False  # no second filesystem here: the forced copy path instead
    try:
        result = run_import(
            FILM, tree.downloads, film_torrent(tree), LibraryRoots.under(library), hardlink=hardlink
        )
        video = library / MOVIE_DIR / "Inception (2010).mkv"
        assert video.read_bytes() == (tree.downloads / RELEASE / f"{RELEASE.lower()}.mkv").read_bytes()
        assert {item.method for item in result.imported} == {"copy"}
        assert sorted(os.listdir(library / MOVIE_DIR)) == [
            "Inception (2010).en.srt",
            "Inception (2010).fr.srt",
            "Inception (2010).mkv",
        ]
    finally:
        if library != tree.library:
            for path in sorted(library.rglob("*"), reverse=True):
                path.rmdir() if path.is_dir() else path.unlink()
            library.rmdir()


def test_a_season_pack_lands_in_season_folders_with_only_the_requested_episodes(tree: Tree) -> None:
    pack = "Breaking.Bad.S01.1080p.BluRay.x264-ROVERS"
    files = [
        tree.add(f"{pack}/Breaking.Bad.S01E0{n}.1080p.BluRay.x264-ROVERS.mkv", 100_000 + n)
        for n in range(1, 6)
    ]
    files.append(tree.add(f"{pack}/Breaking.Bad.S01E02.1080p.BluRay.x264-ROVERS.fr.srt", 2_000))
    show = ImportTarget.show(
        "Breaking Bad",
        2008,
        episodes={"1": [1, 2, 7]},
        episode_titles={(1, 1): "Pilot", (1, 2): "Cat's in the Bag..."},
    )

    result = run_import(show, tree.downloads, files, tree.roots)

    season = "TV Shows/Breaking Bad (2008)/Season 01"
    assert tree.library_files() == [
        f"{season}/Breaking Bad (2008) - s01e01 - Pilot.mkv",
        f"{season}/Breaking Bad (2008) - s01e02 - Cat's in the Bag.fr.srt",
        f"{season}/Breaking Bad (2008) - s01e02 - Cat's in the Bag.mkv",
    ]
    assert result.folders == (tree.library / season,)
    assert result.episodes == ((1, 1), (1, 2))
    assert result.missing_episodes == ((1, 7),)
    assert result.summary == (
        f"Imported 3 files into {season}; missing S01E07; 3 files of the torrent left out."
    )


def test_two_seasons_give_two_folders_to_scan(tree: Tree) -> None:
    files = [
        tree.add(f"The.Wire.S0{season}/The.Wire.S0{season}E0{episode}.mkv", 100_000 + episode)
        for season in (1, 2)
        for episode in (1, 2)
    ]
    result = run_import(ImportTarget.show("The Wire", 2002), tree.downloads, files, tree.roots)
    show = tree.library / "TV Shows" / "The Wire (2002)"
    assert result.folders == (show / "Season 01", show / "Season 02")
    assert result.summary == "Imported 4 files into TV Shows/The Wire (2002)/Season 01 and Season 02."


def test_a_rerun_finds_everything_in_place_and_changes_nothing(tree: Tree) -> None:
    files = film_torrent(tree)
    run_import(FILM, tree.downloads, files, tree.roots, hardlink=False)
    before = tree.snapshot()

    again = run_import(FILM, tree.downloads, files, tree.roots, hardlink=False)

    assert tree.snapshot() == before
    assert {item.method for item in again.imported} == {"already-present"}
    assert again.ok and again.folders == (tree.library / MOVIE_DIR,)
    assert again.summary.startswith(f"Already in the library: 3 files in {MOVIE_DIR}")
    hardlinked = run_import(FILM, tree.downloads, files, tree.roots)  # the same bytes, found by content
    assert {item.method for item in hardlinked.imported} == {"already-present"}


@pytest.mark.parametrize("same_size", [True, False], ids=["same size", "other size"])
def test_a_different_file_under_the_name_is_never_overwritten(tree: Tree, same_size: bool) -> None:
    files = film_torrent(tree)
    existing = tree.library / MOVIE_DIR / "Inception (2010).mkv"
    existing.parent.mkdir(parents=True)
    theirs = b"x" * (400_000 if same_size else 1234)
    existing.write_bytes(theirs)

    result = run_import(FILM, tree.downloads, files, tree.roots)

    assert existing.read_bytes() == theirs
    assert [conflict.library_path for conflict in result.conflicts] == [f"{MOVIE_DIR}/Inception (2010).mkv"]
    assert "different file" in result.conflicts[0].reason
    assert not result.ok
    # The subtitles of a video that was not imported would describe someone else's file.
    assert tree.library_files() == [f"{MOVIE_DIR}/Inception (2010).mkv"]
    assert "1 not imported because a different file already has the name" in result.summary


def test_a_replacement_keeps_the_old_copy_hidden_until_plex_has_the_new_one(tree: Tree) -> None:
    old = tree.library / MOVIE_DIR / "Inception (2010).mkv"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"the old copy")
    source = tree.downloads / RELEASE / f"{RELEASE.lower()}.mkv"

    result = run_import(FILM, tree.downloads, film_torrent(tree), tree.roots, replace=True)

    assert result.ok and old.read_bytes() == source.read_bytes()
    [kept] = result.set_aside
    # Hidden (Plex skips dot files) and no partial file: a later import into the folder leaves it alone.
    assert kept.path == old and kept.aside.parent == old.parent and kept.aside.name.startswith(".")
    assert kept.aside.read_bytes() == b"the old copy"
    run_import(FILM, tree.downloads, film_torrent(tree), tree.roots, replace=True)
    assert kept.aside.read_bytes() == b"the old copy"

    # Plex lists the new one: the old one goes; a name outside the library is never touched.
    (tree.outside / "keep.mkv").write_bytes(b"x")
    remove_from_library(tree.library, [str(kept.aside.relative_to(tree.library)), "../outside/keep.mkv"])
    assert not kept.aside.exists() and old.read_bytes() == source.read_bytes()
    assert (tree.outside / "keep.mkv").exists()


def test_a_replacement_that_fails_gives_the_old_copy_its_name_back(tree: Tree) -> None:
    old = tree.library / MOVIE_DIR / "Inception (2010).mkv"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"the old copy")
    source = tree.downloads / RELEASE / f"{RELEASE.lower()}.mkv"
    result = run_import(FILM, tree.downloads, film_torrent(tree), tree.roots, replace=True)

    put_back_set_aside(result.set_aside)

    assert old.read_bytes() == b"the old copy"
    assert [p.name for p in old.parent.iterdir() if p.name.startswith(".")] == []
    assert source.exists(), "the download itself is untouched (it still seeds)"


def test_partial_files_of_a_dead_run_are_removed_and_a_live_one_is_left(tree: Tree) -> None:
    folder = tree.library / MOVIE_DIR
    folder.mkdir(parents=True)
    dead = folder / ".plexkiosk-0123456789abcdef.partial"
    dead.write_bytes(b"half a film")
    alive = folder / ".plexkiosk-fedcba9876543210.partial"
    alive.write_bytes(b"being written")
    with alive.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # what a running import holds on its partial file
        result = run_import(FILM, tree.downloads, film_torrent(tree), tree.roots, hardlink=False)
        assert not dead.exists()
        assert alive.exists()
    assert result.ok


def test_a_file_still_downloading_is_left_out(tree: Tree) -> None:
    files = film_torrent(tree)
    source = tree.downloads / RELEASE / f"{RELEASE.lower()}.mkv"
    source.write_bytes(source.read_bytes()[:1000])  # qBittorrent's list is ahead of the disk

    result = run_import(FILM, tree.downloads, files, tree.roots)

    assert tree.library_files() == []
    assert any("incomplete on disk" in item.reason for item in result.skipped)
    assert not result.ok and result.summary.startswith("Nothing imported")


def test_missing_roots_are_an_error_before_anything_is_touched(tree: Tree) -> None:
    files = film_torrent(tree)
    with pytest.raises(ImportRootError, match="download folder"):
        run_import(FILM, tree.top / "gone", files, tree.roots)
    with pytest.raises(ImportRootError, match="library folder"):
        run_import(FILM, tree.downloads, files, LibraryRoots.under(tree.top / "unmounted"))
    assert not (tree.top / "unmounted").exists()


def test_a_title_with_no_usable_name_imports_nothing_and_says_so(tree: Tree) -> None:
    result = run_import(ImportTarget.movie("???", None), tree.downloads, film_torrent(tree), tree.roots)
    assert result.imported == () and result.failures == ()
    assert result.problem and result.summary.startswith("Nothing imported: the title '???'")
    assert tree.library_files() == []


def test_files_qbittorrent_skipped_or_did_not_finish_are_left_out(tree: Tree) -> None:
    """qBittorrent lists skipped files too (priority 0): a larger one must not hide the film on disk."""
    files = film_torrent(tree)
    files.append(
        TorrentFile(name=f"{RELEASE}/Inception.2010.2160p.mkv", size=900_000, progress=0.0, priority=0)
    )
    files.append(
        TorrentFile(name=f"{RELEASE}/Inception.2010.720p.mkv", size=800_000, progress=0.5, priority=1)
    )
    result = run_import(FILM, tree.downloads, files, tree.roots)
    assert [item.library_path for item in result.videos] == [f"{MOVIE_DIR}/Inception (2010).mkv"]
    assert [item.code for item in result.skipped].count(SkipReason.NOT_ON_DISK) == 2
