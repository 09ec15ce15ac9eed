"""/api/v1/idle-screen: what the kiosk shows while nobody is signed in (public, and nothing personal)."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.access import PUBLIC
from app.api.deps import SessionDep, SettingsDep
from app.db import utcnow
from app.media_requests.idle_screen import IdleScreen, idle_screen

router = APIRouter(prefix="/idle-screen", tags=["idle-screen"])


@router.get("", response_model=IdleScreen, dependencies=[PUBLIC])
async def get_idle_screen(session: SessionDep, settings: SettingsDep) -> IdleScreen:
    """The titles Plex added last and the requests on their way, without who asked for them."""
    return await idle_screen(session, now=utcnow(), timezone=settings.timezone)
