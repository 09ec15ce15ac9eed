"""Finished download → Plex-named files in the library → partial scan of that folder → COMPLETED."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.config import get_settings
from app.media_requests.availability import NotYetInPlex, confirm_available
from app.media_requests.completion import complete_request
from app.media_requests.processing import process_request
from app.media_requests.schemas import RequestCreate
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from tests import factories
from tests.support.pipeline import Pipeline, PlexServer, content_files, finish_download, offer

pytestmark = pytest.mark.integration


async def _downloaded(db: AsyncSession, pipeline: Pipeline, seeders: Swarm, data: RequestCreate) -> int:
    request = await factories.media_request(db, **data.model_dump(), celery_task_id="t")
    assert (await process_request(db, request_id=request.id, task_id="t")).status == "DOWNLOADING"
    await finish_download(db, pipeline, seeders)
    return request.id


async def test_a_film_lands_under_its_plex_name_and_plex_scans_its_folder(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm
) -> None:
    seeded = seeders.seed(
        "Inception.2010.1080p.BluRay.x264-GRP",
        {
            "Inception.2010.1080p.BluRay.x264-GRP.mkv": 2_000_000,
            "Sample/sample.mkv": 100_000,
            "info.nfo": 500,
        },
    )
    offer(pipeline.scenario, seeded, seeded.name, tmdb=27205)
    film = RequestCreate(media_type="movie", tmdb_id=27205, title="Inception", year=2010)
    request_id = await _downloaded(db, pipeline, seeders, film)
    plex.scenario.scans.agent_matches["Inception (2010)"] = {"tmdb": "27205", "imdb": "tt1375666"}

    result = await complete_request(db, request_id=request_id, task_id="import")
    again = await complete_request(db, request_id=request_id, task_id="import-again")

    library = get_settings().library_root
    assert library is not None
    assert result.status == "COMPLETED", result.detail
    assert "Movies/Inception (2010)/Inception (2010).mkv" in content_files(library)
    assert not any("sample" in name.lower() or name.endswith(".nfo") for name in content_files(library))
    folder = str(library / "Movies" / "Inception (2010)")
    assert ("1", folder) in [(section, path) for section, path in plex.scenario.refreshes]
    # Run again on a COMPLETED request (a duplicate, or the reconciler when Plex never listed it): no second
    # import, only Plex asked to scan the same folder again.
    assert again.status == "COMPLETED" and again.detail == "Asked Plex again: Plex is scanning it"
    assert [path for _, path in plex.scenario.refreshes] == [folder, folder]
    request = await get_request(db, request_id, with_events=True)
    assert request.status is RequestStatus.COMPLETED
    completed = request.events[-1]
    assert completed.details is not None
    assert completed.details["files"] == ["Movies/Inception (2010)/Inception (2010).mkv"]

    # Plex's agent knows the folder's title: the scan lists the film under its TMDB id.
    assert await confirm_available(db, request_id=request_id) == "AVAILABLE"
    assert (await get_request(db, request_id)).status is RequestStatus.AVAILABLE


async def test_a_season_pack_keeps_only_the_requested_episodes(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm
) -> None:
    name = "Breaking.Bad.S02.1080p.BluRay.x264-PACK"
    seeded = seeders.seed(
        name, {f"{name}/Breaking.Bad.S02E0{n}.1080p.BluRay.x264-PACK.mkv": 400_000 for n in range(1, 4)}
    )
    offer(pipeline.scenario, seeded, name, tvdb=81189, season=2, size=3_000_000_000, categories=[5000])
    show = RequestCreate(
        media_type="tv", tmdb_id=1396, tvdb_id=81189, title="Breaking Bad", year=2008, episodes={"2": [1, 3]}
    )
    request_id = await _downloaded(db, pipeline, seeders, show)
    plex.scenario.scans.agent_matches["Breaking Bad (2008)"] = {"tmdb": "1396", "tvdb": "81189"}

    result = await complete_request(db, request_id=request_id, task_id="import")

    library = get_settings().library_root
    assert library is not None
    assert result.status == "COMPLETED", result.detail
    season = "TV Shows/Breaking Bad (2008)/Season 02"
    assert {p for p in content_files(library) if p.startswith("TV Shows/Breaking Bad")} == {
        f"{season}/Breaking Bad (2008) - s02e01.mkv",
        f"{season}/Breaking Bad (2008) - s02e03.mkv",
    }
    assert any(path == str(library / season) for _, path in plex.scenario.refreshes)
    assert await confirm_available(db, request_id=request_id) == "AVAILABLE"


async def test_a_film_plex_has_not_listed_yet_stays_completed_until_it_has(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm
) -> None:
    seeded = seeders.seed(
        "Tenet.2020.1080p.WEB-DL.x264-GRP", {"Tenet.2020.1080p.WEB-DL.x264-GRP.mkv": 500_000}
    )
    offer(pipeline.scenario, seeded, seeded.name, tmdb=577922)
    film = RequestCreate(media_type="movie", tmdb_id=577922, title="Tenet", year=2020)
    request_id = await _downloaded(db, pipeline, seeders, film)
    plex.scenario.scans.agent_matches.clear()  # the agent has not matched it yet

    assert (await complete_request(db, request_id=request_id, task_id="import")).status == "COMPLETED"
    with pytest.raises(NotYetInPlex):
        await confirm_available(db, request_id=request_id)
    assert (await get_request(db, request_id)).status is RequestStatus.COMPLETED
