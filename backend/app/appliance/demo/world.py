"""The demo's world: simulated Plex, Torznab indexer and TMDB, a loopback seeder, a real qbittorrent-nox.

Built from the catalogue (app.appliance.demo.catalogue) with the simulators the tests use too.
The seeder needs libtorrent, a development dependency.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.appliance.demo.catalogue import DemoTitle
from app.appliance.simulators.plex import MOVIES_SECTION, PlexScenario
from app.appliance.simulators.plex import create_app as plex_app
from app.appliance.simulators.qbittorrent_nox import QbittorrentNox, run_qbittorrent_nox
from app.appliance.simulators.seeder import Swarm, swarm, write_files
from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario
from app.appliance.simulators.tmdb import create_app as tmdb_app
from app.appliance.simulators.torznab import SimIndexer, SimItem, TorznabScenario, prowlarr_url
from app.appliance.simulators.torznab import create_app as torznab_app
from app.imports.naming import title_folder
from app.imports.target import ImportTarget

INDEXER_ID = "1"
INDEXER_NAME = "Indexeur de démo"
MOVIE_CATEGORY, TV_CATEGORY = 2040, 5040  # Movies/HD and TV/HD in the Newznab numbering


@dataclass(frozen=True)
class DemoWorld:
    """Where each simulated service answers, with its credentials, and the pieces the demo keeps driving."""

    tmdb_url: str
    tmdb_api_key: str
    indexer_url: str
    indexer_api_key: str
    plex_url: str
    plex_token: str
    qbittorrent: QbittorrentNox
    seeder: Swarm


@contextmanager
def demo_world(
    root: Path, library_root: Path, titles: Iterable[DemoTitle], *, qbittorrent_binary: str
) -> Iterator[DemoWorld]:
    """Start it all under `root` (Plex's folders being `library_root`); stop it all when the block ends."""
    titles = tuple(titles)
    with ExitStack() as stack:
        qbittorrent = stack.enter_context(
            run_qbittorrent_nox(
                root / "qbittorrent", binary=qbittorrent_binary, password=secrets.token_urlsafe(12)
            )
        )
        seeder = stack.enter_context(swarm(root / "seeder"))
        indexer = _indexer(titles, seeder)
        tmdb = _tmdb(titles)
        plex = _plex(titles, library_root)
        yield DemoWorld(
            tmdb_url=stack.enter_context(serve(tmdb_app(tmdb))),
            tmdb_api_key=tmdb.api_key,
            indexer_url=prowlarr_url(stack.enter_context(serve(torznab_app(indexer))), INDEXER_ID),
            indexer_api_key=indexer.indexers[0].api_key,
            plex_url=stack.enter_context(serve(plex_app(plex))),
            plex_token=plex.token,
            qbittorrent=qbittorrent,
            seeder=seeder,
        )


def _indexer(titles: tuple[DemoTitle, ...], seeder: Swarm) -> TorznabScenario:
    """A Prowlarr-flavoured indexer listing every release; the seeded ones' links serve their .torrent."""
    # tmdbid in TV searches too (Prowlarr has it): the kiosk's show requests carry a TMDB id, not a TVDB one.
    indexer = SimIndexer(
        id=INDEXER_ID,
        name=INDEXER_NAME,
        flavour="prowlarr",
        api_key=secrets.token_hex(16),
        tv_params="q,season,ep,tvdbid,tmdbid",
    )
    for title in titles:
        for release in title.releases:
            values: dict[str, Any] = {
                "title": release.title,
                "size": release.size,
                "seeders": release.seeders,
                "peers": release.seeders + 12,
                "imdb": title.imdb_id,
                "tmdb": title.tmdb_id,
                "tvdb": title.tvdb_id,
                "season": release.season,
                "categories": [MOVIE_CATEGORY if title.kind == "movie" else TV_CATEGORY],
            }
            if release.files is not None:
                seeded = seeder.seed(release.title, release.files)
                values["info_hash"] = seeded.info_hash
                values["torrent_b64"] = base64.b64encode(seeded.torrent_bytes).decode()
            indexer.items.append(SimItem.model_validate(values))
    return TorznabScenario(indexers=[indexer])


def _tmdb(titles: tuple[DemoTitle, ...]) -> TmdbScenario:
    """TMDB as it answers for the catalogue: English data, French translations, external ids."""
    scenario = TmdbScenario(api_key=secrets.token_hex(16))
    for title in titles:
        common = {
            "id": title.tmdb_id,
            "original_language": title.original_language,
            "overview": "",
            "poster_path": None,
            "backdrop_path": None,
            "genres": [],
            "popularity": 50.0,
            "vote_average": 8.0,
            "vote_count": 1000,
            "adult": False,
        }
        key = f"{title.kind}/{title.tmdb_id}"
        scenario.external_ids[key] = {"id": title.tmdb_id, "imdb_id": title.imdb_id, "tvdb_id": title.tvdb_id}
        if title.kind == "movie":
            scenario.movies[title.tmdb_id] = common | {
                "title": title.title_en,
                "original_title": title.original_title,
                "release_date": title.date,
                "runtime": title.runtime,
                "imdb_id": title.imdb_id,
                "status": "Released",
                "video": False,
            }
            french = {"title": title.title_fr, "overview": title.overview_fr}
        else:
            scenario.shows[title.tmdb_id] = common | {
                "name": title.title_en,
                "original_name": title.original_title,
                "first_air_date": title.date,
                "episode_run_time": [title.runtime],
                "origin_country": [],
                "status": "Ended",
                "number_of_seasons": len(title.episodes_per_season),
                "number_of_episodes": sum(title.episodes_per_season.values()),
                # Season names as TMDB gives them when asked in French, like the rest of this catalogue.
                "seasons": [
                    {
                        "season_number": n,
                        "name": f"Saison {n}",
                        "episode_count": count,
                        "air_date": title.date,
                    }
                    for n, count in title.episodes_per_season.items()
                ],
            }
            french = {"name": title.title_fr, "overview": title.overview_fr}
        scenario.translations[key] = [{"iso_639_1": "fr", "iso_3166_1": "FR", "data": french}]
    return scenario


def _plex(titles: tuple[DemoTitle, ...], library_root: Path) -> PlexScenario:
    """An empty Plex whose agent knows the catalogue's folders, holding the films already in the library."""
    movies, shows = library_root / "Movies", library_root / "TV Shows"
    movies.mkdir(parents=True, exist_ok=True)
    shows.mkdir(parents=True, exist_ok=True)
    plex = PlexScenario(
        token=secrets.token_urlsafe(16),
        movies=0,
        shows=0,
        movie_location=str(movies),
        show_location=str(shows),
        friendly_name="Plex (simulé)",
    )
    for title in titles:
        ids = {"tmdb": str(title.tmdb_id), "imdb": title.imdb_id}
        if title.tvdb_id:
            ids["tvdb"] = str(title.tvdb_id)
        for name in {title.title_fr, title.title_en}:
            plex.scans.agent_matches[plex_folder(title, name)] = ids
        if title.already_in_plex:
            folder = movies / plex_folder(title, title.title_fr)
            write_files(folder, {f"{folder.name}.mkv": 1_000_000})
            plex.scans.scan(MOVIES_SECTION, "movie", movies, folder)
    return plex


def plex_folder(title: DemoTitle, name: str) -> str:
    """The folder the appliance files `title` under when requested as `name` (the kiosk's language)."""
    target = (
        ImportTarget.movie(name, title.year) if title.kind == "movie" else ImportTarget.show(name, title.year)
    )
    return title_folder(target)
