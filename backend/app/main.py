"""The FastAPI application: `uvicorn app.main:app`."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from app import __version__
from app.api.errors import install_error_handlers
from app.api.frontend_files import frontend_app
from app.api.metrics import router as metrics_router
from app.api.outages import install_outage_handler
from app.api.request_ids import RequestIdMiddleware
from app.api.security import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from app.api.v1.router import include_api
from app.config import Settings, configure_from_settings, get_settings
from app.db import dispose_engines


def _operation_id(route: APIRoute) -> str:
    # The function name: stable across path changes, so the generated frontend client does not churn.
    return route.name


def _frontend_dist(settings: Settings) -> Path | None:
    candidate = settings.frontend_dist or Path(__file__).resolve().parents[2] / "frontend" / "dist"
    return candidate if (candidate / "index.html").is_file() else None


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API (and, when a built frontend is present, serve it at /)."""
    settings = settings or get_settings()
    configure_from_settings(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # What start-up loaded (modules, models, routes) lives as long as the process: frozen, the
        # garbage collector stops walking it. A full collection walked all of it and stalled the API
        # for about 120 ms every few seconds under load (decision 0005).
        gc.freeze()
        yield
        await dispose_engines()

    app = FastAPI(
        title="Plex Kiosk",
        version=__version__,
        description="Request a film or a show; Plex Kiosk finds it, downloads it and puts it in Plex.",
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
        # The appliance exports no OpenTelemetry data; left on, FastAPI asks the global providers
        # (reading the environment) on every call to find that out.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Content-Type", "X-Api-Key"],
    )
    # Added last, so outermost: the headers go on every answer, CORS and errors included.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    # Outermost: every line of a call, its errors included, carries the call's id.
    app.add_middleware(RequestIdMiddleware)
    install_error_handlers(app)
    install_outage_handler(app)
    include_api(app)
    app.include_router(metrics_router)
    dist = _frontend_dist(settings)
    if dist is not None:
        app.mount("/", frontend_app(dist), name="frontend")
    else:
        logging.getLogger(__name__).info("no built frontend found; serving the API only")
    return app


app = create_app()
