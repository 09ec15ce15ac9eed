"""Pick the best release for a request, keep the runners-up for fail-over and a reason for every refusal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from app.releases.absolute import placed
from app.releases.candidates import Candidate, MediaTarget
from app.releases.matching import may_name, opening_matches
from app.releases.name_hints import leading_titles
from app.releases.parsing import ParsedRelease, parse_release
from app.releases.quality_profiles import QualityProfile
from app.releases.rejections import Rejection
from app.releases.scoring import (
    format_size,
    preference_score,
    reject,
    reject_unparsed,
    seeders_bucket,
    size_mb_per_minute,
    wrong_title,
)

_SOURCE_LABELS = {"bluray": "Bluray", "webdl": "WEB-DL", "webrip": "WEBRip", "tv": "HDTV", "dvd": "DVD"}


@dataclass(frozen=True, slots=True)
class RankedRelease:
    """An accepted candidate with what it was ranked on."""

    candidate: Candidate
    parsed: ParsedRelease
    quality_rank: int
    preference: int
    sort_key: tuple[float, ...]

    def describe(self) -> str:
        """ "1080p Bluray x264, 8.2 GB, 153 seeders" (with the French tags when there are any)."""
        parsed = self.parsed
        if parsed.quality.value.startswith("Remux"):
            source = "Remux"
        else:
            source = _SOURCE_LABELS.get(parsed.source or "", parsed.quality.value)
        words = [word for word in (parsed.resolution, source, parsed.codec) if word]
        words += list(parsed.language_tags)
        seeders = "unknown seeders" if self.candidate.seeders is None else f"{self.candidate.seeders} seeders"
        return f"{' '.join(words)}, {format_size(self.candidate.size_bytes)}, {seeders}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record for the request's stored explanation."""
        return {
            "title": self.candidate.title,
            "indexer": self.candidate.indexer,
            "info_hash": self.candidate.info_hash,
            "quality": self.parsed.quality.value,
            "description": self.describe(),
            "preference": self.preference,
            # What the kiosk puts into words in the family's language (the description above is English).
            "resolution": self.parsed.resolution,
            "source": self.parsed.source,
            "codec": self.parsed.codec,
            "languages": list(self.parsed.languages),
            "subtitle_languages": list(self.parsed.subtitle_languages),
            "language_tags": list(self.parsed.language_tags),
            "size_bytes": self.candidate.size_bytes,
            "seeders": self.candidate.seeders,
        }


