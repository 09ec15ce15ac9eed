"""qBittorrent and Plex that name the folders differently (their own containers, a NAS): the appliance tells
qBittorrent where to save in its own words, reads the finished files where it sees them itself, hardlinks them
into the library, asks Plex to scan the folder under Plex's name for it, and the timeline says how the file
went in as a code the kiosk renders in the family's language."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.config import get_settings
from app.downloads.service import downloads_of
from app.media_requests.completion import complete_request
from app.media_requests.processing import process_request
from app.media_requests.service import get_request
from app.settings.service import get_setting, put_setting
from tests import factories
from tests.support.pipeline import Pipeline, PlexServer, finish_download, offer

pytestmark = pytest.mark.integration


async def test_qbittorrent_and_plex_elsewhere_each_get_their_own_paths_and_the_import_hardlinks(
    db: AsyncSession, pipeline: Pipeline, plex: PlexServer, seeders: Swarm, tmp_path: Path
) -> None:
    downloads, library = get_settings().download_root, get_settings().library_root
    assert downloads is not None and library is not None
    downloads.mkdir(parents=True, exist_ok=True)
    # qBittorrent's name for our download folder: here a link to it, gone once the download is done, as a
    # folder of another container is for us.
    their_view = tmp_path / "qbittorrent-sees" / "downloads"
    their_view.parent.mkdir()
    their_view.symlink_to(downloads)
    stored = await get_setting(db, "qbittorrent") or {}
    await put_setting(db, "qbittorrent", {**stored, "path_mappings": [[str(their_view), str(downloads)]]})
    # Plex's name for our library, likewise (its sections live there).
    plex_view = tmp_path / "plex-sees" / "media"
    plex_view.parent.mkdir()
    plex_view.symlink_to(library)
    plex.scenario.movie_location = f"{plex_view}/Movies"
    stored = await get_setting(db, "plex") or {}
    await put_setting(db, "plex", {**stored, "path_mappings": [[str(plex_view), str(library)]]})
    await db.commit()

    seeded = seeders.seed(
        "Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.BluRay.x264-GRP.mkv": 1_500_000}
    )
    offer(pipeline.scenario, seeded, seeded.name, tmdb=27205)
    film = {"media_type": "movie", "tmdb_id": 27205, "title": "Inception", "year": 2010}
    request = await factories.media_request(db, **film, celery_task_id="t")
    assert (await process_request(db, request_id=request.id, task_id="t")).status == "DOWNLOADING"
    await finish_download(db, pipeline, seeders)
    [download] = await downloads_of(db, request.id)
    assert download.save_path is not None and download.save_path.rstrip("/") == str(their_view)
    their_view.unlink()

    result = await complete_request(db, request_id=request.id, task_id="import")

    assert result.status == "COMPLETED", result.detail
    video = library / "Movies" / "Inception (2010)" / "Inception (2010).mkv"
    # This torrent's own file (the run's download folder may hold other tests' copies of Inception).
    original = downloads / seeded.name / "Inception.2010.1080p.BluRay.x264-GRP.mkv"
    assert os.stat(video).st_ino == os.stat(original).st_ino, "one file on disk, two names: no extra space"
    completed = (await get_request(db, request.id, with_events=True)).events[-1]
    assert completed.details is not None
    assert completed.details["transfer"] == {
        "code": "import-hardlinked",
        "params": {"hardlinked": 1, "copied": 0, "already_present": 0},
    }
    assert "Hardlinked into the library" in completed.reason
    assert ("1", f"{plex_view}/Movies/Inception (2010)") in plex.scenario.refreshes, (
        "scanned under Plex's name"
    )
    assert "Plex is scanning it" in completed.reason
