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
    from app.appliance.simulators.server import serve
    from app.appliance.simulators.tmdb import TmdbScenario
    from app.appliance.simulators.tmdb import create_app as tmdb_app

    upgrade()
    OUT.mkdir(parents=True, exist_ok=True)
    with TestClient(create_app()) as api:
        record_first_run(api)  # leaves `api` signed in as the admin
        answer = api.get("/api/v1/search", params={"query": "amelie"})
        _write("search_unconfigured", answer.status_code, answer.json())

    with serve(tmdb_app(TmdbScenario.from_fixtures(fixtures_dir() / "tmdb"))) as tmdb_url:

        async def configure() -> None:
            async with get_sessionmaker()() as session:
                await put_setting(session, "tmdb", {"api_key": "simkey", "base_url": f"{tmdb_url}/3"})
                await session.commit()

        asyncio.run(configure())
        with TestClient(create_app()) as api:
            sign_in(api, 1, ADMIN_PIN)
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
                "season_episodes_got": ("GET", "/api/v1/search/tv/1399/season/7", None, None),
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
                "list_view_in_progress": ("GET", "/api/v1/requests", {"view": "in_progress"}, None),
                "detail_unknown": ("GET", "/api/v1/requests/9999", None, None),
            }
            for name, (method, path, params, body) in calls.items():
                answer = api.request(method, path, params=params, json=body)
                _write(name, answer.status_code, answer.json())
            record_family(api)
    print(f"wrote {len(list(OUT.glob('*.json')))} files to {OUT}")


ADMIN_PIN = "2468"
EMMA_PIN = "1357"


def _record(api: Any, name: str, method: str, path: str, **kwargs: Any) -> Any:
    answer = api.request(method, path, **kwargs)
    _write(name, answer.status_code, answer.json() if answer.content else None)
    return answer.json() if answer.content else None


def sign_in(api: Any, profile_id: int, secret: str | None = None) -> None:
    """Sign `api` in as a profile (its cookie jar keeps the session)."""
    answer = api.post("/api/v1/auth/session", json={"profile_id": profile_id, "secret": secret})
    assert answer.status_code == 200, answer.text


def record_first_run(api: Any) -> None:
    """The first run: nobody signed in, the setup, then the admin's session and API key."""
    _record(api, "session_needs_setup", "GET", "/api/v1/auth/session")
    _record(api, "picker_needs_setup", "GET", "/api/v1/profiles/picker")
    setup = {"name": "Papa", "secret": {"kind": "pin", "value": ADMIN_PIN}, "avatar": "🦊", "color": "#e5a00d"}
    _record(api, "setup_201", "POST", "/api/v1/auth/setup", json=setup)
    _record(api, "session_admin", "GET", "/api/v1/auth/session")
    _record(api, "api_key_info", "GET", "/api/v1/auth/api-key")
    _record(api, "api_key_rotated", "POST", "/api/v1/auth/api-key")
    _record(api, "ratings", "GET", "/api/v1/profiles/ratings")
    lea = {"name": "Léa", "avatar": "🐱", "color": "#2266aa", "movie_quota": 1, "movie_quota_days": 7}
    _record(api, "profile_created", "POST", "/api/v1/profiles", json=lea)
    emma = {
        "name": "Emma",
        "role": "child",
        "avatar": "🦄",
        "color": "#aa3377",
        "secret": {"value": EMMA_PIN},
        "max_rating": "12",
    }
    api.post("/api/v1/profiles", json=emma)
    _record(api, "profiles_list", "GET", "/api/v1/profiles")
    _record(api, "profile_duplicate_409", "POST", "/api/v1/profiles", json={"name": "Emma"})
    _record(api, "picker", "GET", "/api/v1/profiles/picker")


def record_family(api: Any) -> None:
    """Léa's quota, Emma's approvals, then wrong PINs up to the lock (last: it locks this client)."""
    movie = {"media_type": "movie", "tmdb_id": 1233413, "title": "Sinners", "year": 2025}
    sign_in(api, 2)
    _record(api, "session_member", "GET", "/api/v1/auth/session")
    _record(api, "allowance_member", "GET", "/api/v1/profiles/me/allowance")
    api.post("/api/v1/requests", json={**movie, "tmdb_id": 550, "title": "Fight Club"})
    _record(api, "create_quota_403", "POST", "/api/v1/requests", json=movie)
    _record(api, "list_member", "GET", "/api/v1/requests", params={"requested_by": 2})

    sign_in(api, 3, EMMA_PIN)
    _record(api, "session_child", "GET", "/api/v1/auth/session")
    _record(api, "create_awaiting_201", "POST", "/api/v1/requests", json=movie)
    api.post("/api/v1/requests", json={**movie, "tmdb_id": 1399, "media_type": "tv", "title": "Game of Thrones"})

    sign_in(api, 1, ADMIN_PIN)
    _record(api, "list_awaiting", "GET", "/api/v1/requests", params={"status": ["AWAITING_APPROVAL"]})
    awaiting = api.get("/api/v1/requests", params={"status": ["AWAITING_APPROVAL"]}).json()["items"]
    _record(api, "approve_ok", "POST", f"/api/v1/requests/{awaiting[1]['id']}/approve")
    deny = {"reason": "Pas avant tes 16 ans"}
    _record(api, "deny_ok", "POST", f"/api/v1/requests/{awaiting[0]['id']}/deny", json=deny)
    _record(api, "profile_secret_cleared", "DELETE", "/api/v1/profiles/2/secret")
    _record(api, "sign_out_204", "DELETE", "/api/v1/auth/session")
    _record(api, "session_signed_out", "GET", "/api/v1/auth/session")
    _record(api, "requests_401", "GET", "/api/v1/requests")

    _record(api, "sign_in_member", "POST", "/api/v1/auth/session", json={"profile_id": 2})
    api.delete("/api/v1/auth/session")
    for attempt in range(1, 6):
        name = "sign_in_wrong_pin" if attempt == 1 else f"sign_in_wrong_{attempt}"
        _record(api, name, "POST", "/api/v1/auth/session", json={"profile_id": 3, "secret": "0000"})
    _record(api, "sign_in_locked", "POST", "/api/v1/auth/session", json={"profile_id": 3, "secret": EMMA_PIN})


if __name__ == "__main__":
    main()
