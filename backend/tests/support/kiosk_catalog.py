"""What the simulated TMDB knows in browser tests: the recorded samples plus films with French titles."""

from __future__ import annotations

from typing import Any

from app.appliance.simulators.tmdb import TmdbScenario
from tests.fixture_files import fixtures_dir

# (tmdb id, English title, French title, year, poster path, French overview); one without a poster on purpose.
_FILMS: tuple[tuple[int, str, str, str, str | None, str], ...] = (
    (
        120,
        "The Lord of the Rings: The Fellowship of the Ring",
        "Le Seigneur des anneaux : La Communauté de l'anneau",
        "2001-12-18",
        "/6oom5QYQ2yQTMJIbnvbkBL9cHo6.jpg",
        "Un jeune hobbit hérite d'un anneau maléfique qu'il doit détruire avant qu'il ne tombe entre de"
        " mauvaises mains.",
    ),
    (
        121,
        "The Lord of the Rings: The Two Towers",
        "Le Seigneur des anneaux : Les Deux Tours",
        "2002-12-18",
        "/5VTN0pR8gcqV3EPUHHfMGH5YHUG.jpg",
        "La Communauté est dispersée, mais la quête continue.",
    ),
    (
        122,
        "The Lord of the Rings: The Return of the King",
        "Le Seigneur des anneaux : Le Retour du roi",
        "2003-12-17",
        None,
        "La dernière bataille pour la Terre du Milieu commence.",
    ),
    (
        8587,
        "The Lion King",
        "Le Roi lion",
        "1994-06-15",
        "/sKCr78MXSLixwmZ8DyJLrpMsd15.jpg",
        "Le jeune lion Simba doit reprendre sa place de roi.",
    ),
)

_SHOW_TITLES_FR = {1399: ("Le Trône de fer", "Sept familles nobles se disputent le contrôle de Westeros.")}


def _film(tmdb_id: int, title: str, released: str, poster: str | None) -> dict[str, Any]:
    return {
        "id": tmdb_id,
        "title": title,
        "original_title": title,
        "original_language": "en",
        "overview": "",
        "release_date": released,
        "poster_path": poster,
        "backdrop_path": None,
        "genres": [],
        "popularity": 50.0,
        "vote_average": 8.0,
        "vote_count": 1000,
        "adult": False,
        "video": False,
    }


def _french(title_field: str, title: str, overview: str) -> list[dict[str, Any]]:
    return [{"iso_639_1": "fr", "iso_3166_1": "FR", "data": {title_field: title, "overview": overview}}]


def kiosk_catalogue() -> TmdbScenario:
    """The recorded TMDB samples, the films above, and French titles for them and for Game of Thrones."""
    scenario = TmdbScenario.from_fixtures(fixtures_dir() / "tmdb")
    for tmdb_id, english, french, released, poster, overview in _FILMS:
        scenario.movies[tmdb_id] = _film(tmdb_id, english, released, poster)
        scenario.translations[f"movie/{tmdb_id}"] = _french("title", french, overview)
    for tmdb_id, (french, overview) in _SHOW_TITLES_FR.items():
        scenario.translations[f"tv/{tmdb_id}"] = _french("name", french, overview)
        # TMDB names seasons in the language asked for; the recorded sample was asked in English.
        for season in scenario.shows[tmdb_id].get("seasons", []):
            number = season["season_number"]
            season["name"] = "Épisodes spéciaux" if number == 0 else f"Saison {number}"
    return scenario
