"""What the API shows and accepts when a parent steers a request (its candidates, a pick)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.releases.models import Release
from app.releases.parsing import parse_release


class RejectionReasonOut(BaseModel):
    """Why a candidate was set aside: a stable code (for the UI's words) and the server's sentence."""

    code: str
    message: str


class ReleaseOut(BaseModel):
    """One candidate of a request: what was read from its name, its verdict, and what was done with it."""

    id: int
    title: str
    indexer: str
    part: str | None = Field(description="the film, or the season this candidate is for")
    season: int | None
    size_bytes: int | None
    seeders: int | None
    peers: int | None
    quality: str = Field(description="the quality rung read from the name (Bluray-1080p, WEBDL-720p…)")
    resolution: str | None
    source: str | None
    codec: str | None
    languages: list[str] = Field(description="audio languages (ISO 639-1, or multi)")
    language_tags: list[str] = Field(description="the French tags as written: MULTI, VFF, VOSTFR…")
    rank: int | None = Field(description="1 for the best acceptable candidate; none when set aside")
    rejected: bool
    reasons: list[RejectionReasonOut]
    chosen: bool = Field(description="the release grabbed for this request")
    blocklisted: bool = Field(description="never grabbed again for this request unless a parent unblocks it")
    picked_by: str | None = Field(description="the parent who picked it; the next search step grabs it")
    created_at: datetime

    @classmethod
    def of(cls, release: Release) -> ReleaseOut:
        """The API's view of a stored verdict (the name is read again: parsing is cached and cheap)."""
        parsed = parse_release(release.title)
        stored = release.parsed or {}
        return cls(
            id=release.id,
            title=release.title,
            indexer=release.indexer,
            part=stored.get("part"),
            season=stored.get("season"),
            size_bytes=release.size_bytes,
            seeders=release.seeders,
            peers=release.peers,
            quality=release.quality or parsed.quality.value,
            resolution=parsed.resolution,
            source=parsed.source,
            codec=parsed.codec,
            languages=list(parsed.languages),
            language_tags=list(parsed.language_tags),
            rank=None if release.score is None else 1 - int(release.score),
            rejected=release.rejected,
            reasons=[RejectionReasonOut.model_validate(r) for r in release.rejection_reasons or []],
            chosen=release.chosen,
            blocklisted=release.blocklisted,
            picked_by=release.picked_by,
            created_at=release.created_at,
        )


class PickIn(BaseModel):
    """A parent's pick; a candidate that was set aside needs `confirm`."""

    model_config = ConfigDict(extra="forbid")

    confirm: bool = Field(default=False, description="grab it even though the selection set it aside")
