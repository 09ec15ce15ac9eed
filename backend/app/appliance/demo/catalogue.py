"""What the demo's simulated world holds: a few titles, the releases an indexer offers for them, their files.

Plain data, so the scenario is read in one place (and checked by a unit test against the real release
selection): the good releases are seeded for real with small generated files; the others are there to be
turned down (a CAM, the 2019 remake offered for the 1994 film, a DVDRip below the quality profile).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

MB = 1_000_000
GB = 1_000_000_000


@dataclass(frozen=True)
class DemoRelease:
    """One release on the simulated indexer; `files` (path → bytes) are generated and seeded when given."""

    title: str
    size: int  # what the indexer advertises (the seeded files are much smaller, to download in seconds)
    seeders: int
    files: Mapping[str, int] | None = None
    season: int | None = None  # for a show's release

    @property
    def seeded(self) -> bool:
        """Whether the local seeder serves this release (only those can actually download)."""
        return self.files is not None


@dataclass(frozen=True)
class DemoTitle:
    """A film or a show the simulated TMDB knows, in English and French, with what the indexer offers."""

    kind: Literal["movie", "tv"]
    tmdb_id: int
    imdb_id: str
    title_en: str
    title_fr: str
    original_title: str
    original_language: str
    date: str  # release date of a film, first air date of a show (YYYY-MM-DD)
    runtime: int  # minutes (per episode for a show)
    overview_fr: str
    tvdb_id: int | None = None
    episodes_per_season: Mapping[int, int] = field(default_factory=dict)
    releases: tuple[DemoRelease, ...] = ()
    already_in_plex: bool = False

    @property
    def year(self) -> int:
        """The year the kiosk shows next to the title."""
        return int(self.date[:4])


def film_files(name: str, size: int) -> dict[str, int]:
    """A film's folder as release groups ship it: the video, an .nfo and a sample the import leaves out."""
    return {f"{name}.mkv": size, f"{name}.nfo": 2_000, f"Sample/{name.lower()}-sample.mkv": 150_000}


def season_files(name: str, season: int, episodes: int, size: int) -> dict[str, int]:
    """A season pack: one video per episode, named like the pack with its SxxEyy."""
    tag = f"S{season:02d}"
    return {f"{name.replace(tag, f'{tag}E{n:02d}')}.mkv": size for n in range(1, episodes + 1)}


_INCEPTION = "Inception.2010.MULTi.1080p.BluRay.x264-BRiOCHE"
_INTOUCHABLES = "Intouchables.2011.FRENCH.1080p.BluRay.x264-CROiSSANT"
_AMELIE = "Le.Fabuleux.Destin.d.Amelie.Poulain.2001.FRENCH.1080p.BluRay.x264-BRiOCHE"
_CHERNOBYL = "Chernobyl.S01.MULTi.1080p.WEB.H264-KiOSK"

TITLES: tuple[DemoTitle, ...] = (
    DemoTitle(
        kind="movie",
        tmdb_id=27205,
        imdb_id="tt1375666",
        title_en="Inception",
        title_fr="Inception",
        original_title="Inception",
        original_language="en",
        date="2010-07-15",
        runtime=148,
        overview_fr="Dom Cobb vole les secrets enfouis dans les rêves ; on lui propose cette fois "
        "d'y implanter une idée.",
        releases=(
            DemoRelease(_INCEPTION, 9_800 * MB, 153, files=film_files(_INCEPTION, 4 * MB)),
            DemoRelease("Inception.2010.720p.WEB-DL.x264-FRATERNiTE", 4_300 * MB, 41),
            DemoRelease("Inception.2010.CAM.XviD-NOVA", 1_400 * MB, 310),
            DemoRelease("Inception.2014.1080p.BluRay.x264-FAKE", 8_900 * MB, 12),
        ),
    ),
    DemoTitle(
        kind="movie",
        tmdb_id=77338,
        imdb_id="tt1675434",
        title_en="The Intouchables",
        title_fr="Intouchables",
        original_title="Intouchables",
        original_language="fr",
        date="2011-11-02",
        runtime=112,
        overview_fr="Un aristocrate tétraplégique engage comme aide à domicile un jeune de banlieue "
        "tout juste sorti de prison.",
        releases=(
            DemoRelease(_INTOUCHABLES, 7_600 * MB, 88, files=film_files(_INTOUCHABLES, 3 * MB)),
            DemoRelease("Intouchables.2011.FRENCH.TS.XviD-PATATE", 700 * MB, 140),
        ),
    ),
    DemoTitle(
        kind="movie",
        tmdb_id=194,
        imdb_id="tt0211915",
        title_en="Amélie",
        title_fr="Le Fabuleux Destin d'Amélie Poulain",
        original_title="Le Fabuleux Destin d'Amélie Poulain",
        original_language="fr",
        date="2001-04-25",
        runtime=122,
        overview_fr="Amélie, serveuse à Montmartre, décide de réparer en secret la vie des gens "
        "qui l'entourent.",
        releases=(DemoRelease(_AMELIE, 8_200 * MB, 64, files=film_files(_AMELIE, 3 * MB)),),
    ),
    DemoTitle(
        kind="tv",
        tmdb_id=87108,
        imdb_id="tt7366338",
        tvdb_id=360893,
        title_en="Chernobyl",
        title_fr="Chernobyl",
        original_title="Chernobyl",
        original_language="en",
        date="2019-05-06",
        runtime=65,
        overview_fr="Avril 1986 : le récit de la catastrophe nucléaire et de ceux qui se sont sacrifiés pour "
        "sauver l'Europe.",
        episodes_per_season={1: 5},
        releases=(
            DemoRelease(
                _CHERNOBYL, 14 * GB, 97, season=1, files=season_files(_CHERNOBYL, 1, 5, int(1.5 * MB))
            ),
            DemoRelease("Chernobyl.S01.FRENCH.480p.HDTV.XviD-VIEUXPC", 2 * GB, 25, season=1),
        ),
    ),
    DemoTitle(
        kind="movie",
        tmdb_id=8587,
        imdb_id="tt0110357",
        title_en="The Lion King",
        title_fr="Le Roi lion",
        original_title="The Lion King",
        original_language="en",
        date="1994-06-15",
        runtime=89,
        overview_fr="Le jeune lion Simba doit reprendre sa place de roi.",
        # Nothing acceptable: the request ends NOT FOUND, with the reasons shown to the family.
        releases=(
            DemoRelease("Le.Roi.Lion.2019.MULTi.1080p.BluRay.x264-BRiOCHE", 7_900 * MB, 120),
            DemoRelease("Le.Roi.Lion.1994.FRENCH.DVDRip.XviD-PHOENiX", 1_400 * MB, 30),
        ),
    ),
    DemoTitle(
        kind="movie",
        tmdb_id=550,
        imdb_id="tt0137523",
        title_en="Fight Club",
        title_fr="Fight Club",
        original_title="Fight Club",
        original_language="en",
        date="1999-10-15",
        runtime=139,
        overview_fr="Un employé de bureau insomniaque et un vendeur de savon fondent un club de "
        "combat clandestin.",
        already_in_plex=True,
    ),
)

DEMO_PROFILE_NAME = "Démo"
SHOWCASE_TITLE = "Inception"  # what the instructions ask the newcomer to request
