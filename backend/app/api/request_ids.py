"""Every HTTP call gets an id: in the `X-Request-Id` answer header and on every log line it causes.

A caller's own id (Nginx's `$request_id`, a script's) is kept when it looks like one, so a line in the proxy's
log and the API's lines of the same call share it. Pure ASGI, like the security middlewares: no buffering.
"""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.logging_setup import log_context

HEADER = "X-Request-Id"
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# The media request a call is about, when its path names one (/api/v1/requests/12/approve).
_MEDIA_REQUEST_PATH = re.compile(r"^/api/v1/requests/(\d{1,10})(?:/|$)")


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            given = value.decode("latin-1")
            if _GIVEN_ID.match(given):
                return given
    return uuid.uuid4().hex[:16]


class RequestIdMiddleware:
    """Bind the call's id (and the media request its path names) to its log lines; echo the id back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        media = _MEDIA_REQUEST_PATH.match(scope["path"])

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        with log_context(request_id=request_id, media_request_id=int(media.group(1)) if media else None):
            await self.app(scope, receive, send_with_id)
