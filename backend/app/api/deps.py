"""Annotated dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings, get_settings
from app.db import session_dependency


async def settings_dependency() -> Settings:
    """The process settings. Async on purpose: FastAPI runs a plain function in its thread pool, a
    thread hop on every call for what is a cached lookup."""
    return get_settings()


SessionDep = Annotated[AsyncSession, Depends(session_dependency)]
SettingsDep = Annotated[Settings, Depends(settings_dependency)]
