"""The built kiosk UI as the API serves it in embedded mode: compressed and cached as Nginx serves it.

Behind Nginx (nginx/templates/default.conf.template) and here, the same rules hold:
- files under /assets/ carry a content hash in their names (Vite's build), so a browser may keep them for a
  year without asking again (`immutable`);
- everything else (index.html above all) is revalidated on every load (`no-cache`), so a new build is
  picked up at once while an unchanged page still answers 304 from its ETag;
- text (HTML, JavaScript, CSS, JSON, SVG) is gzip-compressed when the browser accepts it.
Only the frontend is wrapped in compression: the API's small JSON answers stay as they are (decision 0005
counts their CPU per call).
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Scope

HASHED_ASSETS_PREFIX = "assets/"
HASHED_ASSET_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Paths under these are the API's: an unknown one is a 404, never the kiosk's page.
API_PREFIX = "api/"
# Below this a gzip header and the CPU cost more than they save (Nginx's gzip_min_length, the same figure).
GZIP_MIN_BYTES = 1024


def cache_control_for(path: str) -> str:
    """The Cache-Control of the frontend file at `path` (relative to the build folder)."""
    return HASHED_ASSET_CACHE if path.replace(os.sep, "/").startswith(HASHED_ASSETS_PREFIX) else REVALIDATE


class FrontendFiles(StaticFiles):
    """StaticFiles that says how long each file may be cached, and answers the kiosk's own routes.

    The kiosk is a single-page app: a path that is no file (a deep link such as /requests/42, a reload on
    a screen) is one of its routes, so it gets index.html, as Nginx's `try_files $uri $uri/ /index.html`
    gives it. A missing hashed asset or an unknown /api path stays a 404: index.html in their place would
    be a script or an API answer that is not one.
    """

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The file at `path`, else index.html for a kiosk route."""
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or not _is_kiosk_route(path):
                raise
            return await super().get_response("index.html", scope)

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        """The file (or a 304), with the Cache-Control its path calls for."""
        response = super().file_response(full_path, stat_result, scope, status_code)
        directory = Path(str(self.directory)).resolve()
        relative = os.path.relpath(Path(full_path).resolve(), directory)
        response.headers["Cache-Control"] = cache_control_for(relative)
        return response


def _is_kiosk_route(path: str) -> bool:
    """True for a path the single-page app answers (not a build asset, not the API)."""
    normalised = path.replace(os.sep, "/").lstrip("/")
    return normalised != "api" and not normalised.startswith((HASHED_ASSETS_PREFIX, API_PREFIX))


def frontend_app(dist: Path) -> ASGIApp:
    """The built frontend in `dist`, compressed and cached as behind Nginx."""
    return GZipMiddleware(
        FrontendFiles(directory=dist, html=True), minimum_size=GZIP_MIN_BYTES, compresslevel=6
    )
