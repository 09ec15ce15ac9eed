"""What the search API returns."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.media_requests.states import MediaType, RequestStatus


class ExistingRequest(BaseModel):
    """The request already made for a title, so the kiosk shows its status instead of a Request button."""

    id: int
    status: RequestStatus


class SearchResult(BaseModel):
    """One film or show, in the household's language."""

    media_type: MediaType
    tmdb_id: int
    title: str
    original_title: str | None
    year: int | None
    overview: str
    poster_url: str | None
    in_plex: bool
    request: ExistingRequest | None


class SearchPage(BaseModel):
    """A page of search results."""

    results: list[SearchResult]
    page: int
    total_pages: int


class SeasonOut(BaseModel):
    """A season a family member can ask for, with the episodes Plex already has (not asked for again)."""

    # Always in the answer: the kiosk's generated types must not call it optional.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    season_number: int
    name: str
    episode_count: int
    air_date: date | None = None
    in_plex: list[int] = Field(default_factory=list, description="the numbers of its episodes in Plex")


class ShowSeasons(BaseModel):
    """A show's seasons (specials excluded)."""

    tmdb_id: int
    title: str
    seasons: list[SeasonOut]
    continuing: bool = Field(
        default=True, description="false once TMDB says it airs nothing more: nothing new to follow"
    )


class EpisodeOut(BaseModel):
    """One episode a family member can pick on its own."""

    episode_number: int
    name: str
    air_date: date | None


class SeasonEpisodes(BaseModel):
    """A season's episodes, so a touch screen can show them without hover."""

    tmdb_id: int
    season_number: int
    name: str
    air_date: date | None
    episodes: list[EpisodeOut]
