"""Run a "Test" button's question to a service under a short time limit, and say how it went.

Behind the Settings screen's "Test" buttons and `plex-kiosk doctor`. Each integration's check uses its
adapter (so it exercises exactly what the pipeline will use) and hands the question here, which turns
every failure into a sentence a person can act on, without the secret.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from app.integrations.errors import AuthError, IntegrationError, TransientError
from app.settings.schemas import ConnectionTest

# A test button must answer while the admin is still looking at it.
CHECK_TIMEOUT_S = 10.0


def not_configured(service: str, hint: str) -> ConnectionTest:
    """The result for a service nobody has set up yet."""
    return ConnectionTest(
        service=service, configured=False, reachable=False, authenticated=False, message=f"not set up: {hint}"
    )


async def probe(service: str, question: Callable[[], Awaitable[str]]) -> ConnectionTest:
    """Ask `question` (which returns the version) and classify how it went."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S + 2):
            version = await question()
    except TimeoutError:
        return _failed(service, False, f"unreachable: no answer within {CHECK_TIMEOUT_S:g} s")
    except AuthError as exc:
        return _failed(service, True, f"reachable, not authenticated: {exc.message}")
    except TransientError as exc:
        return _failed(service, False, f"unreachable: {exc.message}")
    except IntegrationError as exc:
        return _failed(service, True, f"reachable, but not usable: {exc.message}")
    except Exception as exc:  # an adapter bug must not take down the settings screen or doctor
        return _failed(service, False, f"unreachable: could not be checked ({type(exc).__name__})")
    version_text = f", version {version}" if version else ""
    return ConnectionTest(
        service=service,
        configured=True,
        reachable=True,
        authenticated=True,
        version=version or None,
        message=f"reachable, authenticated{version_text}",
    )


def _failed(service: str, reachable: bool, message: str) -> ConnectionTest:
    return ConnectionTest(
        service=service, configured=True, reachable=reachable, authenticated=False, message=message
    )
