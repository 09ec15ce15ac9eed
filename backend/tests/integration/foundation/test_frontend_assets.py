"""The built UI is compressed and cached the same way by the API (embedded mode) and by Nginx (production)."""

from __future__ import annotations

import getpass
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.processes import BACKEND, free_port, running, wait_until
from tests.services import require

pytestmark = pytest.mark.integration

TEMPLATE = BACKEND.parent / "nginx" / "templates" / "default.conf.template"
SCRIPT = "assets/index-3f9a1c2b.js"  # a Vite build names its files after their content
INDEX_HTML = "<!doctype html><title>Plex Kiosk</title><div id=app></div>" + "<!-- kiosk -->" * 200
SCRIPT_JS = "export const greeting = 'Bonjour';\n" * 200


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A built frontend: index.html and one hashed script, both big enough to be worth compressing."""
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX_HTML)
    (folder / SCRIPT).write_text(SCRIPT_JS)
    return folder


@pytest.fixture
def nginx_site(tmp_path: Path, dist: Path) -> Iterator[str]:
    """The production server block on a free port, serving `dist` (no API behind it: files only)."""
    require("nginx", shutil.which("nginx") is not None, "apt-get install nginx")
    port = free_port()
    server = (
        TEMPLATE.read_text()
        .replace("${API_UPSTREAM}", f"127.0.0.1:{free_port()}")
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("root /usr/share/nginx/html;", f"root {dist};")
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"daemon off; user {getpass.getuser()}; worker_processes 1; pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n"
        "  include /etc/nginx/mime.types;\n"
        f"  {server}\n}}\n"
    )
    check = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    with running(["nginx", "-c", str(conf)], log=tmp_path / "nginx.log"):
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: _answers(base), timeout=30, what="nginx")
        yield base


def _answers(base: str) -> bool:
    try:
        return httpx.get(base, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _embedded_client(dist: Path) -> httpx.AsyncClient:
    from app.config import get_settings
    from app.main import create_app

    app = create_app(get_settings().model_copy(update={"frontend_dist": dist}))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://kiosk")


async def _what_a_browser_sees(http: httpx.AsyncClient) -> dict[str, object]:
    gzip_ok = {"Accept-Encoding": "gzip"}
    page = await http.get("/", headers=gzip_ok)
    script = await http.get(f"/{SCRIPT}", headers=gzip_ok)
    plain = await http.get(f"/{SCRIPT}", headers={"Accept-Encoding": "identity"})
    again = await http.get("/", headers={**gzip_ok, "If-None-Match": page.headers["etag"]})
    return {
        "page": (page.status_code, page.headers.get("content-encoding"), page.headers["cache-control"]),
        "page body": page.text,
        "script": (
            script.status_code,
            script.headers.get("content-encoding"),
            script.headers["cache-control"],
        ),
        "script body": script.text,
        "uncompressed": (plain.headers.get("content-encoding"), plain.text == SCRIPT_JS),
        "revalidated page": again.status_code,
    }


async def test_embedded_mode_compresses_and_caches_the_ui_as_nginx_does(dist: Path, nginx_site: str) -> None:
    async with _embedded_client(dist) as embedded, httpx.AsyncClient(base_url=nginx_site) as proxied:
        seen_embedded = await _what_a_browser_sees(embedded)
        seen_nginx = await _what_a_browser_sees(proxied)

    for seen in (seen_embedded, seen_nginx):
        assert seen["page"] == (200, "gzip", "no-cache")
        assert seen["page body"] == INDEX_HTML
        assert seen["script"] == (200, "gzip", "public, max-age=31536000, immutable")
        assert seen["script body"] == SCRIPT_JS
        assert seen["uncompressed"] == (None, True)
        assert seen["revalidated page"] == 304


async def test_the_api_answers_are_neither_compressed_nor_cached_like_files(dist: Path) -> None:
    async with _embedded_client(dist) as embedded:
        health = await embedded.get("/api/v1/health", headers={"Accept-Encoding": "gzip"})
    assert health.headers["cache-control"] == "no-store"
    assert "content-encoding" not in health.headers


async def _deep_links(http: httpx.AsyncClient) -> dict[str, tuple[int, str]]:
    answers = {}
    for path in ("/requests/42", "/admin/settings/plex", "/assets/index-00000000.js", "/api/v1/nope"):
        response = await http.get(path)
        answers[path] = (response.status_code, "page" if response.text == INDEX_HTML else "other")
    return answers


async def test_a_deep_link_opens_the_kiosk_in_embedded_mode_as_behind_nginx(
    dist: Path, nginx_site: str
) -> None:
    async with _embedded_client(dist) as embedded, httpx.AsyncClient(base_url=nginx_site) as proxied:
        seen_embedded = await _deep_links(embedded)
        seen_nginx = await _deep_links(proxied)
        reloaded = await embedded.get("/requests/42")
    # A kiosk route is the page (revalidated like it); a missing asset is not a page in its place.
    assert seen_embedded["/requests/42"] == (200, "page")
    assert seen_embedded["/admin/settings/plex"] == (200, "page")
    assert seen_embedded["/assets/index-00000000.js"] == (404, "other")
    assert seen_embedded["/api/v1/nope"] == (404, "other")
    assert reloaded.headers["cache-control"] == "no-cache"
    for path in ("/requests/42", "/admin/settings/plex", "/assets/index-00000000.js"):
        assert seen_nginx[path] == seen_embedded[path], path
