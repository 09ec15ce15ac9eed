"""The life of a media request: its states and the one table of allowed transitions."""

from __future__ import annotations

from enum import StrEnum

from app.catalog.media_types import MediaType

__all__ = ["MediaType", "RequestStatus"]


class RequestStatus(StrEnum):
    """Where a request stands; stored in its row, the single source of truth."""

    AWAITING_APPROVAL = "AWAITING_APPROVAL"
    PENDING = "PENDING"
    SEARCHING = "SEARCHING"
    DOWNLOADING = "DOWNLOADING"
    IMPORTING = "IMPORTING"
    COMPLETED = "COMPLETED"
    AVAILABLE = "AVAILABLE"
    PARTIALLY_AVAILABLE = "PARTIALLY_AVAILABLE"
    NOT_FOUND = "NOT_FOUND"
    FAILED = "FAILED"
    DENIED = "DENIED"
    CANCELLED = "CANCELLED"
    # The media was in Plex and someone deleted it (watched, then cleared away): final, never re-downloaded.
    # Asking again makes a new request.
    REMOVED_FROM_PLEX = "REMOVED_FROM_PLEX"
    # A film not out yet at home (digital, disc or TV): searched from its release date, the date on the kiosk.
    AWAITING_RELEASE = "AWAITING_RELEASE"


S = RequestStatus

# Every allowed change of state. Anything not listed is refused, so a late or repeated task cannot
# drag a request backwards (a download finishing after the family cancelled, for instance).
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    S.AWAITING_APPROVAL: frozenset({S.PENDING, S.DENIED, S.CANCELLED, S.AVAILABLE}),
    S.PENDING: frozenset({S.SEARCHING, S.AWAITING_RELEASE, S.CANCELLED, S.FAILED, S.AVAILABLE}),
    S.SEARCHING: frozenset({S.DOWNLOADING, S.NOT_FOUND, S.PENDING, S.FAILED, S.CANCELLED, S.AVAILABLE}),
    S.DOWNLOADING: frozenset({S.IMPORTING, S.SEARCHING, S.FAILED, S.CANCELLED, S.AVAILABLE}),
    S.IMPORTING: frozenset({S.COMPLETED, S.DOWNLOADING, S.SEARCHING, S.FAILED, S.CANCELLED}),
    S.COMPLETED: frozenset({S.AVAILABLE, S.PARTIALLY_AVAILABLE, S.PENDING, S.SEARCHING}),
    # SEARCHING: a parent asked for another copy (a problem was reported); the file stays until it is in.
    S.AVAILABLE: frozenset({S.PARTIALLY_AVAILABLE, S.REMOVED_FROM_PLEX, S.SEARCHING}),
    S.PARTIALLY_AVAILABLE: frozenset({S.AVAILABLE, S.PENDING, S.CANCELLED, S.REMOVED_FROM_PLEX, S.SEARCHING}),
    S.NOT_FOUND: frozenset({S.SEARCHING, S.AWAITING_RELEASE, S.PENDING, S.CANCELLED, S.FAILED, S.AVAILABLE}),
    S.AWAITING_RELEASE: frozenset({S.SEARCHING, S.PENDING, S.CANCELLED, S.FAILED, S.AVAILABLE}),
    S.FAILED: frozenset({S.PENDING, S.CANCELLED}),
    S.DENIED: frozenset({S.PENDING}),
    S.CANCELLED: frozenset(),
    S.REMOVED_FROM_PLEX: frozenset(),
}

# Requests still being worked on: a new request for the same media joins one of these instead.
ACTIVE_STATUSES: frozenset[RequestStatus] = frozenset(
    {S.AWAITING_APPROVAL, S.PENDING, S.SEARCHING, S.DOWNLOADING, S.IMPORTING, S.NOT_FOUND,
     S.AWAITING_RELEASE}
)  # fmt: skip
# States a cancel (DELETE) may end.
CANCELLABLE_STATUSES: frozenset[RequestStatus] = frozenset(
    status for status, targets in TRANSITIONS.items() if S.CANCELLED in targets
)


class TransitionError(ValueError):
    """A change of state the table does not allow."""

    def __init__(self, current: RequestStatus, target: RequestStatus) -> None:
        super().__init__(f"a request cannot go from {current.value} to {target.value}")
        self.current = current
        self.target = target


def can_transition(current: RequestStatus, target: RequestStatus) -> bool:
    """True when the table allows `current` → `target`."""
    return target in TRANSITIONS[current]


def check_transition(current: RequestStatus, target: RequestStatus) -> None:
    """Raise TransitionError unless the table allows `current` → `target`."""
    if not can_transition(current, target):
        raise TransitionError(current, target)
