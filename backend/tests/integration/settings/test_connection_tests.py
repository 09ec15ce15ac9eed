"""The "Test" buttons: each asks the real service (simulators speaking the real protocols, a real
qbittorrent-nox) whether it answers and accepts the credentials, with stored settings or a draft."""

from __future__ import annotations

import httpx
import pytest

from app.appliance.simulators.plex import PlexScenario
from app.appliance.simulators.ports import free_port
from app.appliance.simulators.torznab import TorznabScenario, jackett_url, prowlarr_url
from tests.integration.settings.conftest import TmdbServer
from tests.support.qbittorrent_nox import QbittorrentNox

pytestmark = pytest.mark.integration


def _closed_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


async def test_plex_with_its_token_answers_with_its_version(
    admin: httpx.AsyncClient, plex_server: tuple[str, PlexScenario]
) -> None:
    url, scenario = plex_server
    unset = (await admin.post("/api/v1/settings/plex/test")).json()
    assert (unset["configured"], unset["message"]) == (
        False,
        "not set up: enter its address and token in Settings",
    )
    assert (unset["code"], unset["params"]) == ("not_set_up", {"service": "Plex"})

    await admin.put("/api/v1/settings/plex", json={"url": url, "token": scenario.token})
    result = (await admin.post("/api/v1/settings/plex/test")).json()
    assert result == {
        "service": "Plex",
        "configured": True,
        "reachable": True,
        "authenticated": True,
        "version": scenario.version,
        "code": "ok",
        "params": {"service": "Plex", "address": url.removeprefix("http://"), "version": scenario.version},
        "message": f"reachable, authenticated, version {scenario.version}",
    }

    draft = await admin.post("/api/v1/settings/plex/test", json={"url": url, "token": "wrong-token-5521"})
    refused = draft.json()
    assert (refused["reachable"], refused["authenticated"]) == (True, False)
    assert refused["message"].startswith("reachable, not authenticated:")
    # The code the parents' screen words (« Plex est joignable, mais refuse les identifiants »), no token.
    assert (refused["code"], refused["params"]) == (
        "service_refused",
        {"service": "Plex", "address": url.removeprefix("http://")},
    )
    assert "wrong-token-5521" not in draft.text

    closed = _closed_url()
    gone = (await admin.post("/api/v1/settings/plex/test", json={"url": closed, "token": "set"})).json()
    assert (gone["reachable"], gone["message"].startswith("unreachable:")) == (False, True)
    assert (gone["code"], gone["params"]) == (
        "service_failed",
        {"service": "Plex", "address": closed.removeprefix("http://")},
    )


async def test_tmdb_key_accepted_or_refused(admin: httpx.AsyncClient, tmdb_server: TmdbServer) -> None:
    url, scenario = tmdb_server.url, tmdb_server.scenario
    await admin.put("/api/v1/settings/tmdb", json={"api_key": scenario.api_key, "base_url": url})
    ok = (await admin.post("/api/v1/settings/tmdb/test")).json()
    assert (ok["reachable"], ok["authenticated"], ok["version"]) == (True, True, "API v3")

    bearer = {"api_key": "", "access_token": scenario.access_token, "base_url": url}
    assert (await admin.post("/api/v1/settings/tmdb/test", json=bearer)).json()["authenticated"] is True

    wrong = await admin.post(
        "/api/v1/settings/tmdb/test", json={"api_key": "bad-tmdb-key-31", "base_url": url}
    )
    assert (wrong.json()["reachable"], wrong.json()["authenticated"]) == (True, False)
    assert "Invalid API key" in wrong.json()["message"]
    assert (wrong.json()["code"], wrong.json()["params"]["service"]) == ("service_refused", "TMDB")
    assert "bad-tmdb-key-31" not in wrong.text


