"""The release-name corpus (tests/data/release_corpus) and how the parser is scored on it, field by field.

Shared by the accuracy test (tests/unit/releases/test_release_corpus.py) and the benchmarks
(benchmarks/release_accuracy.py, benchmarks/rank_releases.py). An empty cell in the corpus means the source
does not say: that name is not counted for that field.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from app.releases.matching import normalise, release_matches
from app.releases.parsing import ParsedRelease

CORPUS_PATH = Path(__file__).resolve().parent / "data" / "release_corpus" / "corpus.tsv"

# Row -> (counted, right, what the parser said)
FieldCheck = Callable[[dict[str, str], ParsedRelease], tuple[bool, bool, str]]


@cache
def corpus_rows() -> tuple[dict[str, str], ...]:
    """Every corpus line as a dict of its columns."""
    with CORPUS_PATH.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None)
        return tuple(reader)


def _compact(title: str) -> str:
    return normalise(title).replace(" ", "")


def _optional_int(text: str) -> int | None:
    return None if text in ("", "none") else int(text)


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(number) for number in text.split(",") if number)


def _yes(text: str) -> bool:
    return text == "yes"


def _title(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    return bool(row["title"]), _compact(parsed.title) == _compact(row["title"]), parsed.title


def _title_match(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    """What the selection decides: does the name match a request for the expected title?"""
    if not row["title"]:
        return False, False, ""
    return True, release_matches(parsed, (row["title"],)), parsed.title


def _kind(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    has_episode = bool(parsed.seasons or parsed.episodes or parsed.is_complete_series)
    said = f"seasons {parsed.seasons} episodes {parsed.episodes}"
    if row["kind"] == "movie":
        return True, not has_episode, said
    return row["kind"] == "episode", has_episode, said


def _year(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    return bool(row["year"]), parsed.year == _optional_int(row["year"]), str(parsed.year)


def _season(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    counted = row["kind"] == "episode"
    return counted, parsed.season == _optional_int(row["season"]), str(parsed.season)


def _episodes(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    counted = row["kind"] == "episode"
    return counted, parsed.episodes == _numbers(row["episodes"]), str(parsed.episodes)


def _absolute(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    counted = bool(row["absolute"])
    return (
        counted,
        set(_numbers(row["absolute"])) <= set(parsed.absolute_episodes),
        str(parsed.absolute_episodes),
    )


def _resolution(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    # Only where a rung has a resolution: a DVD or a CAM is one rung whatever the name says.
    counted = bool(row["quality"]) and "-" in row["quality"] and row["quality"] not in ("DVD-R", "BR-DISK")
    return counted, row["quality"].endswith(parsed.resolution or "?"), str(parsed.resolution)


def _quality(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    return bool(row["quality"]), parsed.quality.value == row["quality"], parsed.quality.value


def _french_audio(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    return (
        bool(row["french_audio"]),
        parsed.has_french_audio == _yes(row["french_audio"]),
        str(parsed.languages),
    )


def _french_subtitles(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    said = str(parsed.subtitle_languages)
    return bool(row["french_subtitles"]), parsed.has_french_subtitles == _yes(row["french_subtitles"]), said


def _proper(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    return bool(row["proper"]), parsed.proper == _yes(row["proper"]), str(parsed.proper)


def _repack(row: dict[str, str], parsed: ParsedRelease) -> tuple[bool, bool, str]:
    return bool(row["repack"]), parsed.repack == _yes(row["repack"]), str(parsed.repack)


FIELD_CHECKS: dict[str, FieldCheck] = {
    "title match": _title_match,
    "title": _title,
    "film or episode": _kind,
    "year": _year,
    "season": _season,
    "episodes": _episodes,
    "absolute": _absolute,
    "resolution": _resolution,
    "quality": _quality,
    "French audio": _french_audio,
    "French subtitles": _french_subtitles,
    "proper": _proper,
    "repack": _repack,
}
# The fields the selection decides on, each held to 97 %. The parsed title itself is reported but not held:
# the selection matches the request's titles on the raw name ("title match"), not on the parser's title.
SELECTION_FIELDS = (
    "title match",
    "film or episode",
    "year",
    "season",
    "episodes",
    "quality",
    "French audio",
    "French subtitles",
    "proper",
    "repack",
)
FLOOR = 0.97


@dataclass
class FieldScore:
    """How many counted names the parser got right on one field, and the ones it did not."""

    name: str
    right: int = 0
    counted: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Share right, 0..1 (1 when nothing was counted)."""
        return self.right / self.counted if self.counted else 1.0


def score(rows: Iterable[dict[str, str]], parse: Callable[[str], ParsedRelease]) -> dict[str, FieldScore]:
    """Score ``parse`` on every field of every row."""
    scores = {name: FieldScore(name) for name in FIELD_CHECKS}
    for row in rows:
        parsed = parse(row["name"])
        for name, check in FIELD_CHECKS.items():
            counted, right, said = check(row, parsed)
            if not counted:
                continue
            scores[name].counted += 1
            if right:
                scores[name].right += 1
            else:
                expected = {"title match": "title", "film or episode": "kind"}.get(name, name)
                wanted = row.get(expected.lower().replace(" ", "_"), "")
                scores[name].misses.append(f"{row['name']!r}: got {said}, expected {wanted}")
    return scores
