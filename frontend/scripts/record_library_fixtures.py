"""Record real library API answers for the frontend tests into frontend/tests/fixtures/api/library/.

The backend runs in embedded mode on a throw-away SQLite database, as an admin (the scripts' API key); the
mirror is filled by a real full sync against the backend's Plex simulator, so every file is exactly what
the API answers. Run from the repo root: `uv run python frontend/scripts/record_library_fixtures.py`.
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
OUT = ROOT / "frontend" / "tests" / "fixtures" / "api" / "library"


def _write(name: str, status: int, body: Any) -> None:
    (OUT / f"{name}.json").write_text(
        json.dumps({"status": status, "body": body}, indent=1, ensure_ascii=False) + "\n"
    )


async def _prepare(plex_url: str, token: str) -> str:
    """An admin API key, and the mirror filled by one full sync of the simulator."""
    from app.db import dispose_engines, get_sessionmaker
    from app.library.service import run_plex_sync
    from app.profiles import api_keys
    from app.settings.service import put_setting

    async with get_sessionmaker()() as session:
        key, _ = await api_keys.rotate(session)
        await put_setting(session, "plex", {"url": plex_url, "token": token})
        await session.commit()
        await run_plex_sync(session, full=True)
    await dispose_engines()
    return key


def main() -> None:
    """Start the API and the Plex simulator, make the calls the library pages make, save the answers."""
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="kiosk-library-fixtures-")
    sys.path.insert(0, str(ROOT / "backend"))
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.migrations import upgrade
    from app.appliance.simulators import plex
    from app.appliance.simulators.server import serve

    upgrade()
    OUT.mkdir(parents=True, exist_ok=True)
    scenario = plex.PlexScenario(movies=30, shows=3, seasons_per_show=1, episodes_per_season=2)
    with serve(plex.create_app(scenario)) as plex_url:
        key = asyncio.run(_prepare(plex_url, scenario.token))
    calls: list[tuple[str, str, str, Any, Any]] = [
        ("recent", "GET", "/api/v1/library", {"page_size": 24}, None),
        ("recent_page_2", "GET", "/api/v1/library", {"page_size": 24, "page": 2}, None),
        ("search_tide", "GET", "/api/v1/library", {"page_size": 24, "query": "tide"}, None),
        ("search_nothing", "GET", "/api/v1/library", {"page_size": 24, "query": "zzz"}, None),
        ("shows", "GET", "/api/v1/library", {"page_size": 24, "type": "show"}, None),
        ("sync_runs", "GET", "/api/v1/library/sync-runs", None, None),
        ("sync_full_queued", "POST", "/api/v1/library/sync", None, {"full": True}),
    ]
    with TestClient(create_app(), headers={"X-Api-Key": key}) as api:
        for name, method, path, params, body in calls:
            answer = api.request(method, path, params=params, json=body)
            _write(name, answer.status_code, answer.json())
    print(f"wrote {len(calls)} files to {OUT}")


if __name__ == "__main__":
    main()