async def test_each_indexer_is_asked_for_its_capabilities(
    admin: httpx.AsyncClient, torznab_server: tuple[str, TorznabScenario]
) -> None:
    base, _ = torznab_server
    jackett = {"name": "Ygg", "url": jackett_url(base, "yggjack"), "api_key": "simkey", "flavour": "jackett"}
    prowlarr = {"name": "Nyaa", "url": prowlarr_url(base, "7"), "api_key": "simkey", "flavour": "prowlarr"}
    ygg = (await admin.post("/api/v1/settings/indexers", json=jackett)).json()
    nyaa = (await admin.post("/api/v1/settings/indexers", json=prowlarr)).json()

    ygg_test = (await admin.post(f"/api/v1/settings/indexers/{ygg['id']}/test")).json()
    nyaa_test = (await admin.post(f"/api/v1/settings/indexers/{nyaa['id']}/test")).json()
    assert (ygg_test["service"], ygg_test["authenticated"], ygg_test["version"]) == (
        "indexer Ygg",
        True,
        "Jackett",
    )
    assert (nyaa_test["authenticated"], nyaa_test["version"]) == (True, "Prowlarr")

    # Jackett answers a wrong key with HTTP 200 and <error code="100">: still "not authenticated".
    wrong = await admin.post(
        f"/api/v1/settings/indexers/{ygg['id']}/test", json={**jackett, "api_key": "nope-77"}
    )
    assert (wrong.json()["reachable"], wrong.json()["authenticated"]) == (True, False)
    assert (wrong.json()["code"], wrong.json()["params"]["service"]) == ("service_refused", "indexer Ygg")
    assert "nope-77" not in wrong.text

    unsaved = (await admin.post("/api/v1/settings/indexers/test", json={**prowlarr, "name": "New"})).json()
    assert (unsaved["service"], unsaved["authenticated"]) == ("indexer New", True)
    no_key = await admin.post("/api/v1/settings/indexers/test", json={"name": "New", "url": base})
    assert no_key.status_code == 422
    assert (await admin.post("/api/v1/settings/indexers/99/test")).status_code == 404


async def test_a_real_qbittorrent_logs_in_or_refuses_the_password(
    admin: httpx.AsyncClient, qbt_daemon: QbittorrentNox
) -> None:
    body = {"url": qbt_daemon.url, "username": qbt_daemon.username, "password": qbt_daemon.password}
    await admin.put("/api/v1/settings/qbittorrent", json=body)
    ok = (await admin.post("/api/v1/settings/qbittorrent/test")).json()
    assert (ok["reachable"], ok["authenticated"], ok["version"]) == (True, True, qbt_daemon.version)

    refused = await admin.post("/api/v1/settings/qbittorrent/test", json={**body, "password": "not-it-9931"})
    assert (refused.json()["reachable"], refused.json()["authenticated"]) == (True, False)
    assert (
        refused.json()["message"]
        == "reachable, not authenticated: login refused: check the username and password"
    )
    assert "not-it-9931" not in refused.text

    assert refused.json()["code"] == "service_refused"

    closed = _closed_url()
    gone = (await admin.post("/api/v1/settings/qbittorrent/test", json={**body, "url": closed})).json()
    assert (gone["reachable"], gone["authenticated"]) == (False, False)
    assert gone["message"].startswith("unreachable: log in: cannot reach qBittorrent")
    assert (gone["code"], gone["params"]) == (
        "service_failed",
        {"service": "qBittorrent", "address": closed.removeprefix("http://")},
    )


async def test_the_address_shown_never_carries_a_path_or_a_query(
    admin: httpx.AsyncClient,
) -> None:
    port = free_port()
    secret_url = f"http://127.0.0.1:{port}/api/v2.0/indexers/hunter2-pw/results/torznab?apikey=k-9931"
    indexer = {"name": "Secret", "url": secret_url, "api_key": "key-5512", "flavour": "jackett"}
    tested = await admin.post("/api/v1/settings/indexers/test", json=indexer)
    assert (tested.json()["code"], tested.json()["params"]) == (
        "service_failed",
        {"service": "indexer Secret", "address": f"127.0.0.1:{port}"},
    )
    for secret in ("hunter2-pw", "k-9931", "key-5512"):
        assert secret not in tested.text
