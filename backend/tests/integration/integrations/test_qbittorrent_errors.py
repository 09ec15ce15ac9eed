"""How the qBittorrent adapter reports a misbehaving WebUI (answers a healthy daemon rarely gives)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from app.appliance.simulators.server import serve
from app.integrations.errors import AuthError, TransientError
from app.integrations.qbittorrent import QbittorrentClient, QbittorrentConfig

pytestmark = pytest.mark.integration


def _webui(*, login_sets_sid: bool, info_status: int) -> Starlette:
    """A WebUI whose login says 'Ok.' (with or without a SID) and whose torrent list answers `info_status`."""

    async def login(request: Request) -> Response:
        response = PlainTextResponse("Ok.")
        if login_sets_sid:
            response.set_cookie("SID", "abc123")
        return response

    async def version(request: Request) -> Response:
        return PlainTextResponse("2.8.19")

    async def app_version(request: Request) -> Response:
        # Like qBittorrent: without a session cookie every API call is refused with 403.
        if request.cookies.get("SID") != "abc123":
            return PlainTextResponse("Forbidden", status_code=403)
        return PlainTextResponse("v4.5.2")

    async def info(request: Request) -> Response:
        return PlainTextResponse("nope", status_code=info_status)

    return Starlette(
        routes=[
            Route("/api/v2/auth/login", login, methods=["POST"]),
            Route("/api/v2/app/webapiVersion", version, methods=["GET", "POST"]),
            Route("/api/v2/app/version", app_version, methods=["GET", "POST"]),
            Route("/api/v2/torrents/info", info, methods=["GET", "POST"]),
        ]
    )


@pytest.fixture
def qbt_webui_url(request: pytest.FixtureRequest) -> Iterator[str]:
    with serve(_webui(**request.param)) as url:
        yield url


def _client(url: str) -> QbittorrentClient:
    return QbittorrentClient(QbittorrentConfig(url=url, username="admin", password="pw", timeout=3))


@pytest.mark.parametrize("qbt_webui_url", [{"login_sets_sid": False, "info_status": 200}], indirect=True)
async def test_a_login_answered_200_without_sid_is_an_auth_error(qbt_webui_url: str) -> None:
    with pytest.raises(AuthError):
        await _client(qbt_webui_url).login()


@pytest.mark.parametrize(
    "qbt_webui_url",
    [{"login_sets_sid": True, "info_status": 500}, {"login_sets_sid": True, "info_status": 409}],
    indirect=True,
)
async def test_server_errors_and_conflicts_are_worth_retrying(qbt_webui_url: str) -> None:
    with pytest.raises(TransientError):
        await _client(qbt_webui_url).list_torrents()
