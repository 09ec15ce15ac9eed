"""The production Nginx config with a real nginx: the kiosk's pages, the API behind it, the safety rails."""

from __future__ import annotations

import getpass
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.processes import BACKEND, answers, free_port, running, wait_until
from tests.services import require

pytestmark = pytest.mark.integration

TEMPLATE = BACKEND.parent / "nginx" / "templates" / "default.conf.template"


@pytest.fixture
def site(tmp_path: Path, db: AsyncSession, broker: redis.Redis) -> Iterator[str]:
    """nginx with our server block on a free port, in front of a real API process."""
    require("nginx", shutil.which("nginx") is not None, "apt-get install nginx")
    api_port, web_port = free_port(), free_port()
    root = tmp_path / "html"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>Plex Kiosk</title><div id=app></div>")
    (root / "assets" / "app.js").write_text("console.log('kiosk')")
    server = (
        TEMPLATE.read_text()
        .replace("${API_UPSTREAM}", f"127.0.0.1:{api_port}")
        .replace("listen 80;", f"listen 127.0.0.1:{web_port};")
        .replace("root /usr/share/nginx/html;", f"root {root};")
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        # The worker runs as the test's own user: pytest's temporary folders are private to it.
        f"daemon off; user {getpass.getuser()}; worker_processes 1; pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n"
        "  include /etc/nginx/mime.types;\n"
        f"  {server}\n}}\n"
    )
    check = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    api = [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(api_port)]
    with (
        running(api, env={"FRONTEND_DIST": str(tmp_path / "none")}, log=tmp_path / "api.log"),
        running(["nginx", "-c", str(conf)], log=tmp_path / "nginx.log"),
    ):
        base = f"http://127.0.0.1:{web_port}"
        wait_until(lambda: answers(f"{base}/api/v1/health"), timeout=90, what="nginx and the API")
        yield base


async def test_pages_and_api_through_nginx(site: str, db: AsyncSession) -> None:
    async with httpx.AsyncClient(base_url=site) as http:
        home = await http.get("/")
        assert home.status_code == 200 and "Plex Kiosk" in home.text
        deep_link = await http.get("/requests/42")  # a route of the single-page app
        assert deep_link.status_code == 200 and "<div id=app>" in deep_link.text
        assert (await http.get("/assets/missing.js")).status_code == 404
        assert (await http.get("/assets/app.js")).headers["cache-control"] == (
            "public, max-age=31536000, immutable"
        )
        assert home.headers["cache-control"] == "no-cache"

        health = await http.get("/api/v1/health")
        assert health.json() == {"status": "ok"}
        for header in ("x-content-type-options", "x-frame-options", "content-security-policy"):
            assert header in home.headers and header in health.headers
            assert "," not in health.headers[header], "one copy of each header, not Nginx's and the API's"
        assert "nginx/" not in home.headers.get("server", "")

        star_wars = {"media_type": "movie", "tmdb_id": 11, "title": "Star Wars"}
        assert (await http.post("/api/v1/requests", json=star_wars)).status_code == 401
        script = {"X-Api-Key": await factories.api_key(db)}
        created = await http.post("/api/v1/requests", json=star_wars, headers=script)
        assert created.status_code == 201


def test_oversized_bodies_are_refused(site: str) -> None:
    response = httpx.post(f"{site}/api/v1/requests", content=b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413
