"""A bounded schemathesis run over the whole OpenAPI document: no call answers 5xx (issue 21, item 7).

The real API (uvicorn, its own process) on the test PostgreSQL and Redis, with TMDB set up on its simulator,
called as a parent with the API key. Every operation gets valid inputs and inputs that break its schema (a
NUL in a name, an id past int32, a missing field…): whatever it is sent, it answers 2xx, 3xx or 4xx. A 5xx
is a bug to fix at its root; the failure lists each one as a curl command to replay it, with the server's
log.

Bounded so the whole run stays under a minute on two cores: a fixed number of calls per operation and mode,
the same cases every run (derandomized), no shrinking. Settings are changed after the calls that use them,
and the key rotation comes last, as it ends the key the other calls hold.
"""

from __future__ import annotations

import asyncio
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.settings.service import put_setting
from tests import factories
from tests.fixture_files import fixtures_dir
from tests.processes import answers, free_port, running, wait_until

pytestmark = pytest.mark.integration

EXAMPLES = 6
# These wait for the workers' replies (there are none here), a second or more a call: a few calls say enough.
FEW_EXAMPLES = {"GET /api/v1/tasks/stats": 1, "GET /api/v1/tasks/list/active": 1, "GET /api/v1/jobs": 1}
KEY_ROTATION = "POST /api/v1/auth/api-key"


def _order(operation: Any) -> tuple[bool, bool]:
    """Settings changes after everything else, the key rotation last."""
    label = operation.label
    changes_settings = label.startswith(("PUT /api/v1/settings", "DELETE /api/v1/settings"))
    return label == KEY_ROTATION, changes_settings


def _takes_input(document: dict[str, Any], operation: Any) -> bool:
    """Whether the operation has parameters or a body: without, there is no invalid input to send."""
    definition = document["paths"][operation.path][operation.method.lower()]
    return bool(definition.get("parameters") or definition.get("requestBody"))


def _server_errors(operation: Any, mode: GenerationMode, base: str, key: str) -> list[str]:
    """Call `operation` with generated cases in `mode`; a line per answer >= 500."""
    found: list[str] = []

    @settings(
        max_examples=FEW_EXAMPLES.get(operation.label, EXAMPLES),
        deadline=None,
        derandomize=True,  # the same cases on every run: a failure here is reproducible
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        response = case.call(base_url=base, headers={"X-Api-Key": key}, timeout=10)
        if response.status_code >= 500:
            found.append(f"{response.status_code} {case.as_curl_command()}")

    with suppress(Unsatisfiable):  # every input is free-form: there is no invalid case to send
        run()
    return found


def _fuzz(base: str, key: str) -> tuple[int, int, list[str]]:
    """Every operation of the served document: how many the document lists and were called, and the 5xx."""
    document = httpx.get(f"{base}/openapi.json", timeout=10).json()
    listed = sum(len(methods) for methods in document["paths"].values())
    operations = sorted(
        (result.ok() for result in schemathesis.openapi.from_dict(document).get_all_operations()), key=_order
    )
    errors: list[str] = []
    for operation in operations:
        errors += _server_errors(operation, GenerationMode.POSITIVE, base, key)
        if _takes_input(document, operation):
            errors += _server_errors(operation, GenerationMode.NEGATIVE, base, key)
    return listed, len(operations), errors


async def test_no_operation_answers_5xx(db: AsyncSession, broker: redis.Redis, tmp_path: Path) -> None:
    key = await factories.api_key(db)
    with serve(create_app(TmdbScenario.from_fixtures(fixtures_dir() / "tmdb"))) as tmdb_url:
        await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{tmdb_url}/3"})
        await db.commit()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api = [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--log-level=warning"]
        with running(api, log=tmp_path / "api.log"):
            wait_until(lambda: answers(f"{base}/api/v1/health"), timeout=60, what="the API to start")
            listed, called, errors = await asyncio.to_thread(_fuzz, base, key)
    assert called == listed
    assert errors == [], (tmp_path / "api.log").read_text(errors="replace")[-6000:]
