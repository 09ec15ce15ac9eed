"""qBittorrent 4.x and 5.x states map onto our download states; raw torrent entries become TorrentStatus."""

from __future__ import annotations

import json

import pytest

from app.downloads.models import DownloadState
from app.integrations.qbittorrent import to_status
from app.integrations.qbittorrent_states import KNOWN_STATES, is_finished, map_state
from tests.fixture_files import fixtures_dir

# Every state the WebUI API documents for 4.x and 5.x, with what a person expects to see.
DOCUMENTED = {
    "error": DownloadState.ERROR,
    "missingFiles": DownloadState.MISSING_FILES,
    "uploading": DownloadState.COMPLETED,
    "pausedUP": DownloadState.SEEDING_DONE,
    "stoppedUP": DownloadState.SEEDING_DONE,
    "queuedUP": DownloadState.COMPLETED,
    "stalledUP": DownloadState.COMPLETED,
    "checkingUP": DownloadState.CHECKING,
    "forcedUP": DownloadState.COMPLETED,
    "allocating": DownloadState.DOWNLOADING,
    "downloading": DownloadState.DOWNLOADING,
    "metaDL": DownloadState.METADATA,
    "forcedMetaDL": DownloadState.METADATA,
    "pausedDL": DownloadState.PAUSED,
    "stoppedDL": DownloadState.PAUSED,
    "queuedDL": DownloadState.QUEUED,
    "stalledDL": DownloadState.STALLED,
    "checkingDL": DownloadState.CHECKING,
    "forcedDL": DownloadState.DOWNLOADING,
    "checkingResumeData": DownloadState.CHECKING,
    "moving": DownloadState.CHECKING,
}


def _maindata() -> dict:
    return json.loads((fixtures_dir() / "qbittorrent" / "ha_sync_maindata.json").read_text())


@pytest.mark.parametrize(("raw", "expected"), sorted(DOCUMENTED.items()))
def test_every_documented_state_maps(raw: str, expected: DownloadState) -> None:
    assert map_state(raw) is expected


def test_paused_and_stopped_are_the_same_for_4x_and_5x() -> None:
    assert map_state("pausedUP") is map_state("stoppedUP")
    assert map_state("pausedDL") is map_state("stoppedDL")


def test_checking_after_finishing_is_not_done() -> None:
    assert not is_finished("checkingUP")
    assert is_finished("stalledUP")
    assert is_finished("stoppedUP")


def test_unknown_state_is_never_taken_for_progress_or_done() -> None:
    assert map_state("unknown") is DownloadState.STALLED
    assert map_state("someFutureState") is DownloadState.STALLED
    assert "unknown" in KNOWN_STATES


def test_every_state_in_a_real_5x_maindata_maps() -> None:
    torrents = _maindata()["torrents"]
    states = {entry["state"] for entry in torrents.values()}
    assert states <= KNOWN_STATES
    mapped = {state: map_state(state) for state in states}
    assert mapped == {
        "stalledDL": DownloadState.STALLED,
        "stoppedDL": DownloadState.PAUSED,
        "stalledUP": DownloadState.COMPLETED,
        "error": DownloadState.ERROR,
        "missingFiles": DownloadState.MISSING_FILES,
        "downloading": DownloadState.DOWNLOADING,
    }


def test_maindata_entry_becomes_a_status_with_infinite_eta_and_no_completion() -> None:
    # sync/maindata is keyed by hash; the entries themselves carry no `hash` field.
    torrent_hash, entry = next(iter(_maindata()["torrents"].items()))
    status = to_status({**entry, "hash": torrent_hash})
    assert status.info_hash == torrent_hash.lower()
    assert status.eta is None  # 8640000 means "infinite"
    assert status.completion_on is None  # -1 means "not finished"
    assert status.raw_state == entry["state"]
    assert status.size == entry["size"]
    assert status.content_path == "/download_mnt/incomplete/ubuntu"
    assert status.category == "radarr"
    assert status.tags == ()


def test_tags_are_split_and_a_real_eta_kept() -> None:
    status = to_status(
        {
            "hash": "ABC",
            "state": "downloading",
            "eta": 87,
            "completion_on": 1700000000,
            "tags": "req-7, kiosk",
        }
    )
    assert status.info_hash == "abc"
    assert status.eta == 87
    assert status.completion_on == 1700000000
    assert status.tags == ("req-7", "kiosk")
