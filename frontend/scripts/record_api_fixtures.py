"""Record real API responses for the frontend tests into frontend/tests/fixtures/api/.

The backend runs in embedded mode on a throw-away SQLite database, with the backend's TMDB simulator
serving the recorded TMDB samples, so every file is exactly what the API answers. Run from the repo root:
`uv run python frontend/scripts/record_api_fixtures.py`.
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
OUT = ROOT / "frontend" / "tests" / "fixtures" / "api"


def _write(name: str, status: int, body: Any) -> None:
    # Status and body together, so a test replays the answer exactly as the API gave it.
    (OUT / f"{name}.json").write_text(
        json.dumps({"status": status, "body": body}, indent=1, ensure_ascii=False) + "\n"
    )


def main() -> None:
    """Start the API and the TMDB simulator, make the calls the kiosk makes, save the answers."""
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="kiosk-fixtures-")
    sys.path.insert(0, str(ROOT / "backend"))
    from fastapi.testclient import TestClient

    from app.db import get_sessionmaker
    from app.main import create_app
    from app.migrations import upgrade
    from app.settings.service import put_setting
    from tests.fixture_files import fixtures_dir
    from tests.simulators.server import serve
    from tests.simulators.tmdb import TmdbScenario
    from tests.simulators.tmdb import create_app as tmdb_app

    upgrade()
    OUT.mkdir(parents=True, exist_ok=True)
    with TestClient(create_app()) as api:
        answer = api.get("/api/v1/search", params={"query": "amelie"})
        _write("search_unconfigured", answer.status_code, answer.json())

    with serve(tmdb_app(TmdbScenario.from_fixtures(fixtures_dir() / "tmdb"))) as tmdb_url:

        async def configure() -> None:
            async with get_sessionmaker()() as session:
                await put_setting(session, "tmdb", {"api_key": "simkey", "base_url": f"{tmdb_url}/3"})
                await session.commit()

        asyncio.run(configure())
        with TestClient(create_app()) as api:
            dragon = {"media_type": "tv", "tmdb_id": 94997, "title": "House of the Dragon", "year": 2022}
            calls = {
                "search_movie": ("GET", "/api/v1/search", {"query": "rrrrrrr", "media_type": "movie"}, None),
                "search_tv": (
                    "GET",
                    "/api/v1/search",
                    {"query": "game of thrones", "media_type": "tv"},
                    None,
                ),
                "seasons_got": ("GET", "/api/v1/search/tv/1399", None, None),
                "seasons_unknown": ("GET", "/api/v1/search/tv/424242", None, None),
                "create_movie_201": (
                    "POST",
                    "/api/v1/requests",
                    None,
                    {"media_type": "movie", "tmdb_id": 21778, "title": "RRRrrrr!!!", "year": 2004},
                ),
                "create_movie_200": (
                    "POST",
                    "/api/v1/requests",
                    None,
                    {"media_type": "movie", "tmdb_id": 21778, "title": "RRRrrrr!!!", "year": 2004},
                ),
                "create_tv_seasons_201": (
                    "POST",
                    "/api/v1/requests",
                    None,
                    {
                        "media_type": "tv",
                        "tmdb_id": 1399,
                        "title": "Game of Thrones",
                        "year": 2011,
                        "seasons": [1, 2],
                    },
                ),
                "create_tv_all_201": ("POST", "/api/v1/requests", None, dragon),
                "create_422": (
                    "POST",
                    "/api/v1/requests",
                    None,
                    {"media_type": "movie", "tmdb_id": 21778, "title": "RRRrrrr!!!", "seasons": [1]},
                ),
                "search_tv_requested": (
                    "GET",
                    "/api/v1/search",
                    {"query": "dragon", "media_type": "tv"},
                    None,
                ),
                "list_all": ("GET", "/api/v1/requests", {"page": 1, "page_size": 20}, None),
                "detail_pending": ("GET", "/api/v1/requests/1", None, None),
                "cancel_ok": ("DELETE", "/api/v1/requests/1", None, None),
                "detail_cancelled": ("GET", "/api/v1/requests/1", None, None),
                "list_cancelled": ("GET", "/api/v1/requests", {"status": ["CANCELLED"]}, None),
                "detail_unknown": ("GET", "/api/v1/requests/9999", None, None),
            }
            for name, (method, path, params, body) in calls.items():
                answer = api.request(method, path, params=params, json=body)
                _write(name, answer.status_code, answer.json())
    print(f"wrote {len(calls) + 1} files to {OUT}")


if __name__ == "__main__":
    main()
