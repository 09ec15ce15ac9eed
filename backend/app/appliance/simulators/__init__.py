"""Simulators of the services no real server can stand in for here: Plex, a Torznab indexer, TMDB.

Development tools (the demo and the tests use them; `plex-kiosk simulate` serves one): they speak each
service's HTTP API from its public documentation and recorded answers. Nothing in the request path imports
them.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path


class Simulator(StrEnum):
    """The simulators there are."""

    PLEX = "plex"
    TORZNAB = "torznab"
    TMDB = "tmdb"


def run_simulator(simulator: Simulator, argv: Sequence[str]) -> None:
    """Serve `simulator` until interrupted, with its own command-line options in `argv`."""
    module = importlib.import_module(f"{__name__}.{simulator.value}")
    module.main(list(argv))


def shared_fixtures() -> Path:
    """The recorded answers beside a source checkout (../shared/fixtures from the repository root)."""
    return (Path(__file__).resolve().parents[4] / ".." / "shared" / "fixtures").resolve()
