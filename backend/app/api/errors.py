"""Every API error is JSON with a message a person can read.

An error a family member meets (a refusal, a parents-only page) also carries a stable `code` and its
`params` (JSON-ready): the kiosk words it in its own language (frontend/src/api/errorWords.ts), scripts
read `detail`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.api import validation_messages

log = logging.getLogger(__name__)
_SOURCES = ("body", "query", "path", "header", "cookie")


class SpokenError(HTTPException):
    """An HTTPException the kiosk words from `code` and `params` rather than showing `detail`."""

    def __init__(
        self,
        status_code: int,
        code: str,
        detail: str,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code, detail, headers)
        self.code = code
        self.params = params or {}


def _field_name(location: tuple[int | str, ...]) -> str:
    # The first element says where the value came from (body, query, path, header); the rest names it.
    parts = (
        [str(part) for part in location[1:]] if location and location[0] in _SOURCES else map(str, location)
    )
    return ".".join(parts) or str(location[0] if location else "body")


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    lang = validation_messages.caller_language(request)
    errors = [
        {"field": _field_name(tuple(e["loc"])), "message": validation_messages.readable(e, lang)}
        for e in exc.errors()
    ]
    return JSONResponse(
        status_code=422, content={"detail": validation_messages.summary(errors, lang), "errors": errors}
    )


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    content: dict[str, Any] = {"detail": exc.detail}
    if isinstance(exc, SpokenError):
        content |= {"code": exc.code, "params": exc.params}
    return JSONResponse(status_code=exc.status_code, content=content, headers=exc.headers)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    detail = "Something went wrong on the server; it has been logged."
    return JSONResponse(status_code=500, content={"detail": detail, "code": "server_error", "params": {}})


def install_error_handlers(app: FastAPI) -> None:
    """Register the JSON error handlers on `app`."""
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected_error)
