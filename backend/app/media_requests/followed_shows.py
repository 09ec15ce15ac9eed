"""Monitored shows: a daily pass fetches the episodes of followed shows as they air.

A settled show request (AVAILABLE or PARTIALLY_AVAILABLE) follows the seasons it asked for, or every season
including those still to come ("everything": the default when no season was named; with seasons named, they
were the part Plex lacked when it was asked). Each day the pass reads the show's seasons from TMDB (cached a
day) and searches every episode that has aired (plus the delay in Settings) and that Plex has not had
(catalog/airing.py): the request goes back to SEARCHING with `episodes_wanted` naming them, and the usual
search, download and import bring them in under their Plex names and titles. A settled request has no active
download, so "in neither Plex nor a download" is "never seen in Plex"; an episode Plex had once and lost was
deleted by someone and is never fetched again (`episodes_seen` remembers it).

New episodes Plex lists are noted on the timeline once per pass ("S02E05 arrived", code `episodes_arrived`)
and the requester hears of them in one notification. A show TMDB says has ended, whose followed episodes
are all in Plex, settles AVAILABLE and is no longer followed; a continuing one stays `followed`, looked at
again the morning after its next episode airs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.airing import EpisodeSearch, all_in, has_ended, next_due, searches_due
from app.catalog.episode_numbering import Episode
from app.celery_app import task_names
from app.celery_app.publish import new_task_id, publish
from app.db import utcnow
from app.integrations.errors import IntegrationError
from app.integrations.tmdb import TmdbClient
from app.integrations.tmdb_episodes import SeasonDetails
from app.integrations.tmdb_models import ShowDetails
from app.library.matching import Coverage, MediaIds, coverage, wanted_episodes
from app.library.presence import presence_of
from app.media_requests.announcements import announce
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.pipeline import Send
from app.media_requests.schemas import RequestCreate
from app.media_requests.service import forget_task, lock_request, note, transition
from app.media_requests.states import MediaType, RequestStatus
from app.media_requests.timeline_words import AVAILABLE, EPISODES_ARRIVED, NEW_EPISODES, said
from app.notifications.templates import NotificationEvent
from app.settings.errors import NotConfigured
from app.settings.integrations.tmdb import tmdb_client
from app.settings.pipeline import pipeline_settings

log = logging.getLogger(__name__)
# Shows looked at per run: TMDB answers from its cache for most, so a batch takes seconds.
BATCH = 200
SETTLED = (RequestStatus.AVAILABLE, RequestStatus.PARTIALLY_AVAILABLE)
IN_FLIGHT = (RequestStatus.SEARCHING, RequestStatus.DOWNLOADING, RequestStatus.IMPORTING)
ARRIVED_CODE = EPISODES_ARRIVED
SEARCH_CODE = NEW_EPISODES
# A show that airs nothing more (ended, or its asked seasons are all out) is not looked at again.
NEVER = datetime(9999, 1, 1, tzinfo=UTC)
# A continuing show without a dated next episode is looked at again tomorrow.
AGAIN_AFTER = timedelta(days=1)


@dataclass
class FollowReport:
    """What one daily pass did (the task's result)."""

    looked_at: list[int] = field(default_factory=list)
    searching: list[int] = field(default_factory=list)
    episodes_searched: int = 0
    arrived: dict[int, list[str]] = field(default_factory=dict)
    settled: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The JSON form."""
        return {
            "looked_at": self.looked_at,
            "searching": self.searching,
            "episodes_searched": self.episodes_searched,
            "arrived": {str(key): value for key, value in self.arrived.items()},
            "settled": self.settled,
        }


def round_in_flight() -> ColumnElement[bool]:
    """Followed shows fetching new episodes while the earlier ones are in Plex (the sync leaves them alone:
    the show being in Plex does not make the new episodes available)."""
    return MediaRequest.episodes_wanted.is_not(None) & MediaRequest.status.in_(IN_FLIGHT)


def episode_label(episode: Episode) -> str:
    """Plex's and the family's way of naming an episode: S02E05."""
    return f"S{episode[0]:02d}E{episode[1]:02d}"


def _parse_label(label: str) -> Episode | None:
    season, _, number = label.upper().removeprefix("S").partition("E")
    return (int(season), int(number)) if season.isdigit() and number.isdigit() else None


@dataclass(frozen=True)
class WantedNow:
    """A request as the search reads it: a followed show's new episodes instead of what it first asked."""

    id: int
    media_type: MediaType
    title: str
    year: int | None
    tmdb_id: int
    imdb_id: str | None
    tvdb_id: int | None
    requested_seasons: Sequence[int] | None
    requested_episodes: Mapping[str, Sequence[int]] | None


def wanted_now(request: MediaRequest) -> MediaRequest | WantedNow:
    """What the search looks for: the new episodes being fetched when there are some, else the request."""
    wanted = request.episodes_wanted
    if not wanted:
        return request
    return WantedNow(
        id=request.id,
        media_type=request.media_type,
        title=request.title,
        year=request.year,
        tmdb_id=request.tmdb_id,
        imdb_id=request.imdb_id,
        tvdb_id=request.tvdb_id,
        requested_seasons=sorted(int(season) for season, numbers in wanted.items() if not numbers) or None,
        requested_episodes={season: numbers for season, numbers in wanted.items() if numbers} or None,
    )


@dataclass(frozen=True)
class AlreadyHad:
    """A show asked to follow everything whose asked part Plex has already: nothing to fetch now."""

    episodes_seen: list[str]
    ended: bool


async def already_had(session: AsyncSession, data: RequestCreate) -> AlreadyHad | None:
    """What Plex has of a show request following everything, when it has all the request asks for; None
    when something is missing (searched as usual).

    The whole show is sized by TMDB's episode counts (its cached details, which the kiosk's sheet has just
    read), as the sync's availability check does; TMDB not set up or away means searching as before.
    """
    ids = MediaIds("show", data.tmdb_id, data.imdb_id, data.tvdb_id)
    had = (await presence_of(session, [ids]))[ids].episodes
    if not had:
        return None
    try:
        details = await (await tmdb_client(session)).show_details(data.tmdb_id)
    except (NotConfigured, IntegrationError) as exc:
        log.info("cannot tell whether Plex has all of show %s: %s", data.tmdb_id, exc)
        return None
    sizes = {season.season_number: season.episode_count for season in details.seasons}
    wanted = wanted_episodes(seasons=data.seasons, episodes=data.episodes, season_sizes=sizes, present=had)
    if coverage(wanted, had) is not Coverage.ALL:
        return None
    return AlreadyHad([episode_label(e) for e in sorted(_episodes(had))], has_ended(details))


async def follow_shows(
    session: AsyncSession,
    *,
    now: datetime | None = None,
    send: Send = publish,
    limit: int = BATCH,
    tmdb: TmdbClient | None = None,
) -> FollowReport:
    """One daily pass over the followed shows that are due (committed; searches are sent through `send`)."""
    now = now or utcnow()
    report = FollowReport()
    try:
        tmdb = tmdb or await tmdb_client(session)
    except NotConfigured:
        return report
    delay = (await pipeline_settings(session)).new_episode_delay
    for request_id in await _due(session, now, limit):
        report.looked_at.append(request_id)
        try:
            await _follow(session, request_id, tmdb, now, delay, send, report)
        except IntegrationError as exc:
            await session.rollback()
            log.warning("new episodes of request %s not looked for today: %s", request_id, exc)
    return report


async def _due(session: AsyncSession, now: datetime, limit: int) -> list[int]:
    """Settled show requests due a look, the longest waiting first."""
    rows = await session.scalars(
        select(MediaRequest.id)
        .where(
            MediaRequest.media_type == MediaType.TV,
            MediaRequest.status.in_(SETTLED) | _not_found_yet(),
            MediaRequest.next_search_at.is_(None) | (MediaRequest.next_search_at <= now),
        )
        .order_by(MediaRequest.next_search_at.is_not(None), MediaRequest.next_search_at, MediaRequest.id)
        .limit(limit)
    )
    return list(rows)


def _not_found_yet() -> ColumnElement[bool]:
    """New episodes searched for and not found: looked for again by the next pass (the re-search window
    of a request asked long ago is over, and it must not fail the show)."""
    return (MediaRequest.status == RequestStatus.NOT_FOUND) & MediaRequest.episodes_wanted.is_not(None)


def _followed_seasons(request: MediaRequest, details: ShowDetails) -> set[int] | None:
    """The seasons the request follows; None: every regular season, including those still to come."""
    if request.follow == "everything":
        # Seasons named with it are what Plex lacked when it was asked: the whole show is followed.
        return None
    named = {*(request.requested_seasons or ()), *(int(s) for s in request.requested_episodes or {})}
    if named:
        return named
    if request.follow == "asked":
        # The seasons out when it was asked.
        asked_on = request.created_at.date()
        return {s.season_number for s in details.seasons if s.air_date and s.air_date <= asked_on} - {0}
    return None


def _seasons_to_ask(request: MediaRequest, seen: set[Episode]) -> list[int]:
    """The seasons to read with the show's details: every one up to the latest named or seen, and the
    next one (a new season TMDB may list since)."""
    named = {*(request.requested_seasons or ()), *(int(s) for s in request.requested_episodes or {})}
    latest = max({*named, *(season for season, _ in seen), 1})
    return sorted(named | set(range(1, latest + 2)))


async def end_round(session: AsyncSession, request: MediaRequest) -> RequestEvent | None:
    """A followed show settles after fetching new episodes: note those now in Plex (the timeline's
    "S01E03 arrived", not committed) and return that event, None when none came."""
    ids = MediaIds("show", request.tmdb_id, request.imdb_id, request.tvdb_id)
    in_plex = _episodes((await presence_of(session, [ids]))[ids].episodes)
    seen = {e for e in map(_parse_label, request.episodes_seen or ()) if e is not None}
    request.episodes_wanted = None
    # Looked at again by the next pass: an episode the batch's release did not hold is searched then.
    request.next_search_at = None
    request.episodes_seen = [episode_label(e) for e in sorted(seen | in_plex)]
    arrived = [episode_label(e) for e in sorted(in_plex - seen)]
    if not arrived:
        return None
    return note(
        session, request, f"{', '.join(arrived)} arrived", details=said(EPISODES_ARRIVED, episodes=arrived)
    )


def _episodes(by_season: Mapping[int, Iterable[int]]) -> set[Episode]:
    return {(season, number) for season, numbers in by_season.items() for number in numbers}


def _not_asked(request: MediaRequest, seasons: Iterable[SeasonDetails]) -> set[Episode]:
    """Episodes of a season the request named single episodes of, that it did not name: never fetched
    (unless it follows everything: then the others were in Plex when it was asked)."""
    if request.follow == "everything":
        return set()
    named = {int(season): set(numbers) for season, numbers in (request.requested_episodes or {}).items()}
    return {
        (season.season_number, episode.episode_number)
        for season in seasons
        if season.season_number in named
        for episode in season.episodes
        if episode.episode_number not in named[season.season_number]
    }


async def _follow(
    session: AsyncSession,
    request_id: int,
    tmdb: TmdbClient,
    now: datetime,
    delay: timedelta,
    send: Send,
    report: FollowReport,
) -> None:
    request = await session.get(MediaRequest, request_id)
    if request is None:
        return
    seen_before = {e for e in map(_parse_label, request.episodes_seen or ()) if e is not None}
    details, read = await tmdb.airing(request.tmdb_id, _seasons_to_ask(request, seen_before))
    followed = _followed_seasons(request, details)
    numbers = [
        s.season_number
        for s in details.seasons
        if (s.season_number in followed if followed is not None else s.season_number > 0)
    ]
    # A show with more new seasons than the call could append (rare): those read on their own.
    seasons = [read.get(n) or await tmdb.season_details(request.tmdb_id, n) for n in numbers]
    ids = MediaIds("show", request.tmdb_id, request.imdb_id, request.tvdb_id)
    in_plex = _episodes((await presence_of(session, [ids]))[ids].episodes)
    due = searches_due(
        seasons,
        now=now,
        accounted_for=in_plex | seen_before | _not_asked(request, seasons),
        followed_seasons=followed,
        delay=delay,
    )
    ends = has_ended(details) or followed is not None
    complete = ends and all_in(seasons, in_plex | _not_asked(request, seasons), followed)
    upcoming = next_due(seasons, now, delay)

    request = await lock_request(session, request_id)
    if request is None or not (
        request.status in SETTLED or (request.status is RequestStatus.NOT_FOUND and request.episodes_wanted)
    ):
        await session.rollback()
        return
    arrived = sorted(in_plex - seen_before) if request.episodes_seen is not None else []
    request.episodes_seen = [episode_label(e) for e in sorted(seen_before | in_plex)]
    request.episodes_wanted = None
    request.followed = not complete
    request.next_search_at = NEVER if complete or (ends and upcoming is None) else _next_look(upcoming, now)
    arrival = None
    if arrived:
        labels = [episode_label(e) for e in arrived]
        report.arrived[request_id] = labels
        arrival = note(
            session,
            request,
            f"{', '.join(labels)} arrived",
            details=said(EPISODES_ARRIVED, episodes=labels),
        )
    if complete and request.status is not RequestStatus.AVAILABLE:
        reason = "Every episode is in the Plex library"
        transition(session, request, RequestStatus.AVAILABLE, reason=reason, details=said(AVAILABLE))
    if complete:
        report.settled.append(request_id)
    task_id = _start_search(session, request, due) if due and not complete else None
    await session.commit()
    if arrival is not None:
        await announce(request_id, NotificationEvent.NEW_EPISODES, key=str(arrival.id))
    if task_id is not None:
        report.searching.append(request_id)
        report.episodes_searched += sum(len(search.episodes) or _size(seasons, search) for search in due)
        if not await send(task_names.PROCESS_REQUEST, request_id, task_id=task_id):
            await forget_task(session, request_id=request_id, task_id=task_id)


def _size(seasons: Iterable[SeasonDetails], search: EpisodeSearch) -> int:
    return next((len(s.episodes) for s in seasons if s.season_number == search.season), 0)


def _next_look(upcoming: datetime | None, now: datetime) -> datetime:
    """When the next episode counts as aired, or tomorrow when none is dated yet."""
    return upcoming if upcoming is not None else now + AGAIN_AFTER


def _start_search(session: AsyncSession, request: MediaRequest, due: Sequence[EpisodeSearch]) -> str:
    """Settled → SEARCHING for the new episodes (named in `episodes_wanted`); the task id to send."""
    request.episodes_wanted = {str(search.season): list(search.episodes) for search in due}
    labels = [
        f"S{search.season:02d}" if search.is_season_pack else episode_label((search.season, number))
        for search in due
        for number in (search.episodes or (0,))
    ]
    request.celery_task_id = task_id = new_task_id()
    transition(
        session,
        request,
        RequestStatus.SEARCHING,
        reason=f"New episodes aired: searching {', '.join(labels)}",
        details=said(NEW_EPISODES, episodes=labels),
    )
    return task_id
