"""`plex-kiosk simulate` names the simulators it has and refuses others."""

from __future__ import annotations

from typer.testing import CliRunner

from app.appliance.cli import cli


def test_an_unknown_simulator_is_refused() -> None:
    result = CliRunner().invoke(cli, ["simulate", "sonarr"])
    assert result.exit_code == 2
    assert "'sonarr' is not one of" in result.output
