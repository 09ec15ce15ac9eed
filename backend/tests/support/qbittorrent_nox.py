"""The qbittorrent-nox the real-component tests share, and what a missing binary means for the run."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from app.appliance.simulators.qbittorrent_nox import (
    DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
    QbittorrentNox,
    qbittorrent_nox_binary,
    run_qbittorrent_nox,
)

__all__ = [
    "DEFAULT_PASSWORD",
    "DEFAULT_USERNAME",
    "QbittorrentNox",
    "qbt_daemon",
    "require_qbittorrent_nox",
    "run_qbittorrent_nox",
]


def require_qbittorrent_nox() -> str:
    """Return the binary's path; a missing one fails the run under CI=true and skips loudly elsewhere."""
    binary = qbittorrent_nox_binary()
    if binary is not None:
        return binary
    reason = "qbittorrent-nox is not installed (apt-get install qbittorrent-nox): qBittorrent tests NOT RUN"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def qbt_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QbittorrentNox]:
    """One throwaway qbittorrent-nox for the run; tests keep apart by using categories of their own."""
    binary = require_qbittorrent_nox()
    with run_qbittorrent_nox(tmp_path_factory.mktemp("qbt"), binary=binary) as daemon:
        yield daemon
