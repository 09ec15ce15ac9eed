"""Retry backoff (5, 10, 20 minutes) and keeping secrets out of logs and printed URLs."""

from __future__ import annotations

import logging

import pytest

from app.integrations.errors import AuthError, TransientError
from app.logging_setup import RedactSecrets, redact_url
from app.media_requests.completion import ImportProblem
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
