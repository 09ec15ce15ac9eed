"""Until when a film request waits: its home release, a cinema film's expected one, or not at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.catalog.film_release import FilmRelease
from app.media_requests.release_wait import accepts_cinema_copies, release_wait
from app.releases.quality import Quality
from app.releases.quality_profiles import ANY, DEFAULT_PROFILES, HD_1080P

PARIS = "Europe/Paris"
# 20:00 in Paris on 1 March 2027.
NOW = datetime(2027, 3, 1, 19, 0, tzinfo=UTC)


def test_a_film_out_in_ten_days_waits_for_that_day_looking_again_within_a_week() -> None:
    film = FilmRelease(home=date(2027, 3, 11), home_kind="digital", home_country="FR")

    wait = release_wait(film, now=NOW, cinema_copies=False, timezone=PARIS)

    assert wait is not None
    assert (wait.release_date, wait.kind) == (date(2027, 3, 11), "digital")
    assert wait.check_at == NOW + timedelta(days=7)
    assert wait.details() == {"code": "awaiting_release", "release_date": "2027-03-11", "kind": "digital"}


def test_a_film_out_in_three_days_is_searched_from_midnight_in_the_households_time_zone() -> None:
    film = FilmRelease(home=date(2027, 3, 4), home_kind="physical", home_country="FR")

    wait = release_wait(film, now=NOW, cinema_copies=False, timezone=PARIS)

    assert wait is not None and wait.kind == "physical"
    assert wait.check_at == datetime(2027, 3, 4, tzinfo=ZoneInfo(PARIS))


def test_a_film_out_today_or_before_is_searched_now() -> None:
    today = NOW.astimezone(ZoneInfo(PARIS)).date()
    for home in (today, today - timedelta(days=300)):
        film = FilmRelease(home=home, home_kind="digital", cinema=today + timedelta(days=30))
        assert release_wait(film, now=NOW, cinema_copies=False, timezone=PARIS) is None


def test_a_film_only_in_cinemas_waits_four_months_after_it_asking_tmdb_daily() -> None:
    film = FilmRelease(cinema=date(2027, 2, 10))

    wait = release_wait(film, now=NOW, cinema_copies=False, timezone=PARIS)

    assert wait is not None
    assert (wait.release_date, wait.kind) == (date(2027, 6, 10), "estimated")
    assert wait.check_at == NOW + timedelta(days=1)


def test_a_cinema_film_is_searched_at_once_only_by_a_profile_taking_cam_copies() -> None:
    film = FilmRelease(cinema=date(2027, 2, 10))
    with_cam = replace(HD_1080P, allowed=(Quality.CAM, *HD_1080P.allowed))

    assert accepts_cinema_copies(with_cam)
    assert not any(accepts_cinema_copies(profile) for profile in DEFAULT_PROFILES)
    assert release_wait(film, now=NOW, cinema_copies=True, timezone=PARIS) is None
    coming = FilmRelease(cinema=date(2027, 3, 20))
    wait = release_wait(coming, now=NOW, cinema_copies=True, timezone=PARIS)
    assert wait is not None and (wait.release_date, wait.kind) == (date(2027, 3, 20), "cinema")


def test_a_film_with_no_date_at_all_is_searched_now() -> None:
    assert release_wait(FilmRelease(), now=NOW, cinema_copies=False, timezone=PARIS) is None
    assert not accepts_cinema_copies(ANY)  # the permissive profile still refuses cinema recordings
