"""Which quality profile a request is ranked with: the one chosen in Settings for its media type."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.media_types import MediaType
from app.releases.quality_profiles import DEFAULT_PROFILES, QualityProfile
from app.settings.service import get_setting

QUALITY_PROFILES_SETTING = "quality_profiles"


async def profile_for(session: AsyncSession, media_type: MediaType) -> QualityProfile:
    """The profile set as default for films or shows; the first shipped profile when none is set."""
    raw = await get_setting(session, QUALITY_PROFILES_SETTING) or {}
    profiles = [QualityProfile.from_dict(entry) for entry in raw.get("profiles") or ()] or list(
        DEFAULT_PROFILES
    )
    wanted = raw.get("default_movie" if media_type is MediaType.MOVIE else "default_tv")
    return next((profile for profile in profiles if profile.name == wanted), profiles[0])
