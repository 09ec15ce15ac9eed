"""Fansub names count episodes from the show's first one: the parser says so instead of inventing a season."""

from __future__ import annotations

import pytest

from app.releases.parsing import parse_release


@pytest.mark.parametrize(
    ("name", "title", "absolute"),
    [
        ("[Group] Show Title - 07 (1080p) [A1B2C3D4].mkv", "Show Title", (7,)),
        ("[Group] Show Title - 27 (1080p) [A1B2C3D4].mkv", "Show Title", (27,)),
        ("[SubsPlease] One Piece - 1071 (1080p) [F3B2C1D0].mkv", "One Piece", (1071,)),
        ("[HorribleSubs] Show Title - 07v2 [720p].mkv", "Show Title", (7,)),
    ],
)
def test_a_fansub_episode_number_is_absolute(name: str, title: str, absolute: tuple[int, ...]) -> None:
    parsed = parse_release(name)
    assert (parsed.title, parsed.absolute_episodes, parsed.seasons) == (title, absolute, ())


def test_a_season_and_episode_name_has_no_absolute_number() -> None:
    parsed = parse_release("Show.Title.S01E07.1080p.WEB-DL.x264-GRP")
    assert (parsed.seasons, parsed.episodes, parsed.absolute_episodes) == ((1,), (7,), ())
