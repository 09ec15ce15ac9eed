"""Rank 1,000 real release names drawn from the corpus, cold; print the cost and how the decisions compare.

Run (one core, as the target box): taskset -c 0 uv run python benchmarks/rank_releases.py [--list-guessit]
The names come from backend/tests/data/release_corpus (real names from public parser test suites; nothing is
generated). Two shapes of work, each on the same 1,000 names with an empty parse cache:
- "every name wanted" (the headline, issue 19's goal: < 1 s): each name is ranked in the search of its own
  title, so every name is a candidate and is parsed, as when an indexer answers a search for a title;
- "searches": 50 searches of 20 results: each search wants the title of one drawn name and its answer holds
  every corpus name of that title plus other drawn names (the names of other films are turned down unparsed).
Each is also ranked with guessit alone and no screen (the reference) and the decisions are compared. Times are
given as wall clock and as the process's CPU time (the machine is shared: CPU time moves far less with load).
The one-time cost of a fresh process (interpreter, imports, guessit building its rules) is printed apart.
The names that needed guessit are counted by the reference's verdict on them: an accepted name is ranked on
its whole parse, so no shortcut around guessit can spare it; --list-guessit prints them.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds of one run."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall * 1000:.0f} ms wall, {self.cpu * 1000:.0f} ms CPU"


def run(work: list[Search], *, reference: bool) -> tuple[Timing, dict[str, str]]:
    """Time to rank every search, and each candidate's outcome (accepted with its place, or a code)."""
    outcome: dict[str, str] = {}
    options = {"parse": parse_release_with_guessit, "screen_titles": False} if reference else {}
    wall, cpu = time.perf_counter(), time.process_time()
    for index, (target, candidates) in enumerate(work):
        selection = select_release(candidates, target, HD_1080P, **options)  # type: ignore[arg-type]
        for place, ranked in enumerate(selection.accepted):
            outcome[f"{index}:{ranked.candidate.title}"] = f"accepted #{place}"
        for rejection in selection.rejected:
            outcome[f"{index}:{rejection.candidate.title}"] = rejection.code.value
    return Timing(time.perf_counter() - wall, time.process_time() - cpu), outcome


def report(label: str, work: list[Search], *, list_guessit: bool = False) -> None:
    """Cold time, share parsed by guessit (by the reference's verdict), agreement with guessit-only."""
    names = {candidate.title for _, candidates in work for candidate in candidates}
    clear_parse_cache()
    cold, ours = run(work, reference=False)
    parsed = {name for name in names if _was_parsed(name)}
    by_guessit = sorted(name for name in parsed if parse_release(name).parsed_by == "guessit")
    guessit_names = set(by_guessit)
    reference_time, theirs = run(work, reference=True)
    same = sum(ours[key] == theirs[key] for key in theirs)
    candidates = sum(len(candidates) for _, candidates in work)
    verdicts = Counter(
        "accepted" if verdict.startswith("accepted") else verdict
        for key, verdict in theirs.items()
        if key.split(":", 1)[1] in guessit_names
    )
    print(f"\n{label}: {len(work)} searches, {candidates} candidates, {len(names)} distinct names")
    print(f"  cold (empty parse cache):  {cold}")
    share = len(by_guessit) / max(len(parsed), 1)
    print(f"  names parsed: {len(parsed)}, by guessit: {len(by_guessit)} ({share:.0%})")
    print(f"    their verdicts (guessit-only): {', '.join(f'{n} {v}' for v, n in verdicts.most_common())}")
    print(f"  guessit only, every name parsed: {reference_time}")
    print(f"  same decision as guessit-only: {same}/{len(theirs)} ({same / len(theirs):.1%})")
    for key in sorted(theirs):
        if ours[key] != theirs[key]:
            print(f"    differs: {key.split(':', 1)[1]!r}: ours={ours[key]} guessit-only={theirs[key]}")
    if list_guessit:
        print("  needed guessit:")
        for name in by_guessit:
            print(f"    {name}")


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
    # A fresh process pays once to start, import (guessit among the imports) and have guessit build its rules;
    # the figures below leave that out, so it is printed apart.
    started = time.process_time()
    parse_release_with_guessit("Warm.Up.2001.1080p.BluRay.x264-GROUP")
    built = time.process_time() - started
    print(f"fresh process, once: {started * 1000:.0f} ms CPU to start, import and read the corpus;")
    print(f"  {built * 1000:.0f} ms CPU for guessit to build its rules (first name); not in the times below")
    list_guessit = "--list-guessit" in sys.argv[1:]
    # The searches are drawn first so both shapes keep the names and seeders they have always had.
    indexer_like = searches(drawn, rng)
    report("every name wanted (headline)", every_name_wanted(drawn, rng), list_guessit=list_guessit)
    report("searches", indexer_like)


if __name__ == "__main__":
    main()
