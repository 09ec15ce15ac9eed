"""PIN rules, argon2 hashing, and the lockout arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.profiles.lockout import lock_until, tries_left
from app.profiles.models import SecretKind
from app.profiles.pins import InvalidSecret, check_secret, hash_secret, verify_secret

NOW = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize("pin", ["1234", "00000000", "97531"])
def test_pins_of_four_to_eight_digits_are_accepted(pin: str) -> None:
    assert check_secret(SecretKind.PIN, pin) == pin


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "12 34", "١٢٣٤", ""])
def test_other_pins_are_refused_with_the_rule(pin: str) -> None:
    with pytest.raises(InvalidSecret, match="a PIN is 4 to 8 digits"):
        check_secret(SecretKind.PIN, pin)


def test_passwords_need_eight_characters() -> None:
    assert check_secret(SecretKind.PASSWORD, "correct horse") == "correct horse"
    with pytest.raises(InvalidSecret, match="8 to 128 characters"):
        check_secret(SecretKind.PASSWORD, "short")


def test_a_hash_is_argon2id_salted_and_verifies_only_the_right_pin() -> None:
    first, second = hash_secret("2468"), hash_secret("2468")
    assert first.startswith("$argon2id$") and first != second
    assert "2468" not in first
    assert verify_secret(first, "2468") and verify_secret(second, "2468")
    assert not verify_secret(first, "2469")
    assert not verify_secret("not a hash", "2468")


def _ago(*minutes: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_four_failures_do_not_lock_and_leave_one_try() -> None:
    failures = _ago(4, 3, 2, 1)
    assert lock_until(failures, NOW) is None
    assert tries_left(failures, NOW) == 1


def test_the_fifth_failure_locks_for_five_minutes_from_the_first_of_the_five() -> None:
    failures = _ago(4, 3, 2, 1, 0)
    assert lock_until(failures, NOW) == NOW + timedelta(minutes=1)
    assert tries_left(failures, NOW) == 0
    assert lock_until(_ago(0, 0, 0, 0, 0), NOW) == NOW + timedelta(minutes=5)


def test_failures_older_than_five_minutes_are_forgotten() -> None:
    failures = _ago(30, 20, 10, 6, 1)
    assert lock_until(failures, NOW) is None
    assert tries_left(failures, NOW) == 4
