"""The API's error bodies: what the kiosk words (`code`, `params`) beside what scripts read (`detail`)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from app.api.errors import SpokenError, install_error_handlers


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/refused")
    async def refused() -> None:
        raise SpokenError(403, "quota", "Léa a déjà demandé 2 films", {"name": "Léa", "limit": 2})

    @app.get("/broken")
    async def broken() -> None:
        raise RuntimeError("a bug with a secret=hunter2 in it")

    return app


async def test_a_refusal_and_an_unexpected_error_carry_a_code_the_kiosk_words() -> None:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://kiosk") as client:
        refused = await client.get("/refused")
        broken = await client.get("/broken")
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "Léa a déjà demandé 2 films", "code": "quota", "params": {"name": "Léa", "limit": 2}},
    )
    assert broken.status_code == 500
    assert broken.json() == {
        "detail": "Something went wrong on the server; it has been logged.",
        "code": "server_error",
        "params": {},
    }
