"""What a family member may request: the rating limit, the quotas, and whether a parent must approve.

Admins and the API key are not judged here (they may also request on behalf of someone). For everyone
else a request is refused with a message in the profile's language when it breaks a limit, held for
approval when the profile is not auto-approved or when its rating cannot be checked, and let through
otherwise.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from app.integrations.errors import IntegrationError
from app.integrations.tmdb import TmdbClient
from app.media_requests.schemas import RequestCreate
from app.media_requests.states import MediaType
from app.media_requests.timeline_words import AWAITING_APPROVAL, said
from app.profiles import messages
from app.profiles.models import Profile
from app.profiles.quotas import Allowance, movie_allowance, season_allowance, seasons_counted
from app.profiles.ratings import is_allowed
from app.settings.errors import NotConfigured
from app.settings.integrations.tmdb import tmdb_client

log = logging.getLogger(__name__)

AWAITING_PARENT = "Waiting for a parent to approve"


class RequestRefused(Exception):
    """The request breaks a limit; `message` says which, in the profile's language, and `reason` ("rating",
    "quota" or "quality") with `params` (JSON-ready) let the kiosk say it in its own."""

    def __init__(self, message: str, *, reason: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.params = params or {}


@dataclass(frozen=True)
class Hold:
    """Why a request waits for a parent: the English `reason` (logs, scripts, the audit trail) and the code
    (`why`) with its facts (`params`, JSON-ready) the kiosk words in the family's language."""

    reason: str
    why: str
    params: dict[str, Any]

    def details(self) -> dict[str, Any]:
        """The first timeline event's details (timeline_words.AWAITING_APPROVAL)."""
        return said(AWAITING_APPROVAL, why=self.why, **self.params)


# The profile is not auto-approved: a parent says yes to each of its requests.
PARENT_APPROVES = Hold(AWAITING_PARENT, "parent_approves", {})
# TMDB would not say the title's rating, so the profile's limit (`limit`) could not be checked.
RATING_UNCHECKED = "rating_unchecked"
# A whole show under a season quota whose seasons TMDB would not count.
SEASONS_UNCOUNTED = Hold(
    "Waiting for a parent: the seasons of this show could not be counted", "seasons_uncounted", {}
)


def rating_unchecked(limit: str) -> Hold:
    """The hold of a title whose rating could not be checked against the profile's `limit`."""
    reason = f"Waiting for a parent: the rating of this title could not be checked (limit {limit})"
    return Hold(reason, RATING_UNCHECKED, {"limit": limit})


@dataclass(frozen=True)
class Verdict:
    """The request may be made: at once, or held for a parent (`hold`, None to go at once)."""

    hold: Hold | None
    # For a show under a season quota, the seasons it has today (a whole-show request is pinned to them).
    seasons: list[int] | None

    @property
    def hold_reason(self) -> str | None:
        """The hold's English line (None when the request goes at once)."""
        return self.hold.reason if self.hold is not None else None


class TitleFacts(Protocol):
    """What the rules need to know about a title; None when it cannot be told right now."""

    async def certification(self, data: RequestCreate) -> str | None:
        """The title's certification in the kiosk's TMDB region."""

    async def season_numbers(self, tmdb_id: int) -> list[int] | None:
        """The numbers of a show's seasons, specials left out."""


class TmdbTitleFacts:
    """TitleFacts from TMDB through the configured client; TMDB missing or down means "cannot tell"."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._client: TmdbClient | None = None

    async def _tmdb(self) -> TmdbClient | None:
        if self._client is None:
            try:
                self._client = await tmdb_client(self._session)
            except NotConfigured:
                return None
        return self._client

    async def certification(self, data: RequestCreate) -> str | None:
        """A film's certification or a show's TV rating, from its TMDB details."""
        tmdb = await self._tmdb()
        if tmdb is None:
            return None
        try:
            if data.media_type is MediaType.MOVIE:
                return (await tmdb.movie_details(data.tmdb_id)).certification
            return (await tmdb.show_details(data.tmdb_id)).certification
        except IntegrationError as exc:
            log.warning("could not read the rating of %s %s: %s", data.media_type.value, data.tmdb_id, exc)
            return None

    async def season_numbers(self, tmdb_id: int) -> list[int] | None:
        """A show's season numbers from TMDB."""
        tmdb = await self._tmdb()
        if tmdb is None:
            return None
        try:
            details = await tmdb.show_details(tmdb_id)
        except IntegrationError as exc:
            log.warning("could not read the seasons of show %s: %s", tmdb_id, exc)
            return None
        return [season.season_number for season in details.seasons if not season.is_specials] or None


def _over_quota(profile: Profile, allowance: Allowance, asked: int, tz: str) -> RequestRefused:
    message = messages.quota_refused(
        profile.name,
        allowance.kind,
        limit=allowance.limit,
        days=allowance.days,
        remaining=allowance.remaining,
        asked=asked,
        next_at=allowance.next_at,
        tz=tz,
        lang=messages.language(profile.language),
    )
    params = {
        "name": profile.name,
        "kind": allowance.kind,
        "limit": allowance.limit,
        "days": allowance.days,
        "remaining": allowance.remaining,
        "asked": asked,
        "next_at": allowance.next_at.isoformat() if allowance.next_at else None,
    }
    return RequestRefused(message, reason="quota", params=params)


def has_limits(profile: Profile) -> bool:
    """True when `judge` can refuse this profile anything (a rating limit or a quota)."""
    return bool(
        profile.max_rating
        or (profile.movie_quota and profile.movie_quota_days)
        or (profile.season_quota and profile.season_quota_days)
    )


async def judge(
    session: AsyncSession, profile: Profile, data: RequestCreate, *, facts: TitleFacts, now: datetime, tz: str
) -> Verdict:
    """Refuse (RequestRefused), hold, or let through a request `profile` makes for itself."""
    hold = None if profile.auto_approve else PARENT_APPROVES
    if profile.max_rating:
        certification = await facts.certification(data)
        allowed = is_allowed(certification, profile.max_rating)
        if allowed is False:
            assert certification is not None
            lang = messages.language(profile.language)
            text = messages.rating_refused(profile.name, certification, profile.max_rating, lang)
            params = {"name": profile.name, "certification": certification, "limit": profile.max_rating}
            raise RequestRefused(text, reason="rating", params=params)
        if allowed is None:
            hold = rating_unchecked(profile.max_rating)

    seasons = data.seasons
    if data.media_type is MediaType.MOVIE:
        films = await movie_allowance(session, profile, now)
        if films is not None and films.remaining < 1:
            raise _over_quota(profile, films, 1, tz)
    else:
        allowance = await season_allowance(session, profile, now)
        if allowance is not None:
            asked = seasons_counted(data.seasons, data.episodes)
            if not data.seasons and not data.episodes:
                numbers = await facts.season_numbers(data.tmdb_id)
                if numbers is None:
                    hold = hold or SEASONS_UNCOUNTED
                else:
                    seasons, asked = numbers, len(numbers)
            if asked > allowance.remaining:
                raise _over_quota(profile, allowance, asked, tz)
    return Verdict(hold=hold, seasons=seasons)
