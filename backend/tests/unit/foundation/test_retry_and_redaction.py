"""Retry backoff (5, 10, 20 minutes) and keeping secrets out of logs and printed URLs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from app.integrations.errors import AuthError, TransientError
from app.logging_setup import RedactSecrets, redact_url
from app.media_requests.completion import ImportProblem
from app.media_requests.waiting import waiting_for
from app.settings.errors import NotConfigured
from app.workers.retry import backoff_seconds, describe, failure_why, is_transient


def test_backoff_follows_the_seed() -> None:
    assert [backoff_seconds(n) for n in range(3)] == [300, 600, 1200]


def test_backoff_respects_retry_after() -> None:
    assert backoff_seconds(0, retry_after=900) == 900


def test_only_transient_errors_are_retried() -> None:
    assert is_transient(TransientError("qBittorrent", "connection refused"))
    assert is_transient(ConnectionError())
    assert not is_transient(AuthError("Plex", "token refused"))
    assert not is_transient(ValueError("bad"))


def test_give_up_reason_names_the_service() -> None:
    assert describe(TransientError("Jackett", "timed out")) == "Jackett kept failing: timed out"


def test_every_failure_given_up_on_has_a_code_the_kiosk_words() -> None:
    assert failure_why(TransientError("Jackett", "timed out")) == ("service_failed", {"service": "Jackett"})
    assert failure_why(AuthError("Plex", "token refused")) == ("service_refused", {"service": "Plex"})
    assert failure_why(NotConfigured("Plex is not set up yet")) == ("not_set_up", {})
    assert failure_why(ImportProblem("disk full")) == ("library_unreachable", {})
    assert failure_why(ConnectionError()) == ("gave_up", {})
    assert failure_why(ValueError("a bug")) == ("unexpected", {})


def test_a_wait_without_a_service_is_said_without_the_errors_class_name() -> None:
    at = datetime(2026, 1, 10, 20, 5, tzinfo=UTC)
    disk = waiting_for(ImportProblem("No space left on device"), at, "Europe/Paris")
    assert (disk.code, disk.params) == ("library_unreachable", {"retry_at": at.isoformat()})
    dropped = waiting_for(ConnectionError("reset by peer"), at, "Europe/Paris")
    assert dropped.code == "something_unreachable" and "service" not in dropped.params
    plex = waiting_for(TransientError("Plex", "timed out"), at, "Europe/Paris")
    assert (plex.code, plex.params["service"]) == ("service_unreachable", "Plex")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+asyncpg://kiosk:s3cret@db:5432/kiosk", "postgresql+asyncpg://kiosk:***@db:5432/kiosk"),
        ("redis://:hunter2@redis:6379/0", "redis://:***@redis:6379/0"),
        ("redis://redis:6379/0", "redis://redis:6379/0"),
    ],
)
def test_urls_are_printed_without_passwords(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_log_lines_lose_their_secrets() -> None:
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "GET %s failed",
        ("http://plex:32400/library?X-Plex-Token=abc123",),
        None,
    )
    RedactSecrets().filter(record)
    assert "abc123" not in record.getMessage()
    assert "X-Plex-Token=***" in record.getMessage()
