"""Names from untrusted places: hostile torrent names are refused, hostile titles become safe folder names."""

from __future__ import annotations

import pytest
from pathvalidate import validate_filename

from app.imports import ImportTarget, SkipReason, plan_import
from app.imports.naming import episode_path, episodes_named
from app.imports.safe_paths import display_name, safe_component
from app.integrations.qbittorrent import TorrentFile

GB = 1024**3
HOSTILE_SOURCE_NAMES = {
    "dotdot": "Movie.2010/../../../etc/cron.d/evil.mkv",
    "bare dotdot": "../Movie.2010.1080p.mkv",
    "absolute": "/etc/passwd.mkv",
    "windows absolute": "C:\\Windows\\evil.mkv",
    "unc": "\\\\server\\share\\evil.mkv",
    "nul": "Movie.2010/Movie\x00.mkv",
    "4 KB": "Movie.2010/" + "a" * 4096 + ".mkv",
    "long component": "Movie.2010/" + "é" * 200 + ".mkv",
    "rtl override": "Movie.2010/Movie.2010.\u202evkm.exe",
    "rtl override hiding nothing": "Movie.2010/Movie\u202e.2010.mkv",
    "empty component": "Movie.2010//Movie.mkv",
    "dot component": "Movie.2010/./Movie.mkv",
    "newline": "Movie.2010/Movie\n.mkv",
}


def torrent(*files: tuple[str, int]) -> list[TorrentFile]:
    return [TorrentFile(name=name, size=size, progress=1.0, priority=1) for name, size in files]


@pytest.mark.parametrize("name", HOSTILE_SOURCE_NAMES.values(), ids=HOSTILE_SOURCE_NAMES.keys())
def test_hostile_torrent_names_are_never_opened(name: str) -> None:
    plan = plan_import(ImportTarget.movie("Movie", 2010), torrent((name, 4 * GB)))
    assert plan.files == ()
    assert [item.code for item in plan.skipped] == [SkipReason.UNSAFE_NAME]
    shown = plan.skipped[0].source
    assert "\x00" not in shown and "\u202e" not in shown and "\n" not in shown and len(shown) <= 160


def test_windows_reserved_and_odd_source_names_are_read_but_never_reused() -> None:
    """Library names come from the request, so a source called CON.mkv is safely renamed."""
    plan = plan_import(ImportTarget.movie("Movie", 2010), torrent(("Movie.2010/CON.mkv", 4 * GB)))
    assert [item.destination for item in plan.files] == [("Movie (2010)", "Movie (2010).mkv")]


@pytest.mark.parametrize(
    ("title", "folder"),
    [
        ("Mission: Impossible", "Mission - Impossible (1996)"),
        ("Face/Off", "Face-Off (1996)"),
        ("What If...?", "What If (1996)"),
        ("../../etc", "-..-etc (1996)"),
        ("..", "Nothing"),
        ("CON", "CON_ (1996)"),
        ("Amélie", "Amélie (1996)"),
        ("Evil\u202eepiv", "Evilepiv (1996)"),
        ("Tab\tand\nnewline", "Tab and newline (1996)"),
        ("Null\x00byte", "Nullbyte (1996)"),
        ("  spaced   out  ", "spaced out (1996)"),
        (".hack", "hack (1996)"),
    ],
)
def test_titles_become_safe_folder_names(title: str, folder: str) -> None:
    target = ImportTarget.movie(title, 1996)
    plan = plan_import(target, torrent(("X/Film.mkv", GB)))
    if folder == "Nothing":
        assert plan.files == () and plan.problem
        return
    assert plan.files[0].destination == (folder, f"{folder}.mkv")
    for part in plan.files[0].destination:
        validate_filename(part, platform="universal")


def test_a_title_with_nothing_usable_is_a_problem_not_a_guess() -> None:
    plan = plan_import(ImportTarget.movie("???", None), torrent(("X/Film.mkv", GB)))
    assert plan.files == ()
    assert plan.problem is not None and "no usable folder name" in plan.problem


def test_a_windows_reserved_title_without_a_year_is_renamed() -> None:
    plan = plan_import(ImportTarget.movie("nul", None), torrent(("X/Film.mkv", GB)))
    assert plan.files[0].destination == ("nul_", "nul_.mkv")


def test_very_long_titles_are_cut_to_fit_every_filesystem() -> None:
    show = ImportTarget.show("Ж" * 300, 2020, seasons=[1], episode_titles={(1, 1): "É" * 400})
    plan = plan_import(
        show,
        torrent(("S/Show.S01E01.mkv", GB), ("S/Show.S01E01.fr.forced.srt", 1000)),
    )
    assert len(plan.files) == 2
    for item in plan.files:
        for part in item.destination:
            assert len(part.encode("utf-8")) <= 255
            validate_filename(part, platform="universal")
    video, subtitle = (item.destination[-1] for item in plan.files)
    assert video.endswith(".mkv") and subtitle.endswith(".fr.forced.srt")
    assert subtitle.removesuffix(".fr.forced.srt") == video.removesuffix(".mkv")


def test_display_names_escape_what_would_hide_or_break_a_line() -> None:
    assert display_name("a\u202eb\x00c\nd") == "a\\u202eb\\u0000c\\u000ad"
    assert len(display_name("x" * 5000)) == 160


def test_safe_component_never_returns_a_path() -> None:
    for text in ("..", ".", "/", "a/../b", "\\..\\", "\u202e..", " . "):
        assert safe_component(text) not in (".", "..")
        assert "/" not in safe_component(text) and "\\" not in safe_component(text)


@pytest.mark.parametrize(
    ("numbers", "titles"),
    [([3], {}), ([1, 2], {}), ([4], {(2, 4): "Les Fantômes - s09e09 (partie 2)"}), ([10, 11, 12], {})],
)
def test_an_episode_file_name_reads_back_as_the_episodes_it_holds(
    numbers: list[int], titles: dict[tuple[int, int], str]
) -> None:
    # The import's better copies drop an old episode file only once the new copy brought its episodes.
    target = ImportTarget.show("Night Shift - s01e01", 2026, episode_titles=titles)
    *_, name = episode_path(target, 2, numbers, "mkv", tags=".en")
    assert episodes_named(target, name) == tuple((2, n) for n in range(numbers[0], numbers[-1] + 1))
    assert episodes_named(target, "Night Shift - s01e01 (2026).mkv") == ()
