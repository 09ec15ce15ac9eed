"""Retry policy for transient failures: 5, 10, then 20 minutes, then give up with the reason.

`RequestStep` is the base of the request worker's steps: Celery's own `autoretry_for`/`retry_backoff`
retry what a later attempt may not meet; once the retries are spent, or at once for anything else, the
request FAILS with a reason a person can read.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from sqlalchemy.exc import DBAPIError, OperationalError

from app.db import get_sessionmaker
from app.integrations.errors import TransientError
from app.media_requests.completion import ImportProblem
from app.media_requests.service import fail_request
from app.workers.runtime import run

BACKOFF_SECONDS = (300, 600, 1200)
MAX_RETRIES = len(BACKOFF_SECONDS)

# What is worth trying again later: an external service, the library's disk or the database briefly away.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientError,
    ImportProblem,
    OperationalError,
    ConnectionError,
    TimeoutError,
)


def is_transient(exc: BaseException) -> bool:
    """True for failures that a later attempt may not meet."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, TRANSIENT_ERRORS)


class _TransientCheck(type):
    def __instancecheck__(cls, instance: object) -> bool:
        return isinstance(instance, BaseException) and is_transient(instance)


class Transient(metaclass=_TransientCheck):
    """`isinstance(exc, Transient)` is `is_transient(exc)`: what `autoretry_for` takes."""


def backoff_seconds(retries_so_far: int, retry_after: float | None = None) -> float:
    """How long to wait before attempt `retries_so_far + 1`, never sooner than the server asked."""
    delay = float(BACKOFF_SECONDS[min(retries_so_far, MAX_RETRIES - 1)])
    return max(delay, retry_after or 0.0)


def describe(exc: BaseException) -> str:
    """A reason a person can read for a failure we gave up on."""
    if isinstance(exc, TransientError):
        return f"{exc.service} kept failing: {exc.message}"
    if is_transient(exc):
        return f"gave up after {MAX_RETRIES} retries: {type(exc).__name__}: {exc}"
    return f"{type(exc).__name__}: {exc}"


async def _fail(request_id: int, reason: str) -> None:
    async with get_sessionmaker()() as session:
        await fail_request(session, request_id=request_id, reason=reason)


class RequestStep(Task):  # type: ignore[misc]
    """A step of one request (its id the first argument): retried with backoff, else the request FAILS."""

    autoretry_for = (Transient,)
    retry_backoff = BACKOFF_SECONDS[0]
    retry_backoff_max = BACKOFF_SECONDS[-1]
    retry_jitter = False
    max_retries = MAX_RETRIES
    acks_late = True
    reject_on_worker_lost = True

    def retry(
        self, *args: Any, exc: BaseException | None = None, countdown: float | None = None, **kwargs: Any
    ) -> Any:
        """Celery's retry, never sooner than the service asked (its Retry-After)."""
        asked = getattr(exc, "retry_after", None)
        if countdown is not None and asked:
            countdown = max(countdown, asked)
        return super().retry(*args, exc=exc, countdown=countdown, **kwargs)

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        """Retries spent, or a failure no retry would mend: the request FAILS with the reason."""
        run(_fail(args[0], describe(exc)))
