"""`plex-kiosk simulate`: run the Plex, Torznab or TMDB simulator from a source checkout (development only).

The simulators live with the tests (backend/tests/simulators/) and are not part of an installed package,
so this finds the checkout this code runs from and imports them from there.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path


class Simulator(StrEnum):
    """The simulators there are."""

    PLEX = "plex"
    TORZNAB = "torznab"
    TMDB = "tmdb"


class SimulatorsUnavailable(RuntimeError):
    """This installation has no simulators (it was not run from a source checkout)."""


def checkout_backend() -> Path | None:
    """The checkout's backend/ folder when this code runs from a source checkout, else None."""
    backend = Path(__file__).resolve().parents[1]
    return backend if (backend / "tests" / "simulators" / "__init__.py").is_file() else None


def use_checkout() -> Path:
    """Make the checkout's `tests` package importable and return backend/; SimulatorsUnavailable if none."""
    backend = checkout_backend()
    if backend is None:
        raise SimulatorsUnavailable(
            "The simulators ship with the source code only (backend/tests/simulators/): run this command "
            "from a clone of the Plex Kiosk repository, e.g. `uv run plex-kiosk simulate tmdb`."
        )
    if str(backend) not in sys.path:
        sys.path.insert(0, str(backend))
    return backend


def run_simulator(simulator: Simulator, argv: Sequence[str]) -> None:
    """Serve `simulator` until interrupted, with its own command-line options in `argv`."""
    use_checkout()
    module = importlib.import_module(f"tests.simulators.{simulator.value}")
    module.main(list(argv))
