"""What can be asked for: a film or a show (the vocabulary every domain shares, so it sits at the bottom)."""

from __future__ import annotations

from enum import StrEnum


class MediaType(StrEnum):
    """What was asked for."""

    MOVIE = "movie"
    TV = "tv"
