"""`GET /metrics`: Prometheus text for the appliance (requests, tasks, queues, downloads, Plex syncs).

Outside /api/v1 (where Prometheus looks by default) but not public: the figures tell when the family
watches what. A scraper sends the API key as a bearer token (Prometheus' `authorization` setting) or in
X-Api-Key; an admin's kiosk session works too. Nginx does not proxy /metrics, so in docker compose it is
reachable only on the internal network at the API's own port (docs/operate.md).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST

from app.api.access import OptionalViewer
from app.api.deps import SessionDep
from app.celery_app.application import QUEUES
from app.db import autocommit_session
from app.metrics import exposition, snapshot
from app.profiles import api_keys

router = APIRouter()
_bearer = HTTPBearer(auto_error=False, description="The API key, as Prometheus sends it")


async def scraper_or_admin(
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)], viewer: OptionalViewer
) -> None:
    """The API key as a bearer token, else an admin as everywhere else (X-Api-Key or an admin's session)."""
    if bearer is not None:
        async with autocommit_session() as reader:
            if await api_keys.find(reader, bearer.credentials) is None:
                raise HTTPException(status.HTTP_401_UNAUTHORIZED, "The API key is not valid.")
        return
    if viewer is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Send the API key (Authorization: Bearer …).")
    if not viewer.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only a parent (an admin profile) can do this.")


@router.get("/metrics", include_in_schema=False, dependencies=[Depends(scraper_or_admin)])
async def metrics(session: SessionDep) -> Response:
    """The appliance's figures in Prometheus' text format."""
    taken = await snapshot.take(session, queues=QUEUES)
    return Response(exposition.render(taken), media_type=CONTENT_TYPE_LATEST)
