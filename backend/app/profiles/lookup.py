"""Who is calling: the profiles named by session cookies, read fresh on every call, in batches.

Every signed-in call needs its profile (to check the session epoch, the role and the limits). The
lookups that arrive together are read in one query (app/batching.py), so a busy moment costs one
round trip rather than one per call; nothing is cached, so a new PIN or a deleted profile counts at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from app.batching import Batcher, PerLoop
from app.db import autocommit_session
from app.profiles.models import Profile

# Built once, the ids bound at execution: it runs on every signed-in call.
_BY_IDS = select(Profile).where(Profile.id.in_(bindparam("ids", expanding=True)))


async def _read(profile_ids: Sequence[int]) -> list[Profile | None]:
    async with autocommit_session() as reader:
        found = {
            profile.id: profile
            for profile in await reader.scalars(_BY_IDS, {"ids": sorted(set(profile_ids))})
        }
    return [found.get(profile_id) for profile_id in profile_ids]


_batchers: PerLoop[Batcher[int, Profile | None]] = PerLoop(lambda: Batcher(_read))


async def find_profile(profile_id: int) -> Profile | None:
    """The profile `profile_id` as stored now, or None. Callers only read it: calls share the object."""
    return await _batchers.get().submit(profile_id)
