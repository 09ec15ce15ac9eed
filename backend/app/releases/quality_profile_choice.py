"""Which quality profile a request is ranked with: the one chosen in Settings for its media type."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.media_types import MediaType
from app.releases.quality_profiles import DEFAULT_PROFILES, QualityProfile
from app.settings.service import get_setting

QUALITY_PROFILES_SETTING = "quality_profiles"


async def profile_for(
    session: AsyncSession, media_type: MediaType, chosen: str | None = None
) -> QualityProfile:
    """The profile `chosen` for the request (by name), else the one set as default for films or shows;
    the first shipped profile when none is set (or the chosen one was deleted since)."""
    profiles, raw = await _profiles(session)
    wanted = raw.get("default_movie" if media_type is MediaType.MOVIE else "default_tv")
    if chosen is not None and (found := named(profiles, chosen)) is not None:
        return found
    return next((profile for profile in profiles if profile.name == wanted), profiles[0])


async def profile_named(session: AsyncSession, name: str) -> QualityProfile | None:
    """The profile called `name` (whatever its case), or None."""
    return named((await _profiles(session))[0], name)


def named(profiles: list[QualityProfile], name: str) -> QualityProfile | None:
    """The profile called `name` among `profiles` (whatever its case)."""
    return next((profile for profile in profiles if profile.name.casefold() == name.casefold()), None)


async def _profiles(session: AsyncSession) -> tuple[list[QualityProfile], dict[str, Any]]:
    raw = await get_setting(session, QUALITY_PROFILES_SETTING) or {}
    profiles = [QualityProfile.from_dict(entry) for entry in raw.get("profiles") or ()] or list(
        DEFAULT_PROFILES
    )
    return profiles, raw
