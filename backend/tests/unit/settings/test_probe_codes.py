"""A "Test" button's answer is a code with its facts (the kiosk words it), the English only for the doctor."""

from __future__ import annotations

import pytest

from app.integrations.errors import AuthError, PermanentError, TransientError
from app.settings.integrations import probe as probe_module
from app.settings.integrations.probe import probe, shown_address


async def _raises(exc: BaseException) -> str:
    raise exc


@pytest.mark.parametrize(
    ("exc", "code", "facts"),
    [
        (TransientError("Plex", "identity: HTTP 503"), "service_failed", {"status": 503}),
        (TransientError("Plex", "identity: cannot reach Plex (ConnectError)"), "service_failed", {}),
        (AuthError("torznab", "Ygg: API key refused (HTTP 401)"), "service_refused", {"status": 401}),
        (PermanentError("Plex", "identity: HTTP 404"), "service_error", {"status": 404}),
        (RuntimeError("adapter bug"), "unexpected", {}),
    ],
)
async def test_each_failure_has_the_retry_helpers_code_and_its_http_status(
    exc: BaseException, code: str, facts: dict[str, int]
) -> None:
    result = await probe(
        "Plex", lambda: _raises(exc), address="http://192.168.1.10:32400/web?X-Plex-Token=t0k"
    )
    assert (result.code, result.params) == (
        code,
        {"service": "Plex", "address": "192.168.1.10:32400", **facts},
    )
    assert "t0k" not in result.model_dump_json()


async def test_no_answer_in_time_says_how_long_it_waited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probe_module, "CHECK_TIMEOUT_S", -1.9)

    async def slow() -> str:
        import asyncio

        await asyncio.sleep(1)
        return "1.0"

    result = await probe("qBittorrent", slow)
    assert (result.code, result.params["service"]) == ("no_answer", "qBittorrent")
    assert "seconds" in result.params


def test_the_address_shown_is_its_host_and_port_only() -> None:
    assert shown_address("https://user:pw@plex.example:32400/path?token=x") == "plex.example:32400"
    assert shown_address("http://[::1]:8080") == "[::1]:8080"
    assert shown_address("https://api.themoviedb.org/3") == "api.themoviedb.org"
    assert shown_address("") is None
    assert shown_address("http://") is None
