"""Run a "Test" button's question to a service under a short time limit, and say how it went.

Behind the Settings screen's "Test" buttons and `plex-kiosk doctor`. Each integration's check uses its
adapter (so it exercises exactly what the pipeline will use) and hands the question here, which turns
every failure into a sentence a person can act on, without the secret: an English `message` (doctor, logs)
and a `code` with its facts (`params`) the kiosk words in the family's language (decision 0024). The codes
are the failures' own (app/workers/retry.py, `failure_why`): service_failed (unreachable, or an error
worth retrying later), service_refused (credentials refused), service_error (it answered, unusable),
unexpected; plus ok, not_set_up and no_answer (the time limit). The facts: the service, its address (host
and port only: never credentials, a path or a query) and the HTTP status when it answered one.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from app.integrations.errors import AuthError, IntegrationError, TransientError
from app.settings.schemas import ConnectionTest

# A test button must answer while the admin is still looking at it.
CHECK_TIMEOUT_S = 10.0


# An HTTP status in an adapter's message ("HTTP 503 on /configuration", "API key refused (HTTP 401)").
_HTTP_STATUS = re.compile(r"\bHTTP (\d{3})\b")


def not_configured(service: str, hint: str) -> ConnectionTest:
    """The result for a service nobody has set up yet."""
    return ConnectionTest(
        service=service,
        configured=False,
        reachable=False,
        authenticated=False,
        code="not_set_up",
        params={"service": service},
        message=f"not set up: {hint}",
    )


def shown_address(url: str | None) -> str | None:
    """The host (and port) of `url`, safe to show: no user, password, path or query (they may hold keys)."""
    if not url:
        return None
    try:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port else host


async def probe(
    service: str, question: Callable[[], Awaitable[str]], *, address: str | None = None
) -> ConnectionTest:
    """Ask `question` (which returns the version) and classify how it went; `address` is the URL asked
    (only its host and port are shown)."""
    facts: dict[str, str | int] = {"service": service}
    shown = shown_address(address)
    if shown:
        facts["address"] = shown
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S + 2):
            version = await question()
    except TimeoutError:
        facts["seconds"] = round(CHECK_TIMEOUT_S)
        return _failed(facts, False, "no_answer", f"unreachable: no answer within {CHECK_TIMEOUT_S:g} s")
    except AuthError as exc:
        return _failed(
            _with_status(facts, exc), True, exc.why, f"reachable, not authenticated: {exc.message}"
        )
    except TransientError as exc:
        return _failed(_with_status(facts, exc), False, exc.why, f"unreachable: {exc.message}")
    except IntegrationError as exc:
        return _failed(_with_status(facts, exc), True, exc.why, f"reachable, but not usable: {exc.message}")
    except Exception as exc:  # an adapter bug must not take down the settings screen or doctor
        message = f"unreachable: could not be checked ({type(exc).__name__})"
        return _failed(facts, False, "unexpected", message)
    version_text = f", version {version}" if version else ""
    if version:
        facts["version"] = version
    return ConnectionTest(
        service=service,
        configured=True,
        reachable=True,
        authenticated=True,
        version=version or None,
        code="ok",
        params=facts,
        message=f"reachable, authenticated{version_text}",
    )


def _with_status(facts: dict[str, str | int], exc: IntegrationError) -> dict[str, str | int]:
    status = _HTTP_STATUS.search(exc.message)
    return {**facts, "status": int(status.group(1))} if status else facts


def _failed(facts: dict[str, str | int], reachable: bool, code: str, message: str) -> ConnectionTest:
    return ConnectionTest(
        service=str(facts["service"]),
        configured=True,
        reachable=reachable,
        authenticated=False,
        code=code,
        params=facts,
        message=message,
    )
