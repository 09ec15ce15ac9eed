"""The request domain publishes a notification task after each move that matters, and only those."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.media_requests.announcements import event_for
from app.media_requests.availability import refresh_requests
from app.media_requests.processing import process_request
from app.media_requests.states import MediaType, RequestStatus
from app.notifications.templates import NotificationEvent
from tests import factories
from tests.integration.notifications.conftest import Household
from tests.support.broker_queue import queued

pytestmark = pytest.mark.integration
S = RequestStatus


async def test_approving_and_denying_publish_what_the_requester_hears(
    client: httpx.AsyncClient, db: AsyncSession, broker: redis.Redis, household: Household
) -> None:
    waiting: dict[str, Any] = {"status": S.AWAITING_APPROVAL, "requested_by": household.emma}
    first = await factories.media_request(db, tmdb_id=1, title="Up", **waiting)
    second = await factories.media_request(db, tmdb_id=2, title="Cars", **waiting)
    assert (await client.post(f"/api/v1/requests/{first.id}/approve")).status_code == 200
    denied = await client.post(f"/api/v1/requests/{second.id}/deny", json={"reason": "Trop tard"})
    assert denied.status_code == 200
    assert [m.args for m in queued(broker, "default")] == [
        (first.id, "approved", ""),
        (second.id, "denied", ""),
    ]


async def test_a_request_searched_at_once_is_told_by_its_first_look_only(
    client: httpx.AsyncClient, db: AsyncSession, broker: redis.Redis, household: Household
) -> None:
    created = await client.post(
        "/api/v1/requests", json={"media_type": "movie", "tmdb_id": 438631, "title": "Dune"}
    )
    assert created.status_code == 201 and created.json()["status"] == "PENDING"
    request_id = created.json()["id"]
    assert queued(broker, "default") == []  # the POST sent its search only
    assert [m.task for m in queued(broker)] == [task_names.PROCESS_REQUEST]

    # No indexer is set up here: each look ends NOT_FOUND, which the requester hears each time.
    await process_request(db, request_id=request_id, task_id=None)
    await process_request(db, request_id=request_id, task_id=None)
    told = [m.args[1] for m in queued(broker, "default")]
    assert told == ["requested", "not_found", "not_found"]


async def test_a_show_completed_by_new_episodes_publishes_them_keyed_by_the_move(
    db: AsyncSession, broker: redis.Redis, household: Household
) -> None:
    show = await factories.media_request(
        db, media_type=MediaType.TV, tmdb_id=1399, title="Game of Thrones", seasons=[1],
        status=S.PARTIALLY_AVAILABLE, requested_by=household.emma,
    )  # fmt: skip
    await factories.library_item(db, "9000", "Game of Thrones", item_type="show", tmdb_id=1399)
    for episode in range(1, 11):
        await factories.library_item(
            db, item_type="episode", grandparent_rating_key="9000", season_number=1, episode_number=episode
        )
    await refresh_requests(db, tmdb=None, request_ids_only=[show.id])
    [(request_id, event, key)] = [m.args for m in queued(broker, "default")]
    assert (request_id, event) == (show.id, "new_episodes") and str(key).isdigit()


def test_which_moves_are_told() -> None:
    e = NotificationEvent
    assert event_for(None, S.AWAITING_APPROVAL) is e.REQUESTED
    assert event_for(None, S.AVAILABLE) is None  # already in Plex: the kiosk says so at once
    assert event_for(S.SEARCHING, S.NOT_FOUND) is e.NOT_FOUND
    assert event_for(S.COMPLETED, S.PARTIALLY_AVAILABLE, MediaType.TV) is e.AVAILABLE
    assert event_for(S.AVAILABLE, S.PARTIALLY_AVAILABLE, MediaType.TV) is None  # episodes left Plex
    assert event_for(S.SEARCHING, S.DOWNLOADING) is e.DOWNLOADING
    assert event_for(S.DOWNLOADING, S.SEARCHING) is None
