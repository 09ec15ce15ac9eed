"""qBittorrent and Plex stopped mid-flow.

qBittorrent stopped in the middle of a download: the monitor's passes say so and go on (lost tasks are
still sent) and the request waits in DOWNLOADING until it is back. Plex stopped when the import asks it
to scan: the files go into the library all the same and the request rests COMPLETED, saying Plex could not
be asked; it never fails for it. Once Plex is back, the reconciler's pass has it scan the folder again and
the request ends AVAILABLE.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.appliance.simulators.plex import PlexScenario, create_app
from app.appliance.simulators.ports import free_port
from app.appliance.simulators.server import serve
from app.config import get_settings
from app.media_requests.states import RequestStatus
from app.settings.service import put_setting
from tests.faults.conftest import GRACE_S, RESUME_BOUND_S, Campaign, library_root, partial_files
from tests.support.pipeline import offer
from tests.support.qbittorrent_nox import require_qbittorrent_nox, run_qbittorrent_nox

pytestmark = pytest.mark.integration

INCEPTION = {"media_type": "movie", "tmdb_id": 27205, "title": "Inception", "year": 2010}


async def test_qbittorrent_stopped_while_downloading_then_plex_before_the_import(
    campaign: Campaign, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = require_qbittorrent_nox()
    port, home = free_port(), tmp_path / "qbittorrent"  # its own: the run's shared one keeps running
    film = campaign.seeders.seed("Inception.2010.1080p.WEB-DL.x264-QBT", {"Inception.2010.mkv": 2_000_000})
    offer(campaign.pipeline.scenario, film, film.name, tmdb=27205, seeders=120)
    library = library_root()
    plex = PlexScenario(
        movies=3, shows=1, movie_location=str(library / "Movies"), show_location=str(library / "TV Shows")
    )

    with campaign.worker():
        with (
            serve(create_app(plex)) as plex_url,
            run_qbittorrent_nox(home, binary=binary, webui_port=port) as qbt,
        ):
            await put_setting(campaign.db, "plex", {"url": plex_url, "token": plex.token})
            await campaign.use_qbittorrent(qbt)
            made = await campaign.api.post("/api/v1/requests", json=INCEPTION)
            assert made.status_code == 201, made.text
            request_id = made.json()["id"]
            await campaign.until([request_id], "DOWNLOADING", within=30, tick=False)

        # Both stopped before the swarm was even introduced: Beat's passes meet no qBittorrent.
        for _ in range(3):
            await campaign.tick()
        assert (await campaign.detail(request_id))["status"] == RequestStatus.DOWNLOADING.value

        # qBittorrent back; Plex still away when the import asks it to scan the new folder.
        with run_qbittorrent_nox(home, binary=binary, webui_port=port):
            completed = await campaign.until([request_id], "COMPLETED", within=RESUME_BOUND_S)
            hashes = [t.info_hash for t in await campaign.pipeline.qbit.list_torrents()]
            await campaign.pipeline.qbit.close()

    assert hashes == [film.info_hash]
    last = completed[request_id]["timeline"][-1]
    assert last["to_status"] == "COMPLETED"
    assert "Plex could not be asked to scan" in last["reason"]
    assert (library / "Movies" / "Inception (2010)" / "Inception (2010).mkv").stat().st_size == 2_000_000
    assert plex.refreshes == []
    assert partial_files(library) == []

    # Plex back: the reconciler's pass asks it to scan the import's folder again, and the film is ready.
    monkeypatch.setattr(get_settings(), "waiting_step_grace_s", GRACE_S)  # this process runs the passes
    plex.scans.agent_matches["Inception (2010)"] = {"tmdb": "27205", "imdb": "tt1375666"}
    with campaign.worker(), serve(create_app(plex)) as plex_back:
        await put_setting(campaign.db, "plex", {"url": plex_back, "token": plex.token})
        await campaign.db.commit()
        await campaign.until([request_id], "AVAILABLE", within=RESUME_BOUND_S)
    # Asked again once per grace (a second and a half here) until Plex listed it: only that folder.
    assert {path for _, path in plex.refreshes} == {str(library / "Movies" / "Inception (2010)")}
