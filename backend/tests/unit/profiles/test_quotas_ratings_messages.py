"""Quota windows, rating comparison across countries, and the messages a family member reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.profiles import messages
from app.profiles.quotas import allowance, seasons_counted
from app.profiles.ratings import is_allowed, normalise

NOW = datetime(2026, 11, 25, 18, 30, tzinfo=UTC)  # a Wednesday, 19:30 in Paris


def _days_ago(days: float, count: int = 1) -> tuple[datetime, int]:
    return NOW - timedelta(days=days), count


def test_an_unused_quota_is_whole() -> None:
    left = allowance("movie", limit=3, days=7, spent=[], now=NOW)
    assert (left.used, left.remaining, left.next_at) == (0, 3, None)


def test_requests_inside_the_window_count_and_older_ones_do_not() -> None:
    left = allowance("movie", limit=3, days=7, spent=[_days_ago(1), _days_ago(6.9), _days_ago(7.1)], now=NOW)
    assert (left.used, left.remaining) == (2, 1)


def test_a_spent_quota_says_when_the_oldest_request_leaves_the_window() -> None:
    left = allowance("movie", limit=2, days=7, spent=[_days_ago(2), _days_ago(5)], now=NOW)
    assert left.remaining == 0
    assert left.next_at == NOW + timedelta(days=2)


def test_seasons_free_up_in_order_until_one_more_fits() -> None:
    # 3 + 2 seasons used out of 4: one season frees up only when the request of 3 leaves the window.
    left = allowance("season", limit=4, days=30, spent=[_days_ago(20, 3), _days_ago(10, 2)], now=NOW)
    assert (left.used, left.remaining, left.next_at) == (5, 0, NOW + timedelta(days=10))


def test_a_show_request_counts_its_seasons() -> None:
    assert seasons_counted([1, 2, 3], None) == 3
    assert seasons_counted(None, {"1": [1, 2], "4": [1]}) == 2
    assert seasons_counted(None, None) == 1


@pytest.mark.parametrize(
    ("certification", "limit", "allowed"),
    [
        ("12", "PG-13", True),  # France under the US scale
        ("16", "PG-13", False),
        ("R", "16", False),
        ("U", "G", True),
        ("TV-14", "12", False),
        ("pg-13", "PG-13", True),
        ("-12", "12", True),
        ("", "12", None),
        ("NR", "12", None),
        (None, "12", None),
    ],
)
def test_ratings_compare_by_the_youngest_age_they_allow(
    certification: str | None, limit: str, allowed: bool | None
) -> None:
    assert is_allowed(certification, limit) is allowed


def test_rating_codes_are_normalised_or_unknown() -> None:
    assert normalise(" pg-13 ") == "PG-13"
    assert normalise("PG-15") is None


def test_quota_messages_in_both_languages() -> None:
    assert messages.quota_left("Emma", "movie", 2, 7, "en") == "Emma can request 2 more films this week"
    assert (
        messages.quota_left("Emma", "movie", 1, 7, "fr") == "Emma peut encore demander 1 film cette semaine"
    )
    assert (
        messages.quota_left("Emma", "season", 0, 30, "fr")
        == "Emma ne peut plus demander de saison ce mois-ci"
    )
    assert (
        messages.quota_left("Emma", "season", 3, 10, "en") == "Emma can request 3 more seasons over 10 days"
    )


def test_refusals_say_when_the_next_request_is_possible_in_paris_time() -> None:
    friday = datetime(2026, 11, 27, 13, 5, tzinfo=UTC)
    common = {"limit": 3, "days": 7, "remaining": 0, "asked": 1, "next_at": friday, "tz": "Europe/Paris"}
    assert messages.quota_refused("Emma", "movie", lang="en", **common) == (
        "Emma has used the 3 films allowed this week; "
        "the next one can be requested on Friday 27 November, 14:05."
    )
    assert messages.quota_refused("Emma", "movie", lang="fr", **common) == (
        "Emma a déjà demandé 3 films (autorisés) cette semaine ; "
        "prochaine demande possible le vendredi 27 novembre à 14:05."
    )


def test_rating_and_pin_messages() -> None:
    assert (
        messages.rating_refused("Emma", "R", "PG-13", "en")
        == "This title is rated R, above Emma's limit (PG-13)."
    )
    assert (
        messages.wrong_secret(1, False, "fr")
        == "Code incorrect : encore 1 essai avant un blocage de 5 minutes."
    )
    assert messages.language("en-GB") == "en" and messages.language(None) == "fr"
