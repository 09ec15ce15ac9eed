"""Content ratings: TMDB certifications of several countries, compared by the youngest age they allow.

The kiosk's TMDB region (FR by default) decides which certification a title carries, while a parent may
think in another system ("PG-13"). Both map to an age, so "12" (France) fits under "PG-13" and "16" does
not. A certification missing from the table is unknown: the request then waits for a parent.
"""

from __future__ import annotations

# The youngest viewer each certification is meant for. Codes shared by several countries mean the same age.
MIN_AGE: dict[str, int] = {
    # France (CNC): tous publics, -10, -12, -16, -18
    "U": 0,
    "TP": 0,
    "10": 10,
    "12": 12,
    "16": 16,
    "18": 18,
    # United States (MPA films, TV Parental Guidelines)
    "G": 0,
    "PG": 8,
    "PG-13": 13,
    "R": 17,
    "NC-17": 18,
    "TV-Y": 0,
    "TV-G": 0,
    "TV-Y7": 7,
    "TV-PG": 8,
    "TV-14": 14,
    "TV-MA": 17,
    # United Kingdom (BBFC) and Germany (FSK)
    "12A": 12,
    "15": 15,
    "R18": 18,
    "0": 0,
    "6": 6,
}

# What the admin screen offers, grouped by the systems a French household meets.
CHOICES: dict[str, tuple[str, ...]] = {
    "FR": ("U", "10", "12", "16", "18"),
    "US": ("G", "PG", "PG-13", "R", "NC-17"),
}


def normalise(code: str | None) -> str | None:
    """The table's spelling of a certification ("pg-13" → "PG-13", "-12" → "12"), or None if unknown."""
    if not code:
        return None
    cleaned = code.strip().upper().lstrip("-")
    return cleaned if cleaned in MIN_AGE else None


def is_allowed(certification: str | None, max_rating: str) -> bool | None:
    """True if a title certified `certification` fits under `max_rating`; None when it cannot be told."""
    title = normalise(certification)
    limit = normalise(max_rating)
    if title is None or limit is None:
        return None
    return MIN_AGE[title] <= MIN_AGE[limit]
