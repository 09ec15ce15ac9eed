"""The first run's summary (POST /api/v1/settings/checkup): what `plex-kiosk doctor` says of Settings, for
the kiosk: each service set up asked for real, the ones skipped said so, the chosen folders tried."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.plex import PlexScenario
from app.profiles.models import Role
from tests import factories
from tests.support.auth import app_client

pytestmark = pytest.mark.integration


async def test_the_summary_asks_what_was_set_up_names_what_was_skipped_and_tries_the_folders(
    admin: httpx.AsyncClient, plex_server: tuple[str, PlexScenario], tmp_path: Path
) -> None:
    plex_url, plex = plex_server
    saved = await admin.put("/api/v1/settings/plex", json={"url": plex_url, "token": plex.token})
    assert saved.status_code == 200, saved.text
    downloads, library = tmp_path / "downloads", tmp_path / "library"
    folders = {"download_root": str(downloads), "library_root": str(library)}
    assert (await admin.put("/api/v1/settings/folders", json=folders)).status_code == 200

    checkup = await admin.post("/api/v1/settings/checkup")

    assert checkup.status_code == 200, checkup.text
    services = {line["service"]: line for line in checkup.json()["services"]}
    assert services["Plex"]["reachable"] and services["Plex"]["authenticated"]
    assert services["Plex"]["version"] == plex.version
    assert not services["qBittorrent"]["configured"] and not services["TMDB"]["configured"]
    assert [(line["kind"], line["ok"], line["path"]) for line in checkup.json()["folders"]] == [
        ("download_root", True, str(downloads)),
        ("library_root", True, str(library)),
        ("hardlinks", True, str(library)),
    ]
    assert plex.token not in checkup.text


async def test_only_a_parent_sees_the_summary_or_the_folders(db: AsyncSession) -> None:
    member = await factories.profile(db, "Tom", Role.MEMBER)
    async with app_client() as anonymous, app_client(profile=member) as tom:
        assert (await anonymous.post("/api/v1/settings/checkup")).status_code == 401
        assert (await tom.post("/api/v1/settings/checkup")).status_code == 403
        assert (await tom.get("/api/v1/settings/folders")).status_code == 403
        assert (await tom.put("/api/v1/settings/folders", json={})).status_code == 403


async def test_the_folders_on_screen_are_tried_before_they_are_saved(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    not_a_folder = tmp_path / "disk.img"
    not_a_folder.write_bytes(b"")
    draft = {"download_root": str(downloads), "library_root": str(not_a_folder)}

    tried = await admin.post("/api/v1/settings/folders/test", json=draft)

    assert tried.status_code == 200, tried.text
    assert [(line["kind"], line["ok"]) for line in tried.json()] == [
        ("download_root", True),
        ("library_root", False),
        ("hardlinks", False),
    ]
    assert (await admin.get("/api/v1/settings/folders")).json()["download_root_is_default"], "nothing saved"
