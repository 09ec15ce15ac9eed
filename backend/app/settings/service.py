"""Read and write runtime settings (JSON values by key)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.settings.models import Setting
from app.settings.secrets import remember_stored_secrets


async def get_setting(session: AsyncSession, key: str, default: Any = None) -> Any:
    """The value stored under `key`, or `default`."""
    row = await session.get(Setting, key)
    if row is None:
        return default
    remember_stored_secrets(key, row.value)
    return row.value


async def put_setting(session: AsyncSession, key: str, value: Any) -> None:
    """Store `value` under `key` (not committed)."""
    remember_stored_secrets(key, value)
    row = await session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated_at=utcnow()))
    else:
        row.value = value
        row.updated_at = utcnow()
