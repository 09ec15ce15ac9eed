"""An anime request: a fansub release numbered from the first episode is found, grabbed and named S01E07.

The real path on PostgreSQL: the TMDB simulator (show details, season details, episode groups) set up in
Settings, the Torznab simulator, a real qbittorrent-nox downloading from the loopback swarm, the import
into the library and the Plex simulator's scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.config import get_settings
from app.media_requests.completion import complete_request
from app.media_requests.processing import process_request
from app.media_requests.schemas import RequestCreate
from app.media_requests.states import MediaType
from app.releases.models import Release
from app.settings.service import put_setting
from tests import factories
from tests.support.pipeline import Pipeline, PlexServer, content_files, finish_download, offer

pytestmark = pytest.mark.integration

SHOW_ID = 90701
SEVENTH = "[Erai-raws] Show Title - 07 [1080p][WEB][A1B2C3D4].mkv"
TWENTY_SEVENTH = "[Erai-raws] Show Title - 27 [1080p][WEB][B2C3D4E5].mkv"
EIGHTH = "[Erai-raws] Show Title - 08 [1080p][WEB][C3D4E5F6].mkv"


def _season(number: int, titles: list[str]) -> dict[str, Any]:
    """A season's details in TMDB's shape (see the recorded tv-season-details.json)."""
    episodes: list[dict[str, Any]] = [
        {"air_date": "2019-04-06", "episode_number": n, "episode_type": "standard", "id": SHOW_ID * 100 + n,
         "name": title, "overview": "", "production_code": "", "runtime": 24, "season_number": number,
         "show_id": SHOW_ID, "still_path": None, "vote_average": 8.0, "vote_count": 10, "crew": [],
         "guest_stars": []}
        for n, title in enumerate(titles, start=1)
    ]  # fmt: skip
    return {"_id": f"s{number}", "air_date": "2019-04-06", "episodes": episodes, "name": f"Saison {number}",
            "overview": "", "id": number, "poster_path": None, "season_number": number,
            "vote_average": 8.0}  # fmt: skip


@pytest.fixture
def tmdb_url() -> Iterator[str]:
    """TMDB knows a Japanese animated show: 26 episodes in season 1, 24 in season 2, three specials."""
    scenario = TmdbScenario()
    scenario.shows[SHOW_ID] = {
        "id": SHOW_ID,
        "name": "Show Title",
        "original_name": "Show Title",
        "original_language": "ja",
        "first_air_date": "2019-04-06",
        "genres": [{"id": 16, "name": "Animation"}],
        "episode_run_time": [24],
        "seasons": [
            {"air_date": "2019-03-30", "episode_count": 3, "id": 1, "name": "Spéciaux", "season_number": 0},
            {"air_date": "2019-04-06", "episode_count": 26, "id": 2, "name": "Saison 1", "season_number": 1},
            {"air_date": "2020-10-03", "episode_count": 24, "id": 3, "name": "Saison 2", "season_number": 2},
        ],
    }  # fmt: skip
    scenario.seasons[f"{SHOW_ID}/1"] = _season(
        1, [f"Épisode {n}" for n in range(1, 7)] + ["Le Septième Ciel"]
    )
    with serve(create_app(scenario)) as base_url:
        yield base_url


async def test_a_fansub_episode_07_is_grabbed_and_imported_as_s01e07(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm, tmdb_url: str
) -> None:
    await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{tmdb_url}/3"})
    await db.commit()
    seeded = seeders.seed(SEVENTH, {SEVENTH: 700_000})
    # Fansub trackers list these under no id and no season: only a search by title finds them.
    offer(pipeline.scenario, seeded, SEVENTH, size=700_000_000, categories=[5070])
    offer(pipeline.scenario, None, TWENTY_SEVENTH, size=700_000_000, categories=[5070])
    offer(pipeline.scenario, None, EIGHTH, size=700_000_000, categories=[5070])
    show = RequestCreate(media_type=MediaType.TV, tmdb_id=SHOW_ID, title="Show Title", year=2019,
                         episodes={"1": [7]})  # fmt: skip
    request = await factories.media_request(db, **show.model_dump(), celery_task_id="t")

    searched = await process_request(db, request_id=request.id, task_id="t")

    assert searched.status == "DOWNLOADING", searched.detail
    verdicts = {r.title: r for r in await db.scalars(select(Release).where(Release.request_id == request.id))}
    assert verdicts[SEVENTH].chosen
    assert verdicts[TWENTY_SEVENTH].rejection_reasons == [
        {"code": "wrong_season", "message": "Season 2 was not requested."}
    ]
    assert verdicts[EIGHTH].rejection_reasons == [
        {"code": "wrong_episode", "message": "Episode 8 of season 1 was not requested."}
    ]
    await finish_download(db, pipeline, seeders)

    imported = await complete_request(db, request_id=request.id, task_id="import")

    library = get_settings().library_root
    assert library is not None
    assert imported.status == "COMPLETED", imported.detail
    assert {p for p in content_files(library) if p.startswith("TV Shows/")} == {
        "TV Shows/Show Title (2019)/Season 01/Show Title (2019) - s01e07 - Le Septième Ciel.mkv"
    }
    season = str(library / "TV Shows" / "Show Title (2019)" / "Season 01")
    assert any(path == season for _, path in plex.scenario.refreshes)
