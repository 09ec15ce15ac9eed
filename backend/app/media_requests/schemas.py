"""What the API accepts and returns for media requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.input_types import MultilineText, RowId, Text
from app.media_requests.family_views import RequestView
from app.media_requests.states import MediaType, RequestStatus

IMDB_ID_PATTERN = r"^tt\d{7,10}$"
# What a show request follows: the seasons or episodes asked, or every season including what airs next.
FollowChoice = Literal["asked", "everything"]


class RequestCreate(BaseModel):
    """A new request from the kiosk: which film or show, and for shows which seasons or episodes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    media_type: MediaType
    tmdb_id: RowId
    title: Annotated[Text, Field(min_length=1, max_length=500)]
    year: Annotated[int | None, Field(ge=1870, le=2100)] = None
    imdb_id: Annotated[str | None, Field(pattern=IMDB_ID_PATTERN)] = None
    tvdb_id: RowId | None = None
    seasons: Annotated[list[Annotated[int, Field(ge=0, le=500)]] | None, Field(max_length=200)] = None
    episodes: dict[str, list[Annotated[int, Field(ge=0, le=10000)]]] | None = None
    requested_by: RowId | None = None
    quality_profile: Annotated[Text, Field(min_length=1, max_length=64)] | None = Field(
        default=None,
        description="a quality profile's name (Settings), such as the 4K one: a parent's choice, or a "
        "profile allowed to choose; none: the default for its media type",
    )

    follow: FollowChoice | None = Field(
        default=None,
        description="shows only: 'asked' fetches the seasons or episodes named and nothing more; "
        "'everything' every season, and each episode as it airs (seasons or episodes named with it are "
        "the part Plex lacks now, fetched first); none: everything when no season is named, else what "
        "is asked",
    )

    @field_validator("seasons")
    @classmethod
    def _unique_seasons(cls, value: list[int] | None) -> list[int] | None:
        return sorted(set(value)) if value else None

    @field_validator("episodes")
    @classmethod
    def _episodes_keyed_by_season(cls, value: dict[str, list[int]] | None) -> dict[str, list[int]] | None:
        if not value:
            return None
        cleaned: dict[str, list[int]] = {}
        for season, numbers in value.items():
            if not season.isdigit():
                raise ValueError(f"episode keys are season numbers; {season!r} is not one")
            if not numbers:
                raise ValueError(f"season {season} lists no episode")
            cleaned[str(int(season))] = sorted(set(numbers))
        return dict(sorted(cleaned.items(), key=lambda item: int(item[0])))

    @model_validator(mode="after")
    def _seasons_only_for_shows(self) -> RequestCreate:
        if self.media_type is MediaType.MOVIE and (self.seasons or self.episodes):
            raise ValueError("a film has no seasons or episodes")
        if self.media_type is MediaType.MOVIE and self.follow is not None:
            raise ValueError("a film airs no new episodes to follow")
        return self


class DenyIn(BaseModel):
    """Why a request is denied; the family reads it on the request's page."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: Annotated[MultilineText, Field(min_length=1, max_length=500)]


class RequestEventOut(BaseModel):
    """One line of a request's timeline."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    from_status: RequestStatus | None
    to_status: RequestStatus
    reason: str
    actor: str
    details: dict[str, Any] | None
    created_at: datetime


class DownloadProgressOut(BaseModel):
    """How far the request's downloads are, read from qBittorrent a few seconds ago at most."""

    model_config = ConfigDict(from_attributes=True)

    fraction: float = Field(description="0 to 1, all of the request's torrents together")
    eta_seconds: int | None
    download_speed: int = Field(description="bytes per second")
    state: str
    live: bool = Field(description="false when qBittorrent did not answer: the last saved figures")
    broken: bool = Field(
        default=False,
        description="a torrent is gone from qBittorrent or in error: another copy is being looked for",
    )


class RequestOut(BaseModel):
    """A request as the kiosk shows it in a list."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    media_type: MediaType
    tmdb_id: int
    imdb_id: str | None
    tvdb_id: int | None
    title: str
    year: int | None
    seasons: list[int] | None = Field(validation_alias="requested_seasons")
    episodes: dict[str, list[int]] | None = Field(validation_alias="requested_episodes")
    status: RequestStatus
    requested_by: int | None
    celery_task_id: str | None
    error: str | None
    attempts: int
    next_search_at: datetime | None
    release_date: date | None = Field(
        default=None,
        description="for a film not out yet when asked: the day it comes out at home, searched from then",
    )
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    quality_profile: str | None = Field(default=None, description="the quality profile chosen, if any")
    follow: FollowChoice | None = Field(default=None, description="for a show: what it follows, as asked")
    followed: bool = Field(
        default=False, description="a show still watched for new episodes (it continues on TV)"
    )
    download: DownloadProgressOut | None = None
    requester_name: str | None = Field(
        default=None, description="the name of the profile that asked; none for a script (API key)"
    )
    failure: dict[str, Any] | None = Field(
        default=None,
        description="in a list, for a FAILED request: why, as the code and facts of its FAILED move "
        "(`code`, `why`, `service`, `count`), which the kiosk words; `error` is the English line",
    )


class RequestDetail(RequestOut):
    """One request with its Celery task state, its timeline and why its release was chosen."""

    task_state: str | None = None
    selection: list[dict[str, Any]] | None = Field(
        default=None, description="per film or season: the release picked and the ones refused, with reasons"
    )
    timeline: list[RequestEventOut] = Field(default_factory=list, validation_alias="events")


class RequestPage(BaseModel):
    """A page of requests."""

    items: list[RequestOut]
    total: int
    page: int
    page_size: int
    counts: dict[RequestView, int] | None = Field(
        default=None,
        description="how many requests each quick filter holds, among those the caller may see "
        "(whatever `view` and `status` this page was asked for)",
    )
