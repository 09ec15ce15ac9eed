"""Rank 1,000 real release names drawn from the corpus, cold; print the cost and how the decisions compare.

Run (one core, as the target box): taskset -c 0 uv run python benchmarks/rank_releases.py
The names come from backend/tests/data/release_corpus (real names from public parser test suites; nothing is
generated). Two shapes of work, each on the same 1,000 names with an empty parse cache:
- "searches": 50 searches of 20 results, as an indexer answers: each search wants the title of one drawn name
  and its answer holds every corpus name of that title plus other drawn names (the names of other films are
  turned down unparsed);
- "every name wanted": each name is ranked in the search of its own title, so every name is parsed: the
  parser's worst case.
Each is also ranked with guessit alone and no screen (the reference) and the decisions are compared.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from app.releases import Candidate, MediaTarget, clear_parse_cache, select_release
from app.releases.matching import normalise
from app.releases.name_hints import leading_titles
from app.releases.parsing import parse_release, parse_release_with_guessit
from app.releases.quality_profiles import HD_1080P
from tests.release_corpus import corpus_rows

SEED = 20261206
COUNT = 1000
SEARCHES = 50
RESULTS_PER_SEARCH = 20

Search = tuple[MediaTarget, list[Candidate]]


def _candidate(name: str, rng: random.Random) -> Candidate:
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()
    seeders = rng.choice([0, 1, 3, 8, 20, 55, 140, 400])
    return Candidate(title=name, size_bytes=None, seeders=seeders, info_hash=digest, indexer="corpus")


def _title_of(row: dict[str, str]) -> str:
    return row["title"] or (leading_titles(row["name"]) or ("",))[0].replace(".", " ")


def _target(row: dict[str, str]) -> MediaTarget:
    year = int(row["year"]) if row["year"].isdigit() else None
    kind = "tv" if row["kind"] == "episode" else "movie"
    return MediaTarget(media_type=kind, title=_title_of(row), year=year)


def searches(drawn: list[dict[str, str]], rng: random.Random) -> list[Search]:
    """SEARCHES answers of RESULTS_PER_SEARCH names: the wanted title's names, then others."""
    by_title: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in corpus_rows():
        by_title[normalise(_title_of(row))].append(row)
    result: list[Search] = []
    pool = iter(drawn)
    for wanted in rng.sample(drawn, SEARCHES):
        own = by_title[normalise(_title_of(wanted))][:RESULTS_PER_SEARCH]
        names = [row["name"] for row in own]
        while len(names) < RESULTS_PER_SEARCH:
            names.append(next(pool)["name"])
        result.append((_target(wanted), [_candidate(name, rng) for name in names]))
    return result


def every_name_wanted(drawn: list[dict[str, str]], rng: random.Random) -> list[Search]:
    """One search per title among the drawn names, answered by exactly the drawn names of that title."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in drawn:
        groups[normalise(_title_of(row))].append(row)
    return [(_target(rows[0]), [_candidate(row["name"], rng) for row in rows]) for rows in groups.values()]


def run(work: list[Search], *, reference: bool) -> tuple[float, dict[str, str]]:
    """Seconds to rank every search, and each candidate's outcome (accepted with its place, or a code)."""
    outcome: dict[str, str] = {}
    options = {"parse": parse_release_with_guessit, "screen_titles": False} if reference else {}
    start = time.perf_counter()
    for index, (target, candidates) in enumerate(work):
        selection = select_release(candidates, target, HD_1080P, **options)  # type: ignore[arg-type]
        for place, ranked in enumerate(selection.accepted):
            outcome[f"{index}:{ranked.candidate.title}"] = f"accepted #{place}"
        for rejection in selection.rejected:
            outcome[f"{index}:{rejection.candidate.title}"] = rejection.code.value
    return time.perf_counter() - start, outcome


def report(label: str, work: list[Search]) -> None:
    """Cold time, share parsed by guessit, agreement with the guessit-only reference."""
    names = {candidate.title for _, candidates in work for candidate in candidates}
    clear_parse_cache()
    cold, ours = run(work, reference=False)
    parsed = {name for name in names if _was_parsed(name)}
    by_guessit = sum(parse_release(name).parsed_by == "guessit" for name in parsed)
    reference_time, theirs = run(work, reference=True)
    same = sum(ours[key] == theirs[key] for key in theirs)
    candidates = sum(len(candidates) for _, candidates in work)
    print(f"\n{label}: {len(work)} searches, {candidates} candidates, {len(names)} distinct names")
    print(f"  cold (empty parse cache):  {cold * 1000:.0f} ms")
    print(f"  names parsed: {len(parsed)}, by guessit: {by_guessit} ({by_guessit / max(len(parsed), 1):.0%})")
    print(f"  guessit only, every name parsed: {reference_time * 1000:.0f} ms")
    print(f"  same decision as guessit-only: {same}/{len(theirs)} ({same / len(theirs):.1%})")
    for key in sorted(theirs):
        if ours[key] != theirs[key]:
            print(f"    differs: {key.split(':', 1)[1]!r}: ours={ours[key]} guessit-only={theirs[key]}")


def _was_parsed(name: str) -> bool:
    before = parse_release.cache_info().hits
    parse_release(name)
    hit = parse_release.cache_info().hits > before
    return hit


def main() -> None:
    """Print the figures for both shapes of work."""
    rng = random.Random(SEED)
    # Names whose title the corpus records (the searches want those titles).
    drawn = rng.sample([row for row in corpus_rows() if row["title"]], COUNT)
    parse_release_with_guessit("Warm.Up.2001.1080p.BluRay.x264-GROUP")  # guessit builds its rules once
    report("searches", searches(drawn, rng))
    report("every name wanted", every_name_wanted(drawn, rng))


if __name__ == "__main__":
    main()
