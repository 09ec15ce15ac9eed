"""TMDB answers as plain dataclasses, and the functions that read them from TMDB's JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# TMDB release types, most useful first, for picking a certification (theatrical before digital).
_RELEASE_TYPE_PREFERENCE = (3, 2, 4, 5, 6, 1)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a paged TMDB list."""

    page: int
    total_pages: int
    total_results: int
    results: tuple[T, ...]


@dataclass(frozen=True, slots=True)
class MovieSummary:
    """A film as TMDB lists it in searches and finds."""

    tmdb_id: int
    title: str
    original_title: str
    original_language: str | None
    overview: str
    release_date: date | None
    poster_path: str | None
    backdrop_path: str | None
    genre_ids: tuple[int, ...]
    vote_average: float | None

    @property
    def year(self) -> int | None:
        """Release year, if TMDB knows the date."""
        return self.release_date.year if self.release_date else None


@dataclass(frozen=True, slots=True)
class ShowSummary:
    """A series as TMDB lists it in searches and finds."""

    tmdb_id: int
    name: str
    original_name: str
    original_language: str | None
    overview: str
    first_air_date: date | None
    poster_path: str | None
    backdrop_path: str | None
    genre_ids: tuple[int, ...]
    origin_country: tuple[str, ...]
    vote_average: float | None

    @property
    def year(self) -> int | None:
        """First-air year, if TMDB knows the date."""
        return self.first_air_date.year if self.first_air_date else None


@dataclass(frozen=True, slots=True)
class ExternalIds:
    """Ids of the same title in other databases."""

    tmdb_id: int
    imdb_id: str | None
    tvdb_id: int | None


@dataclass(frozen=True, slots=True)
class MovieDetails:
    """A film's details in the household's language; `original_title` is kept for release matching."""

    tmdb_id: int
    imdb_id: str | None
    title: str
    original_title: str
    original_language: str | None
    overview: str
    tagline: str
    release_date: date | None
    runtime_minutes: int | None
    genres: tuple[str, ...]
    certification: str | None
    status: str | None
    poster_path: str | None
    backdrop_path: str | None

    @property
    def year(self) -> int | None:
        """Release year, if TMDB knows the date."""
        return self.release_date.year if self.release_date else None


@dataclass(frozen=True, slots=True)
class SeasonInfo:
    """One season of a show; season 0 holds the specials."""

    season_number: int
    name: str
    episode_count: int
    air_date: date | None
    poster_path: str | None

    @property
    def is_specials(self) -> bool:
        """True for TMDB's season 0 ("Specials")."""
        return self.season_number == 0


@dataclass(frozen=True, slots=True)
class ShowDetails:
    """A series' details with its seasons; `original_name` is kept for release matching."""

    tmdb_id: int
    name: str
    original_name: str
    original_language: str | None
    overview: str
    first_air_date: date | None
    last_air_date: date | None
    status: str | None
    in_production: bool
    genres: tuple[str, ...]
    episode_run_time: int | None
    number_of_seasons: int | None
    number_of_episodes: int | None
    seasons: tuple[SeasonInfo, ...]
    external_ids: ExternalIds | None
    poster_path: str | None
    backdrop_path: str | None
    # The region's TV rating (e.g. "TV-MA", "16" in France), from an appended `content_ratings`.
    certification: str | None = None

    @property
    def year(self) -> int | None:
        """First-air year, if TMDB knows the date."""
        return self.first_air_date.year if self.first_air_date else None


@dataclass(frozen=True, slots=True)
class FindResults:
    """What `/find/{external_id}` matched."""

    movies: tuple[MovieSummary, ...]
    shows: tuple[ShowSummary, ...]


@dataclass(frozen=True, slots=True)
class AlternativeTitle:
    """Another title a film or show is known by in a country."""

    country: str
    title: str
    kind: str


@dataclass(frozen=True, slots=True)
class Translation:
    """A title and overview in another language."""

    language: str
    country: str
    title: str
    overview: str


def parse_date(value: Any) -> date | None:
    """TMDB sends missing dates as "" (sometimes null): both mean unknown."""
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _opt_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _genre_names(data: dict[str, Any]) -> tuple[str, ...]:
    return tuple(g["name"] for g in data.get("genres") or [] if isinstance(g, dict) and g.get("name"))


def movie_summary(data: dict[str, Any]) -> MovieSummary:
    """Read a movie search/find result."""
    return MovieSummary(
        tmdb_id=int(data["id"]),
        title=_str(data.get("title")),
        original_title=_str(data.get("original_title")) or _str(data.get("title")),
        original_language=_opt_str(data.get("original_language")),
        overview=_str(data.get("overview")),
        release_date=parse_date(data.get("release_date")),
        poster_path=_opt_str(data.get("poster_path")),
        backdrop_path=_opt_str(data.get("backdrop_path")),
        genre_ids=tuple(int(g) for g in data.get("genre_ids") or []),
        vote_average=data.get("vote_average"),
    )


def show_summary(data: dict[str, Any]) -> ShowSummary:
    """Read a tv search/find result."""
    return ShowSummary(
        tmdb_id=int(data["id"]),
        name=_str(data.get("name")),
        original_name=_str(data.get("original_name")) or _str(data.get("name")),
        original_language=_opt_str(data.get("original_language")),
        overview=_str(data.get("overview")),
        first_air_date=parse_date(data.get("first_air_date")),
        poster_path=_opt_str(data.get("poster_path")),
        backdrop_path=_opt_str(data.get("backdrop_path")),
        genre_ids=tuple(int(g) for g in data.get("genre_ids") or []),
        origin_country=tuple(data.get("origin_country") or []),
        vote_average=data.get("vote_average"),
    )


