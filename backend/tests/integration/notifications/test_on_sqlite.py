"""On the embedded appliance's SQLite database, a notification is sent without holding its one write
lock while apprise talks to the network: the family can still make requests meanwhile."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.states import RequestStatus
from app.notifications.request_events import send_request_notification
from app.profiles.models import Role
from app.settings.integrations.notifications import (
    NotificationSettingsIn,
    TargetIn,
    save_notification_settings,
)
from tests import factories
from tests.support.notification_receiver import Receiver

pytestmark = pytest.mark.integration


async def test_the_database_takes_writes_while_a_message_is_being_delivered(
    sqlite_db: AsyncSession, receiver: Receiver
) -> None:
    await factories.profile(sqlite_db, "Emma", Role.CHILD)
    await save_notification_settings(
        sqlite_db, NotificationSettingsIn(admin_targets=[TargetIn(url=receiver.url("parents"))])
    )
    request = await factories.media_request(sqlite_db, title="Up", status=RequestStatus.AWAITING_APPROVAL)
    await sqlite_db.commit()
    database = Path(str(sqlite_db.get_bind().engine.url.database))
    writes: list[str] = []

    def write_meanwhile() -> None:
        # Another process's write, with no patience: it fails at once if the sender holds the lock.
        with sqlite3.connect(database, timeout=0) as other:
            other.execute(
                "UPDATE media_requests SET title = 'Up (written meanwhile)' WHERE id = ?", (request.id,)
            )
        writes.append("written")

    receiver.while_receiving(write_meanwhile)
    outcome = await send_request_notification(sqlite_db, request_id=request.id, event="requested")

    assert (outcome.sent, outcome.failed, writes) == (1, [], ["written"])
    assert receiver.titles("/parents") == ["Nouvelle demande : Up"]
    again = await send_request_notification(sqlite_db, request_id=request.id, event="requested")
    assert (again.sent, again.skipped) == (0, 1)
