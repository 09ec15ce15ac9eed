"""A request's own quality profile (4K on request): which names exist, and who may choose one.

Parents (admin profiles, the API key) always may; a family member only when their profile allows it
(`may_choose_quality`). The name is stored as the profile is spelled in Settings.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.schemas import RequestCreate
from app.profiles.models import Profile
from app.profiles.policy import RequestRefused
from app.releases.quality_profile_choice import profile_named


class UnknownQualityProfile(ValueError):
    """No quality profile has the name asked for."""


async def checked_quality_choice(
    session: AsyncSession, data: RequestCreate, judged: Profile | None
) -> RequestCreate:
    """`data` with its quality profile's name as Settings spells it; RequestRefused when `judged` (None for
    a parent) may not choose, UnknownQualityProfile when no profile has that name."""
    if data.quality_profile is None:
        return data
    if judged is not None and not judged.may_choose_quality:
        french = judged.language == "fr"
        message = (
            "Seul un parent peut choisir la qualité d'une demande."
            if french
            else "Only a parent can choose a request's quality."
        )
        raise RequestRefused(message, reason="quality")
    profile = await profile_named(session, data.quality_profile)
    if profile is None:
        raise UnknownQualityProfile(f"no quality profile is called {data.quality_profile!r}")
    return data.model_copy(update={"quality_profile": profile.name})
