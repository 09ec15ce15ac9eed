"""What the kiosk's idle screen shows while nobody is signed in: the titles Plex added last, and what is
on its way with how far it is and when it should be ready.

The route is public (the screen shows before anyone picks a profile), so nothing here says anything about
the family: no profile, no who-asked-what, no request waiting for a parent, refused or failed, only the
fields listed in the models below. Bounded lists in two queries; when something downloads, two more for
its progress (its downloads, and qBittorrent's settings for live.py's snapshot, shared with every screen).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.media_types import MediaType
from app.downloads import live
from app.library.models import LibraryItem
from app.media_requests.family_views import VIEW_STATUSES, RequestView
from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus

# A screen's worth at 1920x1080: two rows of posters, and the few requests a family has going at once.
RECENT_LIMIT = 12
COMING_LIMIT = 6
# Being worked on, or a film waiting for its release: the family's "in progress", nothing a parent decides.
COMING_STATUSES = VIEW_STATUSES[RequestView.IN_PROGRESS]
_MEDIA: dict[str, MediaType] = {"movie": MediaType.MOVIE, "show": MediaType.TV}


class IdlePoster(BaseModel):
    """A film or show Plex added lately."""

    title: str
    year: int | None
    media_type: MediaType
    tmdb_id: int | None = Field(description="for its poster (/api/v1/images); none: the title is drawn")


class IdleComing(BaseModel):
    """A request on its way, as anyone passing the kiosk may see it."""

    title: str
    year: int | None
    media_type: MediaType
    tmdb_id: int
    status: RequestStatus
    fraction: float | None = Field(description="0 to 1 while it downloads")
    ready_at: datetime | None = Field(description="when the download should end (its ETA), if known")
    release_date: date | None = Field(description="a film not out yet: the day it is searched from")


class IdleScreen(BaseModel):
    """The idle screen: nothing personal."""

    timezone: str = Field(description="the household's, for the estimates (« prêt ce soir vers 21 h »)")
    recent: list[IdlePoster]
    coming: list[IdleComing]


async def recently_added(session: AsyncSession, *, limit: int = RECENT_LIMIT) -> list[IdlePoster]:
    """The films and shows Plex added last, newest first."""
    rows = await session.execute(
        select(LibraryItem.title, LibraryItem.year, LibraryItem.item_type, LibraryItem.tmdb_id)
        .where(LibraryItem.item_type.in_(tuple(_MEDIA)))
        .order_by(LibraryItem.added_at.desc().nulls_last(), LibraryItem.rating_key.desc())
        .limit(limit)
    )
    return [
        IdlePoster(title=title, year=year, media_type=_MEDIA[item_type], tmdb_id=tmdb_id)
        for title, year, item_type, tmdb_id in rows
    ]


async def on_the_way(session: AsyncSession, *, now: datetime, limit: int = COMING_LIMIT) -> list[IdleComing]:
    """The requests being worked on, those that moved last first, with their download's progress."""
    rows = list(
        await session.scalars(
            select(MediaRequest)
            .where(MediaRequest.status.in_(sorted(COMING_STATUSES)))
            .order_by(MediaRequest.updated_at.desc(), MediaRequest.id.desc())
            .limit(limit)
        )
    )
    downloading = [row.id for row in rows if row.status is RequestStatus.DOWNLOADING]
    progress = await live.progress_of(session, downloading)
    coming: list[IdleComing] = []
    for row in rows:
        found = progress.get(row.id)
        eta = found.eta_seconds if found else None
        coming.append(
            IdleComing(
                title=row.title,
                year=row.year,
                media_type=row.media_type,
                tmdb_id=row.tmdb_id,
                status=row.status,
                fraction=found.fraction if found else None,
                ready_at=now + timedelta(seconds=eta) if eta is not None else None,
                release_date=row.release_date if row.status is RequestStatus.AWAITING_RELEASE else None,
            )
        )
    return coming


async def idle_screen(session: AsyncSession, *, now: datetime, timezone: str) -> IdleScreen:
    """What the idle screen shows now."""
    return IdleScreen(
        timezone=timezone,
        recent=await recently_added(session),
        coming=await on_the_way(session, now=now),
    )
