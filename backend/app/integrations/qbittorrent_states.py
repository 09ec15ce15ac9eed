"""qBittorrent's torrent states (4.x and 5.x) mapped onto our download states."""

from __future__ import annotations

from app.downloads.models import DownloadState

# Every value of `state` documented for the WebUI API of qBittorrent 4.x and 5.x.
# 5.x renamed pausedUP/pausedDL to stoppedUP/stoppedDL; both spellings are kept so either version maps.
_STATE_MAP: dict[str, DownloadState] = {
    "downloading": DownloadState.DOWNLOADING,
    "forcedDL": DownloadState.DOWNLOADING,
    "allocating": DownloadState.DOWNLOADING,
    "metaDL": DownloadState.METADATA,
    "forcedMetaDL": DownloadState.METADATA,
    "queuedDL": DownloadState.QUEUED,
    "stalledDL": DownloadState.STALLED,
    "pausedDL": DownloadState.PAUSED,
    "stoppedDL": DownloadState.PAUSED,
    "checkingDL": DownloadState.CHECKING,
    # A torrent being re-checked after it finished is not done: the check can still find bad pieces.
    "checkingUP": DownloadState.CHECKING,
    "checkingResumeData": DownloadState.CHECKING,
    "moving": DownloadState.CHECKING,
    "uploading": DownloadState.COMPLETED,
    "stalledUP": DownloadState.COMPLETED,
    "queuedUP": DownloadState.COMPLETED,
    "forcedUP": DownloadState.COMPLETED,
    # Finished and stopped: qBittorrent stops a torrent when its share limits are reached.
    "pausedUP": DownloadState.SEEDING_DONE,
    "stoppedUP": DownloadState.SEEDING_DONE,
    "error": DownloadState.ERROR,
    "missingFiles": DownloadState.MISSING_FILES,
}

KNOWN_STATES: frozenset[str] = frozenset(_STATE_MAP) | {"unknown"}


def map_state(raw_state: str) -> DownloadState:
    """Return our download state for a qBittorrent `state` string; unknown values count as stalled."""
    # `unknown` (and anything a future version invents) is never taken for progress nor for a hard failure:
    # as stalled, the monitor fails it over only if it stays that way.
    return _STATE_MAP.get(raw_state, DownloadState.STALLED)


def is_finished(raw_state: str) -> bool:
    """True when every wanted byte is on disk and verified (completed or seeding done)."""
    return map_state(raw_state) in (DownloadState.COMPLETED, DownloadState.SEEDING_DONE)
