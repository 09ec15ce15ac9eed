"""Retry policy for transient failures: 5, 10, then 20 minutes, then give up with the reason.

`RequestStep` is the base of the request worker's steps: what a later attempt may not meet is retried
(`RetriesTransient`); once the retries are spent, or at once for anything else, the request FAILS with a
reason a person can read. The database away is retried within seconds, for about an hour.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import Task
from celery.exceptions import TaskPredicate
from sqlalchemy.exc import DBAPIError, OperationalError

from app.config import get_settings
from app.db import get_sessionmaker, utcnow
from app.integrations.errors import IntegrationError, TransientError
from app.media_requests.completion import ImportProblem
from app.media_requests.service import fail_request
from app.media_requests.waiting import Waiting, note_waiting, waiting_for
from app.outages import is_database_unavailable
from app.settings.errors import NotConfigured
from app.workers.runtime import run

log = logging.getLogger(__name__)

BACKOFF_SECONDS = (300, 600, 1200)
MAX_RETRIES = len(BACKOFF_SECONDS)
# The database away (restart, failover, a full disk freed): tried again soon and often, so a request moves
# on within half a minute of its return, and for about an hour before the request is given up.
DATABASE_BACKOFF_SECONDS = (5, 10, 20, 30)
DATABASE_MAX_RETRIES = 120

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
    return isinstance(exc, TRANSIENT_ERRORS) or is_database_unavailable(exc)


def database_backoff_seconds(retries_so_far: int) -> float:
    """How long to wait before trying again while the database is unavailable."""
    return float(DATABASE_BACKOFF_SECONDS[min(retries_so_far, len(DATABASE_BACKOFF_SECONDS) - 1)])


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


def failure_why(exc: BaseException) -> tuple[str, dict[str, str]]:
    """The code of a failure given up on and its facts, for the kiosk's and the notifications' words
    (`describe` is the English line for the logs and scripts)."""
    if isinstance(exc, NotConfigured):
        return "not_set_up", {}
    if isinstance(exc, ImportProblem):
        return "library_unreachable", {}
    if isinstance(exc, IntegrationError):
        return exc.why, {"service": exc.service}
    return ("gave_up" if is_transient(exc) else "unexpected"), {}


async def _fail(request_id: int, exc: BaseException) -> None:
    why, facts = failure_why(exc)
    async with get_sessionmaker()() as session:
        await fail_request(session, request_id=request_id, reason=describe(exc), why=why, facts=facts)


async def _note_waiting(request_id: int, waiting: Waiting) -> None:
    async with get_sessionmaker()() as session:
        await note_waiting(session, request_id, waiting)


class RetriesTransient(Task):  # type: ignore[misc]
    """A task whose transient failures (`is_transient`) are tried again with backoff, the rest fail at once.

    Done in `__call__` rather than with Celery's `autoretry_for`: that is an `except` clause, which takes
    exception classes only, while what is worth a retry is judged from the error (a driver's SQLSTATE, its
    words). The backoff is `transient_backoff` (a task sets its own), never sooner than a service's
    Retry-After; a database outage has its own quicker schedule and budget.
    """

    transient_backoff: tuple[float, ...] = BACKOFF_SECONDS
    max_retries = MAX_RETRIES

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run the task; a transient failure becomes a retry."""
        try:
            return super().__call__(*args, **kwargs)
        except TaskPredicate:
            raise  # Celery's own Retry / Ignore / Reject
        except Exception as exc:
            if not is_transient(exc):
                raise
            raise self.retry_transient(exc) from exc

    def retry_transient(self, exc: BaseException) -> BaseException:
        """Schedule the next attempt (Celery's Retry to raise), or raise `exc` once the retries are spent."""
        retries = self.request.retries
        if is_database_unavailable(exc):
            countdown = database_backoff_seconds(retries)
            log.warning("database unavailable, trying again in %.0f s: %s", countdown, type(exc).__name__)
            return self.retry(exc=exc, countdown=countdown, max_retries=DATABASE_MAX_RETRIES)
        steps = self.transient_backoff
        countdown = max(float(steps[min(retries, len(steps) - 1)]), getattr(exc, "retry_after", None) or 0.0)
        log.warning("%s, trying again in %.0f s", describe(exc), countdown)
        if self.max_retries is None or retries < self.max_retries:
            self.on_transient(exc, countdown)
        return self.retry(exc=exc, countdown=countdown)

    def on_transient(self, exc: BaseException, countdown: float) -> None:
        """Called before a transient failure is retried in `countdown` seconds (nothing to do by default)."""


class RequestStep(RetriesTransient):
    """A step of one request (its id the first argument): retried with backoff, else the request FAILS."""

    acks_late = True
    reject_on_worker_lost = True

    def on_transient(self, exc: BaseException, countdown: float) -> None:
        """The request says what it waits for and when the next try is (its timeline, in the kiosk)."""
        retry_at = utcnow() + timedelta(seconds=countdown)
        waiting = waiting_for(exc, retry_at, get_settings().timezone)
        try:
            run(_note_waiting(self.request.args[0], waiting))
        except Exception:  # the note is a courtesy: the retry must be scheduled whatever happens to it
            log.warning("could not note why request %s waits", self.request.args[0], exc_info=True)

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        """Retries spent, or a failure no retry would mend: the request FAILS with the reason."""
        run(_fail(args[0], exc))
