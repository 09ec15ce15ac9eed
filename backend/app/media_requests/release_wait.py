"""Films not out yet: whether a film request waits for its release, until when, and the move that says so.

A film is searched once it is out at home (digital, disc or TV; app/catalog/film_release.py). A film only
in cinemas waits too, since every copy of it is a camera or screener recording, unless the request's
quality profile accepts those (CAM/TS: none of the shipped profiles does). Without a home date on TMDB,
a film out in cinemas is expected at home four months later, France's chronology of media for VOD and
discs; until then TMDB is asked again each day, so a date announced meanwhile replaces the estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.film_release import FilmRelease
from app.config import get_settings
from app.media_requests.models import MediaRequest
from app.media_requests.service import note, transition
from app.media_requests.states import RequestStatus
from app.releases.quality_profiles import QualityProfile

# France's chronology of media: VOD and discs four months after the cinema.
CINEMA_TO_HOME = timedelta(days=120)
# How often a waiting film's dates are read again: TMDB moves dates, and adds missing ones.
RECHECK_ANNOUNCED = timedelta(days=7)
RECHECK_ESTIMATED = timedelta(days=1)
AWAITING_RELEASE = "awaiting_release"

ReleaseKind = Literal["digital", "physical", "tv", "cinema", "estimated"]


@dataclass(frozen=True)
class ReleaseWait:
    """The day the film can be searched, what kind of release that is, and when to look at TMDB again."""

    release_date: date
    kind: ReleaseKind
    check_at: datetime

    def details(self) -> dict[str, str]:
        """The timeline event's details, which the kiosk words ("sortie prévue le 12 mars")."""
        return {"code": AWAITING_RELEASE, "release_date": self.release_date.isoformat(), "kind": self.kind}


def accepts_cinema_copies(profile: QualityProfile) -> bool:
    """True when the profile takes camera or screener recordings (CAM, TS…), the only copies of a film
    still in cinemas."""
    return any(quality.is_pre_release for quality in profile.allowed)


def release_wait(
    film: FilmRelease, *, now: datetime, cinema_copies: bool, timezone: str | None = None
) -> ReleaseWait | None:
    """Until when a film waits, or None when it may be searched now (out, or no date known at all)."""
    zone = ZoneInfo(timezone or get_settings().timezone)
    today = now.astimezone(zone).date()
    kind: ReleaseKind
    if film.home is not None:
        day, kind, recheck = film.home, _home_kind(film.home_kind), RECHECK_ANNOUNCED
    elif film.cinema is not None and cinema_copies:
        day, kind, recheck = film.cinema, "cinema", RECHECK_ANNOUNCED
    elif film.cinema is not None:
        day, kind, recheck = film.cinema + CINEMA_TO_HOME, "estimated", RECHECK_ESTIMATED
    else:
        return None
    if day <= today:
        return None
    starts = datetime.combine(day, time.min, zone)
    return ReleaseWait(day, kind, min(starts, now + recheck))


def _home_kind(kind: str | None) -> ReleaseKind:
    return "physical" if kind == "physical" else "tv" if kind == "tv" else "digital"


def hold_until_release(
    session: AsyncSession, request: MediaRequest, wait: ReleaseWait, *, actor: str = "system"
) -> bool:
    """Put a locked film request in AWAITING_RELEASE until `wait.release_date` (not committed); a request
    already waiting keeps its state, its timeline noting a new date. True when anything changed."""
    moved = wait.release_date != request.release_date
    request.release_date = wait.release_date
    request.next_search_at = wait.check_at
    request.error = None
    reason = f"Not out yet: searched from {wait.release_date.isoformat()} ({wait.kind})"
    if request.status is not RequestStatus.AWAITING_RELEASE:
        transition(session, request, RequestStatus.AWAITING_RELEASE, reason=reason, actor=actor,
                   details=wait.details())  # fmt: skip
        return True
    if moved:
        note(session, request, f"New release date: {wait.release_date.isoformat()} ({wait.kind})",
             details=wait.details())  # fmt: skip
    return moved
