"""Which episodes of a followed show are searched: aired (plus the delay), and not accounted for."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.catalog.airing import EpisodeSearch, aired_at, all_in, has_ended, next_due, searches_due
from app.integrations.tmdb_episodes import SeasonDetails, season_details
from app.integrations.tmdb_models import show_details


def _season(number: int, *air_days: str | None) -> SeasonDetails:
    """A season as TMDB's `/tv/{id}/season/{n}` answers it, one air day per episode."""
    return season_details(
        {
            "season_number": number,
            "name": f"Season {number}",
            "air_date": air_days[0] if air_days else None,
            "episodes": [
                {"season_number": number, "episode_number": n, "name": f"Chapter {n}", "air_date": day}
                for n, day in enumerate(air_days, start=1)
            ],
        }
    )


FINISHED = _season(1, "2026-01-05", "2026-01-12", "2026-01-19")
AIRING = _season(2, "2026-11-20", "2026-11-27", "2026-12-04", "2026-12-11", None)
# The morning after S02E03's evening: 6 h past the end of its air day.
NOW = datetime(2026, 12, 5, 6, 0, tzinfo=UTC)


def test_an_episode_counts_as_aired_six_hours_after_the_end_of_its_air_day() -> None:
    assert aired_at(date(2026, 12, 4)) == datetime(2026, 12, 5, 6, 0, tzinfo=UTC)
    just_before = NOW - timedelta(minutes=1)

    assert searches_due([AIRING], now=just_before, accounted_for=set()) == [EpisodeSearch(2, (1, 2))]
    assert searches_due([AIRING], now=NOW, accounted_for=set()) == [EpisodeSearch(2, (1, 2, 3))]


def test_a_longer_delay_waits_longer() -> None:
    due = searches_due([AIRING], now=NOW, accounted_for=set(), delay=timedelta(hours=12))

    assert due == [EpisodeSearch(2, (1, 2))]


def test_a_whole_season_out_and_missing_is_one_season_pack_a_half_aired_one_single_episodes() -> None:
    due = searches_due([FINISHED, AIRING], now=NOW, accounted_for=set())

    assert due == [EpisodeSearch(1), EpisodeSearch(2, (1, 2, 3))]
    assert due[0].is_season_pack and not due[1].is_season_pack


def test_what_plex_has_downloads_and_deleted_episodes_are_not_searched_again() -> None:
    in_plex, downloading, deleted_from_plex = {(1, 1), (2, 1)}, {(2, 2)}, {(1, 3)}

    due = searches_due([FINISHED, AIRING], now=NOW, accounted_for=in_plex | downloading | deleted_from_plex)

    # Season 1 has one episode left: searched alone, not as a pack that would bring back the deleted one.
    assert due == [EpisodeSearch(1, (2,)), EpisodeSearch(2, (3,))]


def test_only_the_seasons_asked_are_followed_and_specials_only_by_name() -> None:
    specials = _season(0, "2025-12-24")

    assert searches_due([specials, FINISHED, AIRING], now=NOW, accounted_for=set(), followed_seasons={2}) == [
        EpisodeSearch(2, (1, 2, 3))
    ]
    everything = searches_due([specials, FINISHED, AIRING], now=NOW, accounted_for=set())
    assert [search.season for search in everything] == [1, 2]


def test_nothing_is_due_when_everything_aired_is_accounted_for() -> None:
    have = {(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)}

    assert searches_due([FINISHED, AIRING], now=NOW, accounted_for=have) == []


def test_the_next_look_is_when_the_next_dated_episode_counts_as_aired() -> None:
    assert next_due([FINISHED, AIRING], NOW) == datetime(2026, 12, 12, 6, 0, tzinfo=UTC)
    # Aired this evening, due tomorrow morning: the evening before, that is the next look.
    assert next_due([AIRING], NOW - timedelta(hours=8)) == NOW
    assert next_due([FINISHED], NOW) is None


def test_a_show_is_complete_when_every_followed_episode_is_in_plex() -> None:
    season_one = {(1, 1), (1, 2), (1, 3)}

    assert all_in([FINISHED], season_one, None)
    assert not all_in([FINISHED, AIRING], season_one, None)
    assert all_in([FINISHED, AIRING], season_one, {1})


def test_ended_and_canceled_shows_air_nothing_more() -> None:
    def details(status: str, in_production: bool) -> bool:
        data = {"id": 1, "name": "Show", "status": status, "in_production": in_production, "seasons": []}
        return has_ended(show_details(data))

    assert details("Ended", False) and details("Canceled", False)
    assert not details("Returning Series", True)
