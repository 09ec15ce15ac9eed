"""/api/v1/health (the process is alive) and /api/v1/ready (it can do its job)."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.api.access import PUBLIC
from app.health import check_broker, check_database

router = APIRouter(tags=["health"])


@router.get("/health", dependencies=[PUBLIC])
async def get_health() -> dict[str, str]:
    """Always answers while the process runs."""
    return {"status": "ok"}


@router.get(
    "/ready",
    dependencies=[PUBLIC],
    responses={503: {"description": "The database or the broker cannot be reached"}},
)
async def get_ready() -> JSONResponse:
    """200 when the database and the broker answer, else 503 saying which does not."""
    checks: dict[str, Any] = {
        "database": await check_database(),
        "broker": await anyio.to_thread.run_sync(check_broker),
    }
    ready = all(check["ok"] for check in checks.values())
    return JSONResponse(status_code=200 if ready else 503, content={"ready": ready, "checks": checks})
