"""/api/v1/health (the process is alive) and /api/v1/ready (it can do its job).

/ready tells anyone whether the appliance can work (the status code and ok/unavailable): load balancers and
compose healthchecks need no more. Which dependency fails, and the driver's error, are for parents and the
API key only, and even then without the addresses or credentials of the database and the broker.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.api.access import PUBLIC, OptionalViewer
from app.config import get_settings
from app.health import check_broker, check_database
from app.logging_setup import redact

router = APIRouter(tags=["health"])
HIDDEN = "<hidden>"


@router.get("/health", dependencies=[PUBLIC])
async def get_health() -> dict[str, str]:
    """Always answers while the process runs."""
    return {"status": "ok"}


def _without_addresses(check: dict[str, Any]) -> dict[str, Any]:
    """A check as a parent sees it: ok and the error, the URLs and any secret in the error taken out."""
    settings = get_settings()
    shown: dict[str, Any] = {"ok": check["ok"]}
    if "error" in check:
        error = str(check["error"])
        for url in (settings.db_url, settings.broker_url, check.get("url")):
            if url:
                error = error.replace(str(url), HIDDEN)
        shown["error"] = redact(error)
    return shown


@router.get(
    "/ready",
    dependencies=[PUBLIC],
    responses={503: {"description": "The database or the broker cannot be reached"}},
)
async def get_ready(viewer: OptionalViewer) -> JSONResponse:
    """200 `{"status": "ok"}` when the database and the broker answer, else 503 `{"status": "unavailable"}`;
    parents and the API key also get each check and its error."""
    checks: dict[str, Any] = {
        "database": await check_database(),
        "broker": await anyio.to_thread.run_sync(check_broker),
    }
    ready = all(check["ok"] for check in checks.values())
    content: dict[str, Any] = {"status": "ok" if ready else "unavailable"}
    if viewer is not None and viewer.is_admin:
        content["checks"] = {name: _without_addresses(check) for name, check in checks.items()}
    return JSONResponse(status_code=200 if ready else 503, content=content)
