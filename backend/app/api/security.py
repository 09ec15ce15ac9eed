"""Two ASGI middlewares of the security baseline: response headers, and a cap on request bodies.

Pure ASGI rather than BaseHTTPMiddleware: they sit on every call, including the hot POST /requests,
and must not buffer or re-wrap responses. Nginx sets its own headers and body cap in production; these
hold when the API is reached directly (embedded mode, or a misconfigured proxy).
"""

from __future__ import annotations

import json

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/api/"
# JSON answers never embed, frame or load anything; the docs pages (/docs) are not under /api.
API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Answers depend on who asks (sessions): no shared cache may keep them.
API_CACHE_CONTROL = "no-store"


class SecurityHeadersMiddleware:
    """Add the security headers (and no-store) to every /api response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in API_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Cache-Control", API_CACHE_CONTROL)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(HTTPException):
    """Raised from `receive`: FastAPI passes HTTP exceptions through, so the JSON handler answers 413."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, too_large_message(max_bytes))


def too_large_message(max_bytes: int) -> str:
    """The 413 message."""
    return f"The request body is too large (the limit is {max_bytes // 1024} KiB)."


class BodySizeLimitMiddleware:
    """Answer 413 with a JSON message when a request body is larger than `max_bytes`.

    A declared Content-Length is refused before anything is read; a chunked body is counted as it
    arrives and refused as soon as it goes over.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await self._refuse(send)
                    return

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": too_large_message(self.max_bytes)}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
