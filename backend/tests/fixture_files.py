"""Where the shared recorded fixtures live (../shared/fixtures from the repository root)."""

from __future__ import annotations

from app.appliance.simulators import shared_fixtures as fixtures_dir

__all__ = ["fixtures_dir"]
