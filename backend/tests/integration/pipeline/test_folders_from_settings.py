"""Download and library folders chosen in Settings (the first run, or later) instead of the environment's
DOWNLOAD_ROOT / LIBRARY_ROOT: qBittorrent saves the film there, the import puts it in that library and Plex
is asked to scan it there; a folder the appliance cannot write in is refused with the reason."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.config import get_settings
from app.downloads.service import downloads_of
from app.media_requests.completion import complete_request
from app.media_requests.processing import process_request
from tests import factories
from tests.support.pipeline import Pipeline, PlexServer, finish_download, offer

pytestmark = pytest.mark.integration


async def test_folders_saved_in_settings_are_where_the_film_downloads_and_lands(
    db: AsyncSession,
    client: httpx.AsyncClient,
    pipeline: Pipeline,
    plex: PlexServer,
    seeders: Swarm,
    tmp_path: Path,
) -> None:
    downloads, library = tmp_path / "disk" / "torrents", tmp_path / "disk" / "plex"
    before = (await client.get("/api/v1/settings/folders")).json()
    assert before["download_root"] == str(get_settings().download_root)
    assert before["download_root_is_default"] and before["library_root_is_default"]

    saved = await client.put(
        "/api/v1/settings/folders", json={"download_root": str(downloads), "library_root": str(library)}
    )

    assert saved.status_code == 200, saved.text
    assert saved.json()["library_root"] == str(library) and not saved.json()["library_root_is_default"]
    assert saved.json()["default_library_root"] == str(get_settings().library_root)
    assert downloads.is_dir() and library.is_dir(), "made when saved"
    plex.scenario.movie_location = f"{library}/Movies"
    seeded = seeders.seed(
        "Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.BluRay.x264-GRP.mkv": 1_500_000}
    )
    offer(pipeline.scenario, seeded, seeded.name, tmdb=27205)
    film = {"media_type": "movie", "tmdb_id": 27205, "title": "Inception", "year": 2010}
    request = await factories.media_request(db, **film, celery_task_id="t")
    assert (await process_request(db, request_id=request.id, task_id="t")).status == "DOWNLOADING"
    await finish_download(db, pipeline, seeders)
    [download] = await downloads_of(db, request.id)
    assert download.save_path is not None and download.save_path.rstrip("/") == str(downloads)

    result = await complete_request(db, request_id=request.id, task_id="import")

    assert result.status == "COMPLETED", result.detail
    video = library / "Movies" / "Inception (2010)" / "Inception (2010).mkv"
    [original] = list(downloads.rglob("*.mkv"))
    assert os.stat(video).st_ino == os.stat(original).st_ino, "hardlinked from the chosen download folder"
    default_library = get_settings().library_root
    assert default_library is not None and not (default_library / "Movies" / "Inception (2010)").exists()
    assert ("1", f"{library}/Movies/Inception (2010)") in plex.scenario.refreshes


async def test_a_folder_the_appliance_cannot_write_in_is_refused_and_the_default_comes_back(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    # A file where a folder should be (a disk mounted wrong): no folder can be made under it, root or not.
    not_a_folder = tmp_path / "disk.img"
    not_a_folder.write_bytes(b"")
    refused = await client.put(
        "/api/v1/settings/folders", json={"download_root": str(not_a_folder / "downloads")}
    )
    relative = await client.put("/api/v1/settings/folders", json={"library_root": "media/films"})

    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert error["field"] == "download_root" and "cannot create" in error["message"]
    assert relative.status_code == 422
    assert relative.json()["errors"][0]["message"] == "must be an absolute folder path, e.g. /data/downloads"
    await client.put("/api/v1/settings/folders", json={"library_root": str(tmp_path / "library")})
    back = (await client.put("/api/v1/settings/folders", json={})).json()
    assert back["library_root"] == str(get_settings().library_root) and back["library_root_is_default"]
