"""Anime files numbered from the show's first episode get their TMDB season and episode in the library."""

from __future__ import annotations

from dataclasses import replace

from app.catalog.episode_numbering import from_seasons
from app.imports import ImportTarget, SkipReason, plan_import
from app.integrations.qbittorrent import TorrentFile
from app.integrations.tmdb_models import show_details
from tests.unit.catalog.test_episode_numbering import SHOW

GB = 1024**3
NUMBERING = from_seasons(show_details(SHOW).seasons)  # specials, then seasons of 26 and 24 episodes
BATCH = "[Group] Show Title (Batch) [1080p]"


def _files(*names: str) -> list[TorrentFile]:
    return [TorrentFile(name=name, size=GB // 2, progress=1.0, priority=1) for name in names]


def _show(**request: object) -> ImportTarget:
    titles = {(1, 7): "The Seventh", (2, 1): "A New Start"}
    target = ImportTarget.show("Show Title", 2019, episode_titles=titles, **request)  # type: ignore[arg-type]
    return replace(target, absolute_numbering=NUMBERING)


def test_episode_07_lands_as_s01e07_with_its_tmdb_title() -> None:
    plan = plan_import(_show(episodes={"1": [7]}), _files("[Group] Show Title - 07 (1080p) [A1B2C3D4].mkv"))

    assert [item.destination for item in plan.files] == [
        ("Show Title (2019)", "Season 01", "Show Title (2019) - s01e07 - The Seventh.mkv")
    ]


def test_a_batch_across_two_seasons_files_each_episode_in_its_own() -> None:
    names = [f"{BATCH}/[Group] Show Title - {n:02d} (1080p) [A1B2C3D{n % 10}].mkv" for n in (26, 27, 28)]

    plan = plan_import(_show(), _files(*names))

    assert [item.destination[1:] for item in plan.files] == [
        ("Season 01", "Show Title (2019) - s01e26.mkv"),
        ("Season 02", "Show Title (2019) - s02e01 - A New Start.mkv"),
        ("Season 02", "Show Title (2019) - s02e02.mkv"),
    ]


def test_a_number_tmdb_cannot_place_is_skipped_with_the_reason() -> None:
    target = _show()
    plan = plan_import(target, _files("[Group] Show Title - 51 (1080p) [A1B2C3D4].mkv"))
    unplaced = plan_import(
        replace(target, absolute_numbering=None), _files("[Group] Show Title - 07 (1080p) [A1B2C3D4].mkv")
    )

    assert plan.files == () and unplaced.files == ()
    assert [(s.code, s.reason) for s in plan.skipped] == [
        (
            SkipReason.NO_EPISODE_NUMBER,
            "episode 51 counted from the first one falls outside TMDB's seasons, or across two",
        )
    ]
    assert unplaced.skipped[0].reason == (
        "episode 7 counted from the first one, and TMDB was not asked where it falls"
    )
