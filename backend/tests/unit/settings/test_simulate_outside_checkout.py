"""Outside a source checkout, `plex-kiosk simulate` says where the simulators are instead of failing."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from app import simulators
from app.cli import cli


def test_outside_a_checkout_the_command_explains_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simulators, "checkout_backend", lambda: None)
    result = CliRunner().invoke(cli, ["simulate", "tmdb", "--port", "8765"])
    assert result.exit_code == 2
    assert "The simulators ship with the source code only" in result.output
    assert "run this command from a clone of the Plex Kiosk repository" in result.output


def test_an_unknown_simulator_is_refused() -> None:
    result = CliRunner().invoke(cli, ["simulate", "sonarr"])
    assert result.exit_code == 2
    assert "'sonarr' is not one of" in result.output
