"""The timeline's second line in the family's words: each event the worker writes carries a code and its
parameters in `details` ("code", plus e.g. "next_search_at"), which the kiosk words in French or English
(frontend/src/media_requests/timelineWords.ts). The English `reason` stays for scripts and the audit trail,
and for the kiosk when it meets a code it does not know.
"""

from __future__ import annotations

from typing import Any

REQUESTED = "requested"
AWAITING_APPROVAL = "awaiting_approval"
ALREADY_IN_PLEX = "already_in_plex"
APPROVED = "approved"
DENIED = "denied"
SEARCHING = "searching"
DOWNLOADING = "downloading"
NOT_FOUND = "not_found"
IMPORTING = "importing"
IMPORTED = "imported"
AVAILABLE = "available"
PARTLY_AVAILABLE = "partly_available"
EPISODES_REMOVED = "episodes_removed"
# A followed show's new episodes: searched once aired ("episodes"), then in Plex (followed_shows.py).
NEW_EPISODES = "new_episodes"
EPISODES_ARRIVED = "episodes_arrived"
REMOVED_FROM_PLEX = "removed_from_plex"
CANCELLED = "cancelled"
# A download that broke or stalled, removed: the next best copy is searched ("count" copies given up).
GAVE_UP_ON_COPY = "gave_up_on_copy"
# FAILED's "why": search_timeout, not_set_up, library_unreachable, service_failed / service_refused /
# service_error (with "service"), gave_up, unexpected (app/workers/retry.py).
FAILED = "failed"


def said(code: str, **params: Any) -> dict[str, Any]:
    """An event's details: its code and the facts the sentence needs (JSON-ready)."""
    return {"code": code, **params}
