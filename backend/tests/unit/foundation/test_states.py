"""The request state machine: what may follow what, as a table a reader can check against the design."""

from __future__ import annotations

import pytest

from app.media_requests.states import (
    ACTIVE_STATUSES,
    CANCELLABLE_STATUSES,
    TRANSITIONS,
    RequestStatus,
    TransitionError,
    can_transition,
    check_transition,
)

S = RequestStatus

ALLOWED = [
    (S.AWAITING_APPROVAL, S.PENDING),
    (S.AWAITING_APPROVAL, S.DENIED),
    (S.PENDING, S.SEARCHING),
    (S.SEARCHING, S.DOWNLOADING),
    (S.SEARCHING, S.NOT_FOUND),
    (S.DOWNLOADING, S.IMPORTING),
    (S.DOWNLOADING, S.SEARCHING),  # fail-over to the next release
    (S.IMPORTING, S.COMPLETED),
    (S.IMPORTING, S.SEARCHING),  # nothing importable: fail-over to the next release
    (S.COMPLETED, S.AVAILABLE),
    (S.COMPLETED, S.PARTIALLY_AVAILABLE),
    (S.PARTIALLY_AVAILABLE, S.AVAILABLE),
    (S.NOT_FOUND, S.SEARCHING),  # scheduled re-search
    (S.FAILED, S.PENDING),  # retried by an admin
    (S.AVAILABLE, S.REMOVED_FROM_PLEX),  # someone deleted it from Plex
    (S.AVAILABLE, S.PARTIALLY_AVAILABLE),  # someone deleted some of a show's episodes
    (S.PARTIALLY_AVAILABLE, S.REMOVED_FROM_PLEX),
    (S.PENDING, S.CANCELLED),
    (S.DOWNLOADING, S.CANCELLED),
]

REFUSED = [
    (S.PENDING, S.COMPLETED),  # no import without a download
    (S.PENDING, S.DOWNLOADING),  # no download without a search
    (S.AWAITING_APPROVAL, S.SEARCHING),  # nothing runs before approval
    (S.CANCELLED, S.PENDING),  # cancelled is final
    (S.CANCELLED, S.SEARCHING),
    (S.AVAILABLE, S.CANCELLED),  # nothing left to cancel
    (S.COMPLETED, S.CANCELLED),
    (S.DENIED, S.SEARCHING),
    (S.IMPORTING, S.NOT_FOUND),  # an import that gave nothing searches again at once
    (S.AVAILABLE, S.AVAILABLE),  # no self-loops: a repeated task changes nothing
    (S.SEARCHING, S.SEARCHING),
    (S.AVAILABLE, S.PENDING),  # deleted means deleted: no download again unless someone asks again
    (S.REMOVED_FROM_PLEX, S.PENDING),  # asking again is a new request
    (S.REMOVED_FROM_PLEX, S.SEARCHING),
]


@pytest.mark.parametrize(("current", "target"), ALLOWED, ids=lambda s: s.value)
def test_allowed_transitions(current: RequestStatus, target: RequestStatus) -> None:
    assert can_transition(current, target)
    check_transition(current, target)


@pytest.mark.parametrize(("current", "target"), REFUSED, ids=lambda s: s.value)
def test_refused_transitions_say_why(current: RequestStatus, target: RequestStatus) -> None:
    assert not can_transition(current, target)
    with pytest.raises(TransitionError, match=f"cannot go from {current.value} to {target.value}"):
        check_transition(current, target)


def test_every_state_has_a_row_and_cancelled_is_final() -> None:
    assert set(TRANSITIONS) == set(RequestStatus)
    assert TRANSITIONS[S.CANCELLED] == frozenset()
    assert TRANSITIONS[S.REMOVED_FROM_PLEX] == frozenset()


def test_every_state_is_reachable_from_a_new_request() -> None:
    seen, frontier = {S.PENDING, S.AWAITING_APPROVAL}, [S.PENDING, S.AWAITING_APPROVAL]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(RequestStatus)


def test_active_requests_can_all_be_cancelled() -> None:
    assert ACTIVE_STATUSES <= CANCELLABLE_STATUSES
    assert S.AVAILABLE not in CANCELLABLE_STATUSES
