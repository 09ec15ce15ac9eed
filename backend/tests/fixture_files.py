"""Where the shared recorded fixtures live (../shared/fixtures from the repository root)."""

from __future__ import annotations

from pathlib import Path


def fixtures_dir() -> Path:
    """The shared fixtures folder, /work/shared/fixtures in this checkout."""
    return (Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures").resolve()
