"""When a film comes out at home and at the cinema, for the household's region, from TMDB's release dates.

Home means digital (type 4), disc (5) or TV (6): a copy worth grabbing exists from then on. The region's
own dates come first (a French household waits for the French release); a film with none there takes
the earliest home release anywhere, as the scene releases the first copy wherever it appears.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.integrations.errors import IntegrationError
from app.integrations.tmdb import TmdbClient
from app.integrations.tmdb_release_dates import ReleaseDate, ReleaseType

log = logging.getLogger(__name__)

HOME_TYPES = frozenset({ReleaseType.DIGITAL, ReleaseType.PHYSICAL, ReleaseType.TV})
CINEMA_TYPES = frozenset({ReleaseType.THEATRICAL_LIMITED, ReleaseType.THEATRICAL})
HOME_KIND = {ReleaseType.DIGITAL: "digital", ReleaseType.PHYSICAL: "physical", ReleaseType.TV: "tv"}


@dataclass(frozen=True)
class FilmRelease:
    """The first home release (with its kind and country) and the first cinema release, when known."""

    home: date | None = None
    home_kind: str | None = None
    home_country: str | None = None
    cinema: date | None = None


def film_release(dates: Iterable[ReleaseDate], region: str, primary: date | None = None) -> FilmRelease:
    """The region's first home and cinema releases, else the earliest of each anywhere. A film TMDB lists
    no dated release for yet is taken to open in cinemas on its `primary` release date (the details' one),
    as announced films are."""
    listed = list(dates)
    home = _first(listed, HOME_TYPES, region)
    cinema = _first(listed, CINEMA_TYPES, region)
    return FilmRelease(
        home=home.date if home else None,
        home_kind=HOME_KIND[home.type] if home else None,
        home_country=home.country if home else None,
        cinema=cinema.date if cinema else (primary if not listed else None),
    )


def _first(dates: list[ReleaseDate], types: frozenset[ReleaseType], region: str) -> ReleaseDate | None:
    kind = [d for d in dates if d.type in types]
    local = [d for d in kind if d.country == region]
    return min(local or kind, key=lambda d: (d.date, d.type), default=None)


async def film_release_of(tmdb: TmdbClient | None, tmdb_id: int, region: str) -> FilmRelease | None:
    """What TMDB knows of a film's releases (cached), dated for `region`; None when TMDB is not set up
    (`tmdb` None) or does not answer, so the film is searched as before rather than held back on a guess."""
    if tmdb is None:
        return None
    try:
        dates = await tmdb.movie_release_dates(tmdb_id)
        primary = (await tmdb.movie_details(tmdb_id)).release_date  # the same cached answer
    except IntegrationError as exc:
        log.warning("TMDB gave no release dates for film %s, searching it now: %s", tmdb_id, exc)
        return None
    return film_release(dates, region, primary)