def page_of(data: dict[str, Any], read: Any) -> Page[Any]:
    """Read a paged list, reading each result with `read`."""
    return Page(
        page=int(data.get("page") or 1),
        total_pages=int(data.get("total_pages") or 0),
        total_results=int(data.get("total_results") or 0),
        results=tuple(read(r) for r in data.get("results") or []),
    )


def external_ids(data: dict[str, Any]) -> ExternalIds:
    """Read an `external_ids` answer."""
    return ExternalIds(
        tmdb_id=int(data.get("id") or 0),
        imdb_id=_opt_str(data.get("imdb_id")),
        tvdb_id=_opt_int(data.get("tvdb_id")),
    )


def certification(data: dict[str, Any], region: str) -> str | None:
    """The region's certification from an appended `release_dates`, preferring the theatrical one."""
    for country in (data.get("release_dates") or {}).get("results") or []:
        if country.get("iso_3166_1") != region:
            continue
        dated = [d for d in country.get("release_dates") or [] if d.get("certification")]
        dated.sort(
            key=lambda d: (
                _RELEASE_TYPE_PREFERENCE.index(d["type"]) if d.get("type") in _RELEASE_TYPE_PREFERENCE else 99
            )
        )
        return dated[0]["certification"] if dated else None
    return None


def movie_details(data: dict[str, Any], region: str) -> MovieDetails:
    """Read `/movie/{id}` (optionally with `release_dates` appended)."""
    return MovieDetails(
        tmdb_id=int(data["id"]),
        imdb_id=_opt_str(data.get("imdb_id")),
        title=_str(data.get("title")),
        original_title=_str(data.get("original_title")) or _str(data.get("title")),
        original_language=_opt_str(data.get("original_language")),
        overview=_str(data.get("overview")),
        tagline=_str(data.get("tagline")),
        release_date=parse_date(data.get("release_date")),
        runtime_minutes=_opt_int(data.get("runtime")),
        genres=_genre_names(data),
        certification=certification(data, region),
        status=_opt_str(data.get("status")),
        poster_path=_opt_str(data.get("poster_path")),
        backdrop_path=_opt_str(data.get("backdrop_path")),
    )


def tv_rating(data: dict[str, Any], region: str) -> str | None:
    """The region's rating from an appended `content_ratings` (a show has one per country)."""
    for entry in (data.get("content_ratings") or {}).get("results") or []:
        if entry.get("iso_3166_1") == region and entry.get("rating"):
            return str(entry["rating"])
    return None


def show_details(data: dict[str, Any], region: str = "FR") -> ShowDetails:
    """Read `/tv/{id}` (optionally with `external_ids` and `content_ratings` appended)."""
    run_times = [t for t in data.get("episode_run_time") or [] if isinstance(t, int) and t > 0]
    seasons = tuple(
        SeasonInfo(
            season_number=int(s.get("season_number") or 0),
            name=_str(s.get("name")),
            episode_count=int(s.get("episode_count") or 0),
            air_date=parse_date(s.get("air_date")),
            poster_path=_opt_str(s.get("poster_path")),
        )
        for s in data.get("seasons") or []
    )
    ext = data.get("external_ids")
    return ShowDetails(
        tmdb_id=int(data["id"]),
        name=_str(data.get("name")),
        original_name=_str(data.get("original_name")) or _str(data.get("name")),
        original_language=_opt_str(data.get("original_language")),
        overview=_str(data.get("overview")),
        first_air_date=parse_date(data.get("first_air_date")),
        last_air_date=parse_date(data.get("last_air_date")),
        status=_opt_str(data.get("status")),
        in_production=bool(data.get("in_production")),
        genres=_genre_names(data),
        episode_run_time=run_times[0] if run_times else None,
        number_of_seasons=_opt_int(data.get("number_of_seasons")),
        number_of_episodes=_opt_int(data.get("number_of_episodes")),
        seasons=tuple(sorted(seasons, key=lambda s: s.season_number)),
        external_ids=external_ids({"id": data["id"], **ext}) if isinstance(ext, dict) else None,
        certification=tv_rating(data, region),
        poster_path=_opt_str(data.get("poster_path")),
        backdrop_path=_opt_str(data.get("backdrop_path")),
    )


def find_results(data: dict[str, Any]) -> FindResults:
    """Read `/find/{external_id}`."""
    return FindResults(
        movies=tuple(movie_summary(m) for m in data.get("movie_results") or []),
        shows=tuple(show_summary(s) for s in data.get("tv_results") or []),
    )


def alternative_titles(data: dict[str, Any]) -> tuple[AlternativeTitle, ...]:
    """Read alternative titles; films list them under `titles`, shows under `results`."""
    entries = data.get("titles") or data.get("results") or []
    return tuple(
        AlternativeTitle(
            country=_str(e.get("iso_3166_1")), title=_str(e.get("title")), kind=_str(e.get("type"))
        )
        for e in entries
        if e.get("title")
    )


def translations(data: dict[str, Any]) -> tuple[Translation, ...]:
    """Read translations; films name the field `title`, shows `name`."""
    found = []
    for entry in data.get("translations") or []:
        body = entry.get("data") or {}
        found.append(
            Translation(
                language=_str(entry.get("iso_639_1")),
                country=_str(entry.get("iso_3166_1")),
                title=_str(body.get("title")) or _str(body.get("name")),
                overview=_str(body.get("overview")),
            )
        )
    return tuple(found)
