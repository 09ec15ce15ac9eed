"""Retry policy for transient failures: 5, 10, then 20 minutes, then give up with the reason."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError

from app.integrations.errors import TransientError

BACKOFF_SECONDS = (300, 600, 1200)
MAX_RETRIES = len(BACKOFF_SECONDS)

# What is worth trying again later: an external service or the database briefly away.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientError,
    OperationalError,
    ConnectionError,
    TimeoutError,
)


def is_transient(exc: BaseException) -> bool:
    """True for failures that a later attempt may not meet."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, TRANSIENT_ERRORS)


def backoff_seconds(retries_so_far: int, retry_after: float | None = None) -> float:
    """How long to wait before attempt `retries_so_far + 1`, never sooner than the server asked."""
    delay = float(BACKOFF_SECONDS[min(retries_so_far, MAX_RETRIES - 1)])
    return max(delay, retry_after or 0.0)


def describe(exc: BaseException) -> str:
    """A reason a person can read for a failure we gave up on."""
    if isinstance(exc, TransientError):
        return f"{exc.service} kept failing: {exc.message}"
    return f"gave up after {MAX_RETRIES} retries: {type(exc).__name__}: {exc}"
