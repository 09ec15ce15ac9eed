"""Checks of the database and the broker, shared by /ready and `plex-kiosk doctor`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from app.celery_app.application import celery_app
from app.config import get_settings
from app.db import get_engine
from app.logging_setup import redact_url


async def check_database() -> dict[str, Any]:
    """Whether the configured database answers a trivial query."""
    url = get_settings().db_url
    try:
        async with get_engine().connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:
        return {"ok": False, "url": redact_url(url), "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "url": redact_url(url)}


def check_broker(timeout_s: float = 2.0) -> dict[str, Any]:
    """Whether the Celery broker accepts a connection (blocking)."""
    url = get_settings().broker_url
    try:
        with celery_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout_s)
    except Exception as exc:
        return {"ok": False, "url": redact_url(url), "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "url": redact_url(url)}
