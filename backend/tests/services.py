"""Reachability of the real services the integration tests need, and what to do when one is missing."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest


def in_ci() -> bool:
    """True when running under CI (CI=true), where a missing service must fail the run."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def reachable(url: str, timeout: float = 2.0) -> bool:
    """Whether a TCP connection to the host and port of `url` succeeds."""
    parsed = urlparse(url.replace("+asyncpg", ""))
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 0), timeout=timeout):
            return True
    except OSError:
        return False


def require(name: str, available: bool, hint: str) -> None:
    """Fail under CI, skip loudly elsewhere, when `name` is not available."""
    if available:
        return
    message = f"{name} is not available: {hint}"
    if in_ci():
        pytest.fail(f"CI needs {message}", pytrace=False)
    pytest.skip(f"SKIPPED FOR A MISSING SERVICE — {message}")