@dataclass(frozen=True, slots=True)
class Selection:
    """The outcome: the chosen release (or None), every acceptable one best first, every rejection."""

    accepted: tuple[RankedRelease, ...]
    rejected: tuple[Rejection, ...]
    duplicates: int

    @property
    def chosen(self) -> RankedRelease | None:
        """The best acceptable release, None when nothing is acceptable."""
        return self.accepted[0] if self.accepted else None

    def summary(self) -> str:
        """One line for people: "Picked 1080p Bluray x264, 8.2 GB, 153 seeders; rejected 14: 6 CAM, …"."""
        head = f"Picked {self.chosen.describe()}" if self.chosen else "Nothing suitable found"
        if not self.rejected:
            return head
        counts = Counter(rejection.short_label for rejection in self.rejected)
        parts = ", ".join(f"{count} {label}" for label, count in counts.most_common())
        return f"{head}; rejected {len(self.rejected)}: {parts}"

    def rejected_by_reason(self) -> list[dict[str, Any]]:
        """How many candidates each reason set aside, most first: [{"code": "pre_release", "count": 6}, …]."""
        counts = Counter(rejection.code.value for rejection in self.rejected)
        return [{"code": code, "count": count} for code, count in counts.most_common()]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record of the whole decision, to keep with the request."""
        return {
            "summary": self.summary(),
            "chosen": self.chosen.to_dict() if self.chosen else None,
            "accepted": [ranked.to_dict() for ranked in self.accepted],
            "rejected": [rejection.to_dict() for rejection in self.rejected],
            "rejected_by_reason": self.rejected_by_reason(),
            "duplicates": self.duplicates,
        }


def dedupe(candidates: Iterable[Candidate]) -> tuple[list[Candidate], int]:
    """One candidate per info-hash (the best-seeded copy); returns the survivors and how many were dropped."""
    by_hash: dict[str, int] = {}
    kept: list[Candidate] = []
    dropped = 0
    for candidate in candidates:
        key = candidate.info_hash.lower() if candidate.info_hash else None
        if key is None:
            kept.append(candidate)
            continue
        if key in by_hash:
            dropped += 1
            index = by_hash[key]
            if (candidate.seeders or -1) > (kept[index].seeders or -1):
                kept[index] = candidate
            continue
        by_hash[key] = len(kept)
        kept.append(candidate)
    return kept, dropped


def select_release(
    candidates: Iterable[Candidate],
    target: MediaTarget,
    profile: QualityProfile,
    *,
    parse: Callable[[str], ParsedRelease] = parse_release,
    screen_titles: bool = True,
) -> Selection:
    """Dedupe, reject with reasons, rank the rest like Radarr and pick the best.

    Parsing is the cost, so names are turned down unparsed when their verdict does not need the parse: names
    in which no requested title can be found (an indexer's answer holds many), and names that open with a
    requested title but fail a check read from the candidate alone (no seeders, a forbidden word, the
    blocklist: ``reject_unparsed``, the reason ``reject`` would give them). ``screen_titles=False`` parses
    every name, as the reference measurement does.
    """
    unique, duplicates = dedupe(candidates)
    accepted: list[RankedRelease] = []
    rejected: list[Rejection] = []
    for candidate in unique:
        if screen_titles and not may_name(candidate.title, target.all_titles):
            rejected.append(wrong_title(candidate, leading_titles(candidate.title), target))
            continue
        if screen_titles and opening_matches(candidate.title, target.all_titles):
            unparsed = reject_unparsed(candidate, target, profile)
            if unparsed:
                rejected.append(unparsed)
                continue
        parsed = placed(parse(candidate.title), target.absolute_numbering)
        rejection = reject(candidate, parsed, target, profile)
        if rejection:
            rejected.append(rejection)
        else:
            accepted.append(_rank(candidate, parsed, target, profile))
    accepted.sort(key=lambda ranked: ranked.sort_key, reverse=True)
    return Selection(accepted=tuple(accepted), rejected=tuple(rejected), duplicates=duplicates)


def _rank(
    candidate: Candidate, parsed: ParsedRelease, target: MediaTarget, profile: QualityProfile
) -> RankedRelease:
    quality_rank = profile.rank_of(parsed.quality) or 0
    preference = preference_score(candidate, parsed, target, profile)
    # A season pack first when the whole season is wanted; exact episodes first when episodes are wanted.
    if target.media_type == "tv" and parsed.season is not None:
        pack_wanted = target.wants_whole_season(parsed.season)
        fit = 1.0 if parsed.is_season_pack == pack_wanted else 0.0
    else:
        fit = 0.0
    per_minute = size_mb_per_minute(candidate, target, parsed)
    ideal = profile.preferred_mb_per_minute or _middle(profile)
    closeness = -abs(per_minute - ideal) if per_minute is not None and ideal else 0.0
    sort_key = (
        fit,
        float(quality_rank),
        float(parsed.source_known),  # a written source above the same rung inferred from a resolution
        float(preference),
        float(seeders_bucket(candidate.seeders)),
        closeness,
    )
    return RankedRelease(candidate, parsed, quality_rank, preference, sort_key)


def _middle(profile: QualityProfile) -> float | None:
    if profile.max_mb_per_minute is None:
        return None
    return (profile.min_mb_per_minute + profile.max_mb_per_minute) / 2
