"""Rank 1,000 realistic candidates for one film request and print the cost, cold and warm.

Run: uv run python benchmarks/rank_releases.py
It also ranks the same candidates with guessit alone (the reference) and prints how far the two decisions
agree: the fast path must change the time, not the outcome.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from app.releases import Candidate, MediaTarget, Selection, clear_parse_cache, select_release
from app.releases.parsing import parse_release, parse_release_with_guessit
from app.releases.quality_profiles import HD_1080P

SEED = 20240611
COUNT = 1000
TARGET = MediaTarget(
    media_type="movie",
    title="Spirited Away",
    original_title="Sen to Chihiro no Kamikakushi",
    alternative_titles=("Le Voyage de Chihiro", "Chihiros Reise ins Zauberland"),
    year=2001,
    runtime_minutes=125,
    original_language="ja",
)
GOOD_TITLES = ["Spirited Away"] * 6 + ["Le Voyage de Chihiro"] * 3 + ["Sen to Chihiro no Kamikakushi"]
WRONG_TITLES = ["Spirited Away Making Of", "Spirit Untamed", "Away We Go", "Le Voyage de Ricky", "Chihiro"]
QUALITIES = [
    ("1080p", "BluRay", 8000),
    ("1080p", "WEB-DL", 5000),
    ("1080p", "WEBRip", 4000),
    ("720p", "BluRay", 4500),
    ("720p", "HDTV", 2500),
    ("2160p", "BluRay", 22000),
    ("2160p", "WEB-DL", 15000),
    ("1080p", "BluRay.REMUX", 30000),
    ("", "DVDRip", 1400),
    ("", "CAM", 1400),
    ("720p", "TELESYNC", 1500),
]
LANGUAGES = ["MULTi", "MULTi.VFF", "TRUEFRENCH", "FRENCH", "VFF", "VFQ", "VOSTFR", "", "", "MULTi.VF2"]
CODECS = ["x264", "x265", "H264", "HEVC", "AVC"]
AUDIO = ["DTS-HD.MA.5.1", "DDP5.1", "AC3.5.1", "AAC2.0", "TrueHD.Atmos.7.1", ""]
EXTRAS = ["", "", "", "PROPER", "REPACK", "10bit", "HDR", "EXTENDED", "iNTERNAL", "AMZN"]
GROUPS = ["SPARKS", "QTZ", "FiDELiO", "ZT", "Ulysse", "GHT", "NoTag", "LOST", "AMIABLE", "KAF"]


def release_name(rng: random.Random) -> tuple[str, int]:
    """One plausible release name and its size in bytes."""
    title = rng.choice(WRONG_TITLES) if rng.random() < 0.15 else rng.choice(GOOD_TITLES)
    year = rng.choice([2001] * 8 + [2002, 2021, 1998])
    resolution, source, megabytes = rng.choice(QUALITIES)
    words = [title, str(year), rng.choice(LANGUAGES), resolution, source, rng.choice(EXTRAS)]
    words += [rng.choice(AUDIO), rng.choice(CODECS)]
    style = rng.random()
    body = ".".join(word.replace(" ", ".") for word in words if word)
    name = f"{body}-{rng.choice(GROUPS)}"
    if style < 0.15:
        name = name.replace(".", " ")
    elif style < 0.22:
        name = name.replace(f".{year}.", f" ({year}) ").replace(".", " ")
    elif style < 0.27:
        name = f"[ www.Torrent9.xyz ] {name}"  # the kind of name only guessit reads
    elif style < 0.30:
        name = f"{title} ({year}) [{resolution or 'SD'} {source}] {rng.choice(LANGUAGES) or 'VO'}"
    size = int(megabytes * rng.uniform(0.3, 1.6) * 1024 * 1024)
    if rng.random() < 0.05:
        size = rng.randint(50, 400) * 1024 * 1024  # a fake: far too small
    return name, size


def build_candidates(rng: random.Random) -> list[Candidate]:
    """COUNT candidates; about a quarter are the same torrent seen through a second indexer."""
    candidates: list[Candidate] = []
    while len(candidates) < COUNT:
        if candidates and rng.random() < 0.25:
            seen = rng.choice(candidates)
            candidates.append(Candidate(**{**_fields(seen), "indexer": "second-indexer"}))
            continue
        name, size = release_name(rng)
        seeders = rng.choice([None, 0, *range(1, 40), *range(50, 2000, 37)])
        info_hash = hashlib.sha1(f"{name}{size}".encode(), usedforsecurity=False).hexdigest()
        candidates.append(
            Candidate(title=name, size_bytes=size, seeders=seeders, info_hash=info_hash, indexer="one")
        )
    return candidates


def _fields(candidate: Candidate) -> dict[str, object]:
    return {slot: getattr(candidate, slot) for slot in Candidate.__slots__}


def timed(candidates: list[Candidate], **options: object) -> tuple[float, Selection]:
    """Seconds taken by one select_release call, and its result."""
    start = time.perf_counter()
    selection = select_release(candidates, TARGET, HD_1080P, **options)  # type: ignore[arg-type]
    return time.perf_counter() - start, selection


def decisions(selection: Selection) -> dict[str, str]:
    """Each candidate name -> its outcome (accepted with its place, or the rejection code)."""
    outcome = {
        ranked.candidate.title: f"accepted #{place}" for place, ranked in enumerate(selection.accepted)
    }
    outcome |= {rejection.candidate.title: rejection.code.value for rejection in selection.rejected}
    return outcome


def main() -> None:
    """Print the figures."""
    candidates = build_candidates(random.Random(SEED))
    names = {candidate.title for candidate in candidates}
    parse_release_with_guessit("Warm.Up.2001.1080p.BluRay.x264-GROUP")  # guessit builds its rules once
    clear_parse_cache()
    cold, fast = timed(candidates)
    info = parse_release.cache_info()
    warm, _ = timed(candidates)
    by_guessit = sum(parse_release(name).parsed_by == "guessit" for name in names)
    reference_time, reference = timed(candidates, parse=parse_release_with_guessit)
    ours, theirs = decisions(fast), decisions(reference)
    same = sum(ours[name] == theirs[name] for name in theirs)
    print(f"candidates: {len(candidates)}, unique names: {len(names)}, parsed cold: {info.misses}")
    print(f"names read by guessit (fast path unsure): {by_guessit} ({by_guessit / len(names):.0%})")
    for label, seconds in (("cold (empty parse cache)", cold), ("warm (cached parses)", warm)):
        per_candidate = seconds / len(candidates) * 1000
        print(f"{label + ':':26}{seconds * 1000:.0f} ms, {per_candidate:.3f} ms per candidate")
    print(f"guessit only, uncached:   {reference_time * 1000:.0f} ms")
    print(f"same decision as guessit-only: {same}/{len(theirs)} ({same / len(theirs):.1%})")
    same_pick = fast.chosen and reference.chosen and fast.chosen.candidate == reference.chosen.candidate
    print(f"same pick as guessit-only: {bool(same_pick)}")
    print(fast.summary())
    for name in sorted(theirs):
        if ours[name] != theirs[name]:
            print(f"  differs: {name!r}: fast={ours[name]} guessit={theirs[name]}")


if __name__ == "__main__":
    main()
