"""Record real Settings API answers for the frontend tests into frontend/tests/fixtures/api/settings/.

The backend runs in embedded mode on a throw-away SQLite database, as an admin (the scripts' API key),
with the backend's Plex and Torznab simulators and a loopback notification receiver behind the "Test"
buttons, so every file is exactly what the API answers. Run from the repo root:
`uv run python frontend/scripts/record_settings_fixtures.py`.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "frontend" / "tests" / "fixtures" / "api" / "settings"


def _write(name: str, status: int, body: Any) -> None:
    (OUT / f"{name}.json").write_text(
        json.dumps({"status": status, "body": body}, indent=1, ensure_ascii=False) + "\n"
    )


async def _admin_key_and_profile() -> str:
    from app.db import dispose_engines, get_sessionmaker
    from app.profiles import api_keys
    from app.profiles.models import Profile, Role

    async with get_sessionmaker()() as session:
        key, _ = await api_keys.rotate(session)
        session.add(Profile(name="Léa", role=Role.MEMBER, language="fr", session_epoch=0))
        await session.commit()
    await dispose_engines()
    return key


def main() -> None:
    """Start the API and the simulators, make the calls the Settings page makes, save the answers."""
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="kiosk-settings-fixtures-")
    sys.path.insert(0, str(ROOT / "backend"))
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.migrations import upgrade
    from app.appliance.simulators import plex, torznab
    from app.appliance.simulators.server import serve
    from tests.support.notification_receiver import receiving

    upgrade()
    OUT.mkdir(parents=True, exist_ok=True)
    key = _admin_key_and_profile_sync()
    indexers = torznab.TorznabScenario(indexers=[torznab.SimIndexer(id="ygg", name="Ygg", flavour="jackett")])
    with (
        serve(plex.create_app(plex.PlexScenario(movies=3, shows=1))) as plex_url,
        serve(torznab.create_app(indexers)) as torznab_url,
        receiving() as receiver,
        TestClient(create_app(), headers={"X-Api-Key": key}) as api,
    ):
        disk = Path(os.environ["DATA_DIR"]) / "disque"
        folders = {"download_root": str(disk / "telechargements"), "library_root": str(disk / "films")}
        ygg = {"name": "Ygg", "url": torznab.jackett_url(torznab_url, "ygg"), "flavour": "jackett"}
        profile = {
            "name": "Films en VF",
            "allowed": ["WEBDL-720p", "Bluray-720p", "WEBDL-1080p", "Bluray-1080p"],
            "preferred": "Bluray-1080p",
            "min_mb_per_minute": 8,
            "max_mb_per_minute": 120,
            "preferred_mb_per_minute": 60,
            "min_seeders": 2,
            "audio_policy": "require_french",
            "required_words": [],
            "forbidden_words": ["CAM"],
            "preferred_words": ["MULTi"],
        }
        calls: list[tuple[str, str, str, Any]] = [
            ("plex_unset", "GET", "/api/v1/settings/plex", None),
            ("plex_test_unset", "POST", "/api/v1/settings/plex/test", None),
            ("plex_put_422", "PUT", "/api/v1/settings/plex", {"url": "plex.lan", "token": "t"}),
            ("plex_put", "PUT", "/api/v1/settings/plex", {"url": plex_url, "token": "sim-plex-token"}),
            ("plex_test_ok", "POST", "/api/v1/settings/plex/test", {"url": plex_url}),
            ("plex_test_refused", "POST", "/api/v1/settings/plex/test", {"url": plex_url, "token": "wrong"}),
            ("qbittorrent_unset", "GET", "/api/v1/settings/qbittorrent", None),
            ("indexers_empty", "GET", "/api/v1/settings/indexers", None),
            ("indexer_test_new", "POST", "/api/v1/settings/indexers/test", {**ygg, "api_key": "simkey"}),
            ("indexer_add", "POST", "/api/v1/settings/indexers", {**ygg, "api_key": "simkey"}),
            ("indexers", "GET", "/api/v1/settings/indexers", None),
            ("tmdb_unset", "GET", "/api/v1/settings/tmdb", None),
            ("tmdb_put_422", "PUT", "/api/v1/settings/tmdb", {"language": "fr-FR"}),
            ("notifications_unset", "GET", "/api/v1/settings/notifications", None),
            (
                "notifications_put",
                "PUT",
                "/api/v1/settings/notifications",
                {"admin_targets": [{"url": receiver.url("admin")}], "admin_events": ["requested", "failed"]},
            ),
            ("notifications_profiles", "GET", "/api/v1/settings/notifications/profiles", None),
            (
                "notifications_test",
                "POST",
                "/api/v1/settings/notifications/test",
                {"targets": [{"url": receiver.url("test")}, {"url": "json://127.0.0.1:9/down"}]},
            ),
            ("pipeline", "GET", "/api/v1/settings/pipeline", None),
            ("pipeline_put_422", "PUT", "/api/v1/settings/pipeline", {"research_interval_hours": 0}),
            ("quality", "GET", "/api/v1/settings/quality-profiles", None),
            (
                "quality_put",
                "PUT",
                "/api/v1/settings/quality-profiles",
                {"profiles": [profile], "default_movie": "Films en VF", "default_tv": "Films en VF"},
            ),
            (
                "quality_put_422",
                "PUT",
                "/api/v1/settings/quality-profiles",
                {
                    "profiles": [{**profile, "preferred": "Remux-2160p"}],
                    "default_movie": "x",
                    "default_tv": "x",
                },
            ),
            ("folders", "GET", "/api/v1/settings/folders", None),
            ("folders_put_422", "PUT", "/api/v1/settings/folders", {"download_root": "telechargements"}),
            ("folders_put", "PUT", "/api/v1/settings/folders", folders),
            (
                "folders_test",
                "POST",
                "/api/v1/settings/folders/test",
                {**folders, "library_root": str(disk / "pas-encore-monte")},
            ),
            # Last: Plex and an indexer set up, qBittorrent and TMDB skipped, the folders chosen.
            ("checkup", "POST", "/api/v1/settings/checkup", None),
        ]
        for name, method, path, body in calls:
            answer = api.request(method, path, json=body)
            _write(name, answer.status_code, answer.json())
    print(f"wrote {len(calls)} files to {OUT}")


def _admin_key_and_profile_sync() -> str:
    return asyncio.run(_admin_key_and_profile())


if __name__ == "__main__":
    main()
