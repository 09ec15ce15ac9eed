"""What the library API returns: mirrored items, sync runs, the sync's settings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field


class ItemType(StrEnum):
    """A kind of Plex item."""

    MOVIE = "movie"
    SHOW = "show"
    SEASON = "season"
    EPISODE = "episode"


class LibrarySort(StrEnum):
    """Newest additions first, or by title."""

    RECENT = "recent"
    TITLE = "title"


class LibraryItemOut(BaseModel):
    """A film, show, season or episode Plex has (file paths left out: the kiosk has no use for them)."""

    model_config = ConfigDict(from_attributes=True)

    rating_key: str
    item_type: ItemType
    title: str
    year: int | None
    tmdb_id: int | None
    imdb_id: str | None
    tvdb_id: int | None
    season_number: int | None
    episode_number: int | None
    grandparent_rating_key: str | None
    resolution: str | None
    is_4k: bool
    added_at: datetime | None


class LibraryPage(BaseModel):
    """A page of the library."""

    items: list[LibraryItemOut]
    total: int
    page: int
    page_size: int


class SyncRunOut(BaseModel):
    """One pass of the Plex sync: what it changed, how long it took, how it ended."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    status: str
    added: int
    updated: int
    removed: int
    error: str | None
    details: dict[str, Any] | None
    started_at: datetime
    finished_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def duration_seconds(self) -> float | None:
        """Wall-clock length of the run, once it is over."""
        if self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 3)


class SyncRunPage(BaseModel):
    """A page of sync runs, newest first."""

    items: list[SyncRunOut]
    total: int
    page: int
    page_size: int


class SyncTrigger(BaseModel):
    """Which sync an admin asks for."""

    model_config = ConfigDict(extra="forbid")

    full: bool = False


class SyncQueued(BaseModel):
    """The queued sync's task id (follow it with /api/v1/tasks/status/{task_id})."""

    task_id: str
    full: bool
