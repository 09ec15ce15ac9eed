"""One answer for every route when the database or the broker is away: 503 with Retry-After, never 500.

Registered once on the application (not per route): whatever a route was doing, an exception that
app.outages judges an outage becomes "come back in a few seconds", in the caller's language. A database
outage also empties the connection pool (its connections died with the restart), so the first call after
the outage is answered normally.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from app.api.validation_messages import caller_language
from app.db import forget_pooled_connections
from app.outages import OUTAGE_KINDS, is_broker_unavailable, is_database_unavailable

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5
_MESSAGES = {
    "database": {
        "en": "The database is not answering for the moment; try again in a few seconds.",
        "fr": "La base de données ne répond pas pour le moment ; réessayez dans quelques secondes.",
    },
    "broker": {
        "en": "The task queue is not answering for the moment; try again in a few seconds.",
        "fr": "La file des tâches ne répond pas pour le moment ; réessayez dans quelques secondes.",
    },
}


def outage_of(exc: BaseException) -> str | None:
    """ "database", "broker", or None when `exc` is not an outage."""
    if is_database_unavailable(exc):
        return "database"
    if is_broker_unavailable(exc):
        return "broker"
    return None


def outage_response(request: Request, what: str) -> JSONResponse:
    """The 503 a caller gets while `what` ("database" or "broker") is away."""
    return JSONResponse(
        status_code=503,
        content={"detail": _MESSAGES[what][caller_language(request)], "unavailable": what},
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def install_outage_handler(app: FastAPI) -> None:
    """Answer outages with 503 on every route of `app`; any other error of those kinds stays a 500."""

    async def handle(request: Request, exc: Exception) -> Response:
        what = outage_of(exc)
        if what is None:
            raise exc  # a wrong query is no outage: the 500 handler logs it
        # One line, no traceback: an outage is expected now and then, and the driver's text may hold the URL.
        log.warning("%s unavailable on %s %s: %s", what, request.method, request.url.path, type(exc).__name__)
        if what == "database":
            await forget_pooled_connections()
        return outage_response(request, what)

    for kind in OUTAGE_KINDS:
        app.add_exception_handler(kind, handle)
