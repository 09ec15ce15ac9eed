"""Search the indexers for each part of a request, pick the best release, keep every verdict.

The verdicts are stored as `releases` rows (what the admin screen and the fail-over read) and as a
short explanation on the request ("Picked 1080p Bluray x264, 8.2 GB, 153 seeders; rejected 14: …").
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.column_fit import Unfit, fit_row
from app.integrations.torznab import IndexersUnreachable, SearchQuery, SearchResults, TorznabClient
from app.integrations.torznab_parse import TorznabItem
from app.releases.candidates import Candidate
from app.releases.models import Release
from app.releases.quality_profiles import QualityProfile
from app.releases.selection import RankedRelease, Selection, select_release
from app.releases.targets import SearchPart

_RELEASES = cast(Table, Release.__table__)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PartOutcome:
    """What one part's search found: the ranked choice list (best first) and the explanation."""

    part: SearchPart
    selection: Selection
    indexer_failures: tuple[str, ...]
    skipped_items: tuple[str, ...] = ()

    @property
    def choices(self) -> tuple[RankedRelease, ...]:
        """Acceptable releases, best first: the first is grabbed, the next are the fail-over."""
        return self.selection.accepted

    def explanation(self) -> dict[str, Any]:
        """The JSON kept on the request for this part."""
        decision = self.selection.to_dict()
        return {
            "part": self.part.label,
            "season": self.part.season,
            "summary": decision["summary"],
            "chosen": decision["chosen"],
            "rejected": decision["rejected"][:200],
            "rejected_count": len(decision["rejected"]),
            # Counted over every rejection, not only the 200 kept above.
            "rejected_by_reason": decision["rejected_by_reason"],
            "accepted_count": len(decision["accepted"]),
            "indexer_failures": list(self.indexer_failures),
            "skipped_items": list(self.skipped_items[:50]),
        }


def to_candidate(item: TorznabItem) -> Candidate:
    """The selection's view of an indexer result."""
    return Candidate(
        title=item.title,
        size_bytes=item.size_bytes,
        seeders=item.seeders,
        peers=item.peers,
        info_hash=item.info_hash,
        indexer=item.indexer,
        download_url=item.torrent_url,
        magnet_url=item.magnet_url,
        publish_date=item.publish_date,
    )


def candidate_of(release: Release) -> Candidate:
    """A stored verdict as the selection's candidate again (for a release a parent picked by hand)."""
    magnet = release.download_url if (release.download_url or "").startswith("magnet:") else None
    return Candidate(
        title=release.title,
        size_bytes=release.size_bytes,
        seeders=release.seeders,
        peers=release.peers,
        info_hash=release.info_hash,
        indexer=release.indexer,
        download_url=None if magnet else release.download_url,
        magnet_url=magnet,
    )


async def picked_releases(session: AsyncSession, request_id: int) -> dict[int | None, Release]:
    """The releases a parent picked and nobody grabbed yet, by season (None for a film)."""
    rows = await session.scalars(
        select(Release)
        .where(
            Release.request_id == request_id,
            Release.picked_by.is_not(None),
            Release.chosen.is_(False),
            Release.blocklisted.is_(False),
        )
        .order_by(Release.id)
    )
    return {(release.parsed or {}).get("season"): release for release in rows}


async def search_and_select(
    client: TorznabClient, parts: list[SearchPart], profile: QualityProfile
) -> list[PartOutcome]:
    """Search every part on every enabled indexer, then rank (parsing runs in a thread: guessit is slow)."""
    outcomes = []
    answers: dict[SearchQuery, SearchResults] = {}  # an anime's seasons share one search by title
    for part in parts:
        if part.query not in answers:
            answers[part.query] = await client.search(part.query)
        results = answers[part.query]
        candidates = [to_candidate(item) for item in results.items]
        selection = await asyncio.to_thread(select_release, candidates, part.target, profile)
        failures = tuple(f"{failure.indexer}: {failure.message}" for failure in results.failures)
        if results.all_failed:
            # Every indexer failed: this is an outage, not "nothing exists"; let the task retry.
            raise IndexersUnreachable(results.failures)
        outcomes.append(PartOutcome(part, selection, failures, results.skipped))
    return outcomes


async def store_verdicts(session: AsyncSession, request_id: int, outcomes: list[PartOutcome]) -> None:
    """Replace the request's previous verdicts with these. Kept as they are: blocklisted releases (for
    good), the grabbed ones (their downloads point at them) and picked ones until they are grabbed."""
    kept = Release.blocklisted.is_(True) | Release.chosen.is_(True) | Release.picked_by.is_not(None)
    await session.execute(delete(Release).where(Release.request_id == request_id, ~kept))
    kept_titles = set(await session.scalars(select(Release.title).where(Release.request_id == request_id)))
    rows: list[dict[str, Any]] = []
    for outcome in outcomes:
        for rank, ranked in enumerate(outcome.choices):
            rows.append(
                _row(request_id, ranked.candidate, quality=ranked.parsed.quality.value, score=-float(rank))
                | {"parsed": {"description": ranked.describe(), **_part(outcome)}}
            )
        for rejection in outcome.selection.rejected:
            rows.append(
                _row(request_id, rejection.candidate, quality=None, score=None)
                | {
                    "rejected": True,
                    "rejection_reasons": [{"code": rejection.code.value, "message": rejection.message}],
                    "parsed": _part(outcome),
                }
            )
    rows = [row for row in rows if row["title"] not in kept_titles]
    fitted = []
    for row in rows:  # one odd feed item (seeders past int32, a NUL) must not lose the others' verdicts
        try:
            fitted.append(fit_row(_RELEASES, row))
        except Unfit as exc:
            log.warning("release %r of request %s not kept: %s", row.get("title"), request_id, exc)
    if fitted:
        await session.execute(insert(Release), fitted)


def _part(outcome: PartOutcome) -> dict[str, Any]:
    return {"part": outcome.part.label, "season": outcome.part.season}


def _row(
    request_id: int, candidate: Candidate, *, quality: str | None, score: float | None
) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "indexer": candidate.indexer[:200],
        "title": candidate.title[:1000],
        "info_hash": candidate.info_hash,
        "download_url": candidate.magnet_url or candidate.download_url,
        "size_bytes": candidate.size_bytes,
        "seeders": candidate.seeders,
        "peers": candidate.peers,
        "quality": quality,
        "score": score,
        "rejected": False,
        "rejection_reasons": None,
        "chosen": False,
        "blocklisted": False,
    }
