"""The rules deciding whether a request is in Plex, what is missing, and where it goes next."""

from __future__ import annotations

import pytest

from app.library.matching import (
    Coverage,
    MediaIds,
    coverage,
    describe_missing,
    episodes_by_season,
    missing_episodes,
    wanted_episodes,
)
from app.media_requests.availability import next_status
from app.media_requests.states import RequestStatus

S = RequestStatus
PLEX = {1: {1, 2, 3}, 2: {1, 3}}  # season 2 lacks episode 2


def test_ids_match_on_any_shared_id_of_the_same_kind() -> None:
    request = MediaIds("movie", tmdb=603, imdb="tt0133093")
    assert request.shares_an_id(MediaIds("movie", imdb="tt0133093"))
    assert request.shares_an_id(MediaIds("movie", tmdb=603, imdb="tt9999999"))
    assert not request.shares_an_id(MediaIds("show", tmdb=603))
    assert not request.shares_an_id(MediaIds("movie"))
    assert not MediaIds("show", tvdb=None).shares_an_id(MediaIds("show", tvdb=None))


def test_pairs_without_numbers_are_ignored() -> None:
    assert episodes_by_season([(1, 1), (1, 2), (None, 3), (2, None), (2, 5)]) == {1: {1, 2}, 2: {5}}


def test_requested_seasons_use_tmdb_episode_counts() -> None:
    wanted = wanted_episodes(seasons=[1, 2], episodes=None, season_sizes={1: 3, 2: 4}, present=PLEX)
    assert wanted == {1: {1, 2, 3}, 2: {1, 2, 3, 4}}
    assert missing_episodes(wanted, PLEX) == {2: {2, 4}}


def test_without_tmdb_a_season_is_as_long_as_its_highest_episode_in_plex() -> None:
    wanted = wanted_episodes(seasons=[2], episodes=None, season_sizes=None, present=PLEX)
    assert wanted == {2: {1, 2, 3}}
    assert coverage(wanted, PLEX) is Coverage.SOME


def test_a_season_nobody_can_size_still_wants_its_first_episode() -> None:
    wanted = wanted_episodes(seasons=[5], episodes=None, season_sizes=None, present=PLEX)
    assert wanted == {5: {1}}
    assert coverage(wanted, PLEX) is Coverage.NONE


def test_single_episodes_are_wanted_as_listed() -> None:
    wanted = wanted_episodes(seasons=None, episodes={"2": [1, 3]}, season_sizes={2: 10}, present=PLEX)
    assert wanted == {2: {1, 3}}
    assert coverage(wanted, PLEX) is Coverage.ALL


def test_seasons_and_episodes_together() -> None:
    wanted = wanted_episodes(seasons=[1], episodes={"3": [7]}, season_sizes={1: 3}, present=PLEX)
    assert wanted == {1: {1, 2, 3}, 3: {7}}


def test_the_whole_show_leaves_out_specials_and_seasons_without_episodes() -> None:
    sizes = {0: 5, 1: 3, 2: 3, 3: 0}  # season 3 announced, nothing aired
    assert wanted_episodes(seasons=None, episodes=None, season_sizes=sizes, present=PLEX) == {
        1: {1, 2, 3},
        2: {1, 2, 3},
    }
    with_specials = {0: {1}, **PLEX}
    assert wanted_episodes(seasons=None, episodes=None, season_sizes=None, present=with_specials) == {
        1: {1, 2, 3},
        2: {1, 2, 3},
    }


def test_coverage() -> None:
    assert coverage({1: {1, 2}}, PLEX) is Coverage.ALL
    assert coverage({2: {1, 2}}, PLEX) is Coverage.SOME
    assert coverage({4: {1}}, PLEX) is Coverage.NONE
    assert coverage({}, PLEX) is Coverage.NONE


def test_missing_episodes_read_like_release_names() -> None:
    assert describe_missing({2: {2, 4}, 1: {10}}) == "S01E10, S02E02, S02E04"
    many = {1: set(range(1, 21))}
    assert describe_missing(many, limit=3) == "S01E01, S01E02, S01E03 and 17 more"


@pytest.mark.parametrize(
    ("current", "found", "disappeared", "expected"),
    [
        (S.PENDING, Coverage.ALL, False, S.AVAILABLE),
        (S.AWAITING_APPROVAL, Coverage.ALL, False, S.AVAILABLE),
        (S.DOWNLOADING, Coverage.ALL, False, S.AVAILABLE),
        (S.NOT_FOUND, Coverage.ALL, False, S.AVAILABLE),
        (S.COMPLETED, Coverage.ALL, False, S.AVAILABLE),
        (S.PARTIALLY_AVAILABLE, Coverage.ALL, False, S.AVAILABLE),
        (S.COMPLETED, Coverage.SOME, False, S.PARTIALLY_AVAILABLE),
        (S.PENDING, Coverage.SOME, False, None),  # still being searched: it stays in the pipeline
        (S.COMPLETED, Coverage.NONE, False, None),  # Plex has not indexed the import yet
        (S.IMPORTING, Coverage.ALL, False, None),  # the table does not allow it: the import finishes first
        (S.CANCELLED, Coverage.ALL, False, None),
        (S.AVAILABLE, Coverage.ALL, False, None),
        (S.AVAILABLE, Coverage.NONE, False, None),  # not matched is not the same as gone
        (S.AVAILABLE, Coverage.NONE, True, S.REMOVED_FROM_PLEX),  # deleted means deleted: no new download
        (S.AVAILABLE, Coverage.SOME, True, S.PARTIALLY_AVAILABLE),  # some episodes deleted
        (S.AVAILABLE, Coverage.ALL, True, None),
        (S.PARTIALLY_AVAILABLE, Coverage.SOME, True, None),
        (S.PARTIALLY_AVAILABLE, Coverage.NONE, True, S.REMOVED_FROM_PLEX),
        (S.REMOVED_FROM_PLEX, Coverage.ALL, False, None),  # final, even if someone puts the file back
        (S.REMOVED_FROM_PLEX, Coverage.NONE, True, None),
    ],
)
def test_next_status(current: S, found: Coverage, disappeared: bool, expected: S | None) -> None:
    assert next_status(current, found, disappeared=disappeared) == expected
