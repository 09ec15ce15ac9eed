"""Who is calling: the profiles named by session cookies, read in batches and kept for a second.

Every signed-in call needs its profile (to check the session epoch, the role and the limits). Someone
browsing at the kiosk sends several calls a second, and reading the same row again for each one cost
a fifth of a request's CPU; so a profile, once read, is kept for FRESH_FOR seconds.

A change made through this process (a new PIN, a new role, new limits, a deletion) drops the kept
profile when its transaction commits, so it counts at once. One made by another process (a second
API worker, the CLI) counts within FRESH_FOR. A profile that was not found is not kept.

The lookups that arrive together are read in one query (app/batching.py), so a busy moment costs one
round trip rather than one per call.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Mapper, Session, object_session

from app.batching import Batcher, PerLoop
from app.db import InList, autocommit_session
from app.profiles.models import Profile

FRESH_FOR = 1.0  # seconds

# Built once, the ids bound at execution: it runs on every signed-in call that misses the kept ones.
_BY_IDS = select(Profile).where(InList(Profile.id, "ids"))

# profile id -> (the profile, time.monotonic() when it was read)
_kept: dict[int, tuple[Profile, float]] = {}
# Counts the commits that changed profiles: a read that overlapped one may hold the old row.
_commits_seen = 0


async def _read(profile_ids: Sequence[int]) -> list[Profile | None]:
    async with autocommit_session() as reader:
        found = {
            profile.id: profile
            for profile in await reader.scalars(_BY_IDS, {"ids": sorted(set(profile_ids))})
        }
    return [found.get(profile_id) for profile_id in profile_ids]


_batchers: PerLoop[Batcher[int, Profile | None]] = PerLoop(lambda: Batcher(_read))


async def find_profile(profile_id: int) -> Profile | None:
    """The profile `profile_id` as stored at most FRESH_FOR seconds ago, or None.

    Callers only read it: calls share the object.
    """
    kept = _kept.get(profile_id)
    if kept is not None and time.monotonic() - kept[1] < FRESH_FOR:
        return kept[0]
    read_at, commits_seen = time.monotonic(), _commits_seen
    profile = await _batchers.get().submit(profile_id)
    if profile is not None and commits_seen == _commits_seen:
        _kept[profile_id] = (profile, read_at)
    return profile


def forget_all() -> None:
    """Drop every kept profile: for a database emptied behind the ORM's back (TRUNCATE in tests)."""
    global _commits_seen
    _commits_seen += 1
    _kept.clear()


# A session's changed profiles, dropped from _kept once it commits (see the module docstring).
_CHANGED = "plex_kiosk.changed_profiles"


def _note_change(_mapper: Mapper[Any], _connection: Any, profile: Profile) -> None:
    session = object_session(profile)
    if session is not None:
        session.info.setdefault(_CHANGED, set()).add(profile.id)


for _change in ("after_insert", "after_update", "after_delete"):
    event.listen(Profile, _change, _note_change)


@event.listens_for(Session, "after_commit")
def _drop_changed(session: Session) -> None:
    global _commits_seen
    changed = session.info.pop(_CHANGED, None)
    if changed:
        _commits_seen += 1
        for profile_id in changed:
            _kept.pop(profile_id, None)


@event.listens_for(Session, "after_rollback")
def _forget_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)
