"""The kiosk's API types are generated from the server's OpenAPI document, never written by hand.

`npm run gen:api` (in frontend/) writes frontend/openapi.json from the application and
frontend/src/api/schema.d.ts from it; `npm run lint` checks the second step, this test the first.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.main import app

OPENAPI_JSON = Path(__file__).resolve().parents[4] / "frontend" / "openapi.json"


def test_the_frontend_openapi_document_is_the_servers() -> None:
    stored = json.loads(OPENAPI_JSON.read_text())
    assert stored == app.openapi(), "the API changed: `npm run gen:api` in frontend/, then commit both files"
