"""A film's release dates by country and kind, read from TMDB's `release_dates`.

`GET /movie/{id}/release_dates` (or the same object appended to the details) answers
`{"id": 603, "results": [{"iso_3166_1": "FR", "release_dates": [{"certification": "12", "descriptors": [],
"iso_639_1": "", "note": "", "release_date": "1999-06-23T00:00:00.000Z", "type": 3}]}]}`: one entry per
country, one dated entry per kind of release in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any


class ReleaseType(IntEnum):
    """TMDB's kinds of release (its `type` numbers)."""

    PREMIERE = 1
    THEATRICAL_LIMITED = 2
    THEATRICAL = 3
    DIGITAL = 4
    PHYSICAL = 5
    TV = 6


@dataclass(frozen=True, slots=True)
class ReleaseDate:
    """One dated release of a film in one country."""

    country: str
    type: ReleaseType
    date: date
    note: str = ""


def release_dates(data: dict[str, Any] | None) -> tuple[ReleaseDate, ...]:
    """Every well-formed dated release in a `release_dates` answer; odd entries are skipped."""
    found: list[ReleaseDate] = []
    for country in (data or {}).get("results") or []:
        if not isinstance(country, dict) or not isinstance(country.get("iso_3166_1"), str):
            continue
        for entry in country.get("release_dates") or []:
            if not isinstance(entry, dict):
                continue
            day = _day(entry.get("release_date"))
            kind = entry.get("type")
            if day is None or not isinstance(kind, int) or kind not in ReleaseType._value2member_map_:
                continue
            note = entry.get("note")
            found.append(
                ReleaseDate(country["iso_3166_1"], ReleaseType(kind), day, str(note) if note else "")
            )
    return tuple(found)


def _day(value: Any) -> date | None:
    """The calendar day of TMDB's `2026-03-12T00:00:00.000Z` (TMDB dates a release by day, not by hour)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
