"""A film's home and cinema releases from TMDB's `release_dates`: the region's first, else anywhere."""

from __future__ import annotations

from datetime import date

from app.appliance.simulators.tmdb import release_dates_entry
from app.catalog.film_release import FilmRelease, film_release
from app.integrations.tmdb_release_dates import ReleaseType, release_dates


def _answer(*countries: dict[str, object]) -> dict[str, object]:
    return {"id": 1, "results": list(countries)}


def test_the_regions_digital_release_wins_over_an_earlier_one_elsewhere() -> None:
    dates = release_dates(
        _answer(
            release_dates_entry("US", (3, "2027-01-10"), (4, "2027-02-01")),
            release_dates_entry("FR", (3, "2027-01-15"), (5, "2027-05-20"), (4, "2027-03-12")),
        )
    )

    assert film_release(dates, "FR") == FilmRelease(
        home=date(2027, 3, 12), home_kind="digital", home_country="FR", cinema=date(2027, 1, 15)
    )


def test_without_a_home_release_in_the_region_the_first_one_anywhere_counts() -> None:
    dates = release_dates(
        _answer(
            release_dates_entry("FR", (3, "2027-01-15")),
            release_dates_entry("US", (5, "2027-04-02")),
            release_dates_entry("GB", (4, "2027-03-30")),
        )
    )

    release = film_release(dates, "FR")

    assert (release.home, release.home_kind, release.home_country) == (date(2027, 3, 30), "digital", "GB")
    assert release.cinema == date(2027, 1, 15)


def test_a_film_only_in_cinemas_has_no_home_date() -> None:
    release = film_release(
        release_dates(_answer(release_dates_entry("FR", (1, "2026-12-01"), (3, "2027-01-15")))), "FR"
    )

    assert release == FilmRelease(cinema=date(2027, 1, 15))


def test_odd_entries_are_skipped_not_fatal() -> None:
    answer = _answer(
        {"iso_3166_1": "FR", "release_dates": [
            {"type": 4, "release_date": "not a date"},
            {"type": 9, "release_date": "2027-03-12T00:00:00.000Z"},
            {"type": "4", "release_date": "2027-03-12T00:00:00.000Z"},
            "junk",
            {"type": 5, "release_date": "2027-06-01T00:00:00.000Z", "note": "Blu-ray"},
        ]},
        {"release_dates": [{"type": 4, "release_date": "2020-01-01T00:00:00.000Z"}]},
        "junk",
    )  # fmt: skip

    dates = release_dates(answer)

    assert [(d.country, d.type, d.date, d.note) for d in dates] == [
        ("FR", ReleaseType.PHYSICAL, date(2027, 6, 1), "Blu-ray")
    ]
    assert release_dates(None) == ()


def test_an_announced_film_without_dated_releases_opens_in_cinemas_on_its_release_date() -> None:
    assert film_release((), "FR", primary=date(2027, 12, 16)) == FilmRelease(cinema=date(2027, 12, 16))
    # Dated releases, when TMDB has some, say more than the one primary date.
    digital = release_dates(_answer(release_dates_entry("US", (4, "2027-01-10"))))
    assert film_release(digital, "FR", primary=date(2026, 12, 1)).cinema is None
