"""The whole way: a child's request, the parents' message sent by a real worker through the one publisher,
its approve link used from a phone without signing in, the child told; a task run again sends nothing."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import redis
from celery.result import AsyncResult
from sqlalchemy.ext.asyncio import AsyncSession

from app.celery_app import task_names
from app.celery_app.application import celery_app
from app.celery_app.publish import publish
from app.logging_setup import redact
from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus
from app.notifications import approval_links
from app.notifications.approval_links import LinkAction
from tests import factories
from tests.integration.notifications.conftest import Household
from tests.processes import celery_argv, free_port, running, wait_until
from tests.support.auth import app_client
from tests.support.broker_queue import queued

pytestmark = pytest.mark.integration

DUNE: dict[str, Any] = {"media_type": "movie", "tmdb_id": 438631, "title": "Dune", "year": 2021}
LINK = re.compile(r"(Accepter|Refuser) : http://kiosk\.test(/api/v1/approval-links\?token=\S+)")


def _notification_worker() -> list[str]:
    """A real worker on the queue the notification task is routed to, and only that one: the request's
    own processing stays queued, so the request waits where the parents left it."""
    return celery_argv(
        "worker", "-Q", "default", "--pool=solo", "--loglevel=info", "--without-mingle", "--without-gossip",
        "-n", f"notify-{free_port()}@%h",
    )  # fmt: skip


async def _status(db: AsyncSession, request_id: int) -> str:
    request = await db.get(MediaRequest, request_id, populate_existing=True)
    assert request is not None
    return request.status.value


async def test_a_parent_approves_from_the_message_and_the_child_hears_it_once(
    household: Household, db: AsyncSession, broker: redis.Redis, tmp_path: Path
) -> None:
    r = household.receiver
    async with app_client(profile=household.emma) as kiosk:
        created = (await kiosk.post("/api/v1/requests", json=DUNE)).json()
    assert created["status"] == "AWAITING_APPROVAL"
    # Published by the request domain, not sent in the HTTP request.
    assert [m.args for m in queued(broker, "default")] == [(created["id"], "requested", "")]
    assert r.received == []

    with running(_notification_worker(), log=tmp_path / "worker.log"):
        wait_until(lambda: r.titles("/parents") != [], timeout=60, what="the parents' message")
        [message] = r.messages("/parents")
        assert message.startswith("Emma a demandé le film Dune (2021).\nLa demande attend l'accord")
        links = dict(LINK.findall(message))
        assert set(links) == {"Accepter", "Refuser"}

        async with app_client() as phone:  # nobody signed in
            page = await phone.get(links["Accepter"])
            assert page.status_code == 200
            assert page.headers["content-type"].startswith("text/html")
            assert "Accepter la demande de Emma ?" in page.text and "Dune (2021)" in page.text
            assert await _status(db, created["id"]) == "AWAITING_APPROVAL"  # opening it changed nothing

            done = await phone.post(links["Accepter"])
            assert done.status_code == 200 and "Demande acceptée" in done.text
            assert await _status(db, created["id"]) == "PENDING"

            again = await phone.post(links["Accepter"])
            assert again.status_code == 410 and "Ce lien a déjà servi" in again.text
            other = await phone.get(links["Refuser"])
            assert other.status_code == 409 and "n'attend plus de réponse" in other.text

        wait_until(lambda: r.titles("/emma") != [], timeout=60, what="Emma's message")
        assert r.titles("/emma") == ["Request approved: Dune (2021)"]

        # The same notifications delivered again (a retried or redelivered task) reach nobody twice.
        repeats = []
        for event in ("requested", "approved"):
            task_id = f"repeat-{event}-{time.monotonic_ns()}"
            assert await publish(
                task_names.SEND_REQUEST_NOTIFICATION, created["id"], event, "", task_id=task_id
            )
            repeats.append(AsyncResult(task_id, app=celery_app))
        results = [result.get(timeout=60) for result in repeats]
    assert results == [{"sent": 0, "skipped": 1, "failed": [], "busy": False}] * 2
    assert (len(r.titles("/parents")), len(r.titles("/emma"))) == (1, 1)

    async with app_client(api_key=await factories.api_key(db)) as parent:
        detail = (await parent.get(f"/api/v1/requests/{created['id']}")).json()
    assert detail["timeline"][-1]["actor"] == "a parent (notification link)"


async def test_a_deny_link_takes_the_reason_the_child_reads(household: Household, db: AsyncSession) -> None:
    request = await factories.media_request(
        db,
        tmdb_id=1,
        title="Tom & Jerry <3",
        status=RequestStatus.AWAITING_APPROVAL,
        requested_by=household.emma,
    )
    link = approval_links.link_url("", approval_links.sign(request.id, LinkAction.DENY, "en"))
    async with app_client() as phone:
        page = await phone.get(link)
        assert page.status_code == 200 and "Deny Emma's request?" in page.text
        assert "Tom &amp; Jerry &lt;3" in page.text  # what a family member typed is escaped
        form = {"Content-Type": "application/x-www-form-urlencoded"}  # as the page's button sends it
        done = await phone.post(link, content="reason=Pas+ce+soir%2C+il+y+a+%C3%A9cole%1B%00", headers=form)
    assert done.status_code == 200 and "Request denied" in done.text
    denied = await db.get(MediaRequest, request.id, populate_existing=True)
    assert denied is not None and denied.status.value == "DENIED"
    assert denied.error == "Pas ce soir, il y a école"


async def test_a_deny_link_without_words_stores_none_for_the_screens_to_say_in_their_language(
    household: Household, db: AsyncSession
) -> None:
    request = await factories.media_request(
        db, **DUNE, status=RequestStatus.AWAITING_APPROVAL, requested_by=household.emma
    )
    link = approval_links.link_url("", approval_links.sign(request.id, LinkAction.DENY, "fr"))
    async with app_client() as phone:
        done = await phone.post(
            link, content="reason=", headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
    assert done.status_code == 200
    async with app_client(api_key=await factories.api_key(db)) as parent:
        detail = (await parent.get(f"/api/v1/requests/{request.id}")).json()
    # Not « Refusé par un parent » as if a parent had typed it: an English kiosk would show it in French.
    assert (detail["status"], detail["error"], detail["timeline"][-1]["details"]) == (
        "DENIED",
        None,
        {"code": "denied"},
    )


async def test_a_forged_expired_or_foreign_link_does_nothing(
    household: Household, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = await factories.media_request(
        db, **DUNE, status=RequestStatus.AWAITING_APPROVAL, requested_by=household.emma
    )
    genuine = approval_links.sign(request.id, LinkAction.APPROVE, "fr")
    with monkeypatch.context() as past:
        a_day_ago = time.time() - approval_links.VALID_FOR_S - 60
        past.setattr(time, "time", lambda: a_day_ago)
        expired = approval_links.sign(request.id, LinkAction.APPROVE, "en")
    forged = genuine[:-4] + ("AAAA" if not genuine.endswith("AAAA") else "BBBB")

    async with app_client() as phone:
        answers = {
            name: await phone.post(approval_links.link_url("", token))
            for name, token in (("expired", expired), ("forged", forged))
        }
    assert answers["expired"].status_code == 410 and "This link has expired" in answers["expired"].text
    assert answers["forged"].status_code == 404 and "Ce lien n'est pas valable" in answers["forged"].text
    assert await _status(db, request.id) == "AWAITING_APPROVAL"


def test_a_link_in_a_log_line_is_masked() -> None:
    """An access log keeps the path it served: the link's token must not survive in it."""
    token = approval_links.sign(1, LinkAction.APPROVE, "fr")
    line = f'127.0.0.1:50000 - "GET {approval_links.link_url("", token)} HTTP/1.1" 200'
    assert token not in redact(line)
