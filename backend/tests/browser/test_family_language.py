"""Every word in the family's language (issue 18 item 1), in a real browser: a request that succeeds, one not
found, one that fails, one a parent says no to, and a refusal over the quota, walked by a profile in French
and then in English. The worker's moves are written as the worker writes them (a code, its facts and an
English reason, through the request service), not downloaded for real: what is checked is the words.

The English walk keeps the profile's own language French, so the server's `detail` and stored reasons
are the wrong language for the screen: only the kiosk's own words, made from the codes, can pass.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.async_api import Page, expect
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.ports import free_port
from app.db import utcnow
from app.imports.transfer_note import transfer_note
from app.media_requests import service
from app.media_requests.states import RequestStatus
from app.media_requests.timeline_words import (
    AVAILABLE,
    DOWNLOADING,
    IMPORTED,
    IMPORTING,
    NOT_FOUND,
    SEARCHING,
    said,
)
from app.profiles.models import Profile
from tests import factories
from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import open_kiosk, poster_card, search

pytestmark = pytest.mark.integration
S = RequestStatus

# What the server writes for scripts and used to put on the family's screens.
SERVER_ENGLISH = (
    "Searching the indexers",
    "Picked 1080p",
    "Nothing suitable found",
    "rejected 2",
    "Download finished",
    "In the Plex library",
    "kept failing",
    "Denied:",
    "Waiting for a parent",
    "has used the",
    "cannot request",
)
ENGLISH_WORDS = re.compile(
    r"\b(the|was|has|not|found|failed|denied|picked|rejected|release|searching|requested|waiting|seeders"
    r"|kept|again)\b",
    re.IGNORECASE,
)
FRENCH_WORDS = re.compile(
    r"\b(le|la|les|une|des|est|pas|demande|copie|essai|aucune|déjà|été|parent a|réglages)\b|[éèàç]",
    re.IGNORECASE,
)
# Titles and names come from TMDB and the family, not from the server's words.
NAMES = ("Dune", "Inception", "Tenet", "Alien", "Le Roi lion", "Léo", "Claire")

CHOSEN = {
    "resolution": "1080p",
    "source": "bluray",
    "languages": ["multi"],
    "subtitle_languages": [],
    "size_bytes": 9_100_000_000,
    "seeders": 153,
}
REJECTED = [
    {"title": "Dune.2021.CAM.x264-BAD", "code": "pre_release"},
    {"title": "Dune.1984.1080p.BluRay.x264-OLD", "code": "wrong_year"},
]


def _part(chosen: dict[str, Any] | None) -> dict[str, Any]:
    """A film's stored selection as the worker records it, English summary included."""
    head = "Picked 1080p Bluray x264 MULTI, 9.1 GB, 153 seeders" if chosen else "Nothing suitable found"
    return {
        "part": "film",
        "summary": f"{head}; rejected 2: 1 CAM, 1 wrong year",
        "chosen": chosen,
        "rejected": REJECTED,
        "rejected_count": 2,
        "rejected_by_reason": [{"code": "pre_release", "count": 1}, {"code": "wrong_year", "count": 1}],
    }


async def _move(
    db: AsyncSession,
    request_id: int,
    target: RequestStatus,
    reason: str,
    details: dict[str, Any],
    **fields: Any,
) -> None:
    """One move of the worker: the status, its English reason and its code, committed."""
    request = await service.lock_request(db, request_id)
    assert request is not None
    service.transition(db, request, target, reason=reason, details=details)
    for name, value in fields.items():
        setattr(request, name, value)
    await db.commit()


async def _requests(db: AsyncSession, kiosk: Kiosk, no: str) -> dict[str, int]:
    """The four stories, and the member over the film quota; the ids of their requests."""
    who = kiosk.member.id
    made = {}
    for key, tmdb_id, title, status in (
        ("success", 438631, "Dune", S.PENDING),
        ("not_found", 27205, "Inception", S.PENDING),
        ("failure", 577922, "Tenet", S.PENDING),
        ("denied", 348, "Alien", S.AWAITING_APPROVAL),
    ):
        made[key] = (
            await factories.media_request(db, tmdb_id=tmdb_id, title=title, status=status, requested_by=who)
        ).id
    for key in ("success", "not_found", "failure"):
        await _move(db, made[key], S.SEARCHING, "Searching the indexers", said(SEARCHING))

    success = made["success"]
    picked = "Picked 1080p Bluray x264 MULTI, 9.1 GB, 153 seeders; rejected 2: 1 CAM, 1 wrong year"
    selection = [_part(CHOSEN)]
    await _move(
        db, success, S.DOWNLOADING, picked, said(DOWNLOADING, selection=selection), selection=selection
    )
    await _move(db, success, S.IMPORTING, "Download finished; moving it into the library", said(IMPORTING))
    transfer = transfer_note([])
    imported = {"code": IMPORTED, "files": ["Movies/Dune (2021)/Dune (2021).mkv"], "transfer": transfer}
    await _move(db, success, S.COMPLETED, "Imported 1 file. Plex is scanning it", imported)
    await _move(db, success, S.AVAILABLE, "In the Plex library", said(AVAILABLE))

    nothing = [_part(None)]
    again = utcnow() + timedelta(hours=6)
    details = said(NOT_FOUND, selection=nothing, next_search_at=again.isoformat())
    reason = "Nothing suitable found; rejected 2: 1 CAM, 1 wrong year"
    await _move(
        db,
        made["not_found"],
        S.NOT_FOUND,
        reason,
        details,
        selection=nothing,
        next_search_at=again,
        error=reason,
    )

    await _move(db, made["failure"], S.DOWNLOADING, picked, said(DOWNLOADING, selection=selection))
    failed = await service.fail_request(
        db,
        request_id=made["failure"],
        reason="qBittorrent kept failing: connection refused",
        why="service_failed",
        facts={"service": "qBittorrent"},
    )
    assert failed
    await service.deny_request(db, request_id=made["denied"], actor=kiosk.admin.name, reason=no)

    await db.execute(update(Profile).where(Profile.id == who).values(movie_quota=1, movie_quota_days=7))
    await db.commit()
    return made


def _server_words(text: str) -> list[str]:
    return [sentence for sentence in SERVER_ENGLISH if sentence in text]


def _without_names(text: str, *more: str) -> str:
    for name in (*NAMES, *more):
        text = text.replace(name, " ")
    return text


async def _screen_text(page: Page, kiosk: Kiosk, request_id: int, title: str) -> str:
    await page.goto(f"{kiosk.url}/#/requests/{request_id}")
    await expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    await expect(page.locator(".timeline-event").first).to_be_visible()
    return await page.locator("body").inner_text()


async def _ask_over_quota(page: Page, label: str, ask: str, left: str) -> str:
    """Ask for one more film from the search, the sheet saying first what the quota leaves (`left`): the
    refusal's words in its message."""
    await page.get_by_role("link", name=re.compile(r"^(Chercher|Search)$")).click()
    await search(page, "roi lion", label=label)
    await poster_card(page, "Le Roi lion").click()
    sheet = page.get_by_role("dialog", name="Le Roi lion")
    await expect(sheet.locator(".allowance")).to_have_text(left)
    await sheet.get_by_role("button", name=ask).click()
    refusal = page.get_by_role("alert")
    await expect(refusal).to_be_visible()
    return await refusal.inner_text()


async def test_a_french_profile_reads_every_story_and_refusal_in_french(
    page: Page, kiosk: Kiosk, db: AsyncSession
) -> None:
    made = await _requests(db, kiosk, no="Pas avant tes devoirs")
    await open_kiosk(page, kiosk, "/requests")

    expected = {
        "success": ("Dune", "Copie choisie : 1080p"),
        "not_found": ("Inception", "Nouvel essai prévu le"),
        "failure": ("Tenet", "qBittorrent ne répondait toujours pas après plusieurs essais."),
        "denied": ("Alien", "Un parent a dit non : « Pas avant tes devoirs »"),
    }
    for key, (title, french) in expected.items():
        text = await _screen_text(page, kiosk, made[key], title)
        assert french in text, (key, text)
        assert _server_words(text) == [], (key, text)
        assert ENGLISH_WORDS.findall(_without_names(text)) == [], (key, text)

    left = "Léo ne peut plus demander de film cette semaine"
    refusal = await _ask_over_quota(page, "Chercher un film ou une série", "Demander", left)
    assert refusal.startswith(
        "Léo a déjà demandé le film autorisé cette semaine. Prochaine demande possible "
    )
    assert ENGLISH_WORDS.findall(_without_names(refusal)) == []


async def test_an_english_screen_reads_every_story_and_refusal_in_english(
    page: Page, kiosk: Kiosk, db: AsyncSession
) -> None:
    made = await _requests(db, kiosk, no="Not before your homework")
    await open_kiosk(page, kiosk, "/requests")
    await page.get_by_role("button", name="EN", exact=True).click()
    await expect(page.get_by_role("link", name="My requests")).to_be_visible()

    expected = {
        "success": ("Dune", "Copy chosen: 1080p"),
        "not_found": ("Inception", "Next try on"),
        "failure": ("Tenet", "qBittorrent still did not answer after several tries."),
        "denied": ("Alien", "A parent said no: “Not before your homework”"),
    }
    for key, (title, english) in expected.items():
        text = await _screen_text(page, kiosk, made[key], title)
        assert english in text, (key, text)
        assert FRENCH_WORDS.findall(_without_names(text)) == [], (key, text)

    left = "Léo cannot request more films this week"
    refusal = await _ask_over_quota(page, "Search for a film or a show", "Request", left)
    # The profile's language is French, so the server's detail is French: these words are the kiosk's.
    assert refusal.startswith("Léo has already requested the film allowed this week. The next one can be ")
    assert FRENCH_WORDS.findall(_without_names(refusal)) == []


async def test_a_french_parent_testing_a_stopped_service_reads_why_in_french_then_english(
    page: Page, kiosk: Kiosk
) -> None:
    """The Test button's answer is the server's code in the family's words; qBittorrent's own English (the
    exception's text) is only a technical detail under it."""
    closed = f"127.0.0.1:{free_port()}"
    # The form reads the stored settings first (typing before that answer lands would be replaced by it).
    async with page.expect_response(lambda answer: answer.url.endswith("/api/v1/settings/qbittorrent")):
        await open_kiosk(page, kiosk, "/admin/settings/qbittorrent", profile=kiosk.admin)
    await page.get_by_label("Adresse de l'interface web").fill(f"http://{closed}")
    await page.get_by_role("button", name="Tester la connexion").click()
    answer = page.get_by_role("status")
    await expect(answer.locator("strong")).to_have_text(
        f"qBittorrent est injoignable à l'adresse {closed} : vérifiez qu'il est démarré et que l'adresse "
        "est la bonne."
    )
    await expect(answer.locator(".test-detail")).to_contain_text("Détail technique : unreachable:")

    await page.get_by_role("button", name="EN", exact=True).click()
    await page.get_by_role("button", name="Test the connection").click()
    await expect(answer.locator("strong")).to_have_text(
        f"qBittorrent cannot be reached at {closed}: check that it is running and that the address is right."
    )
    sentence = await answer.locator("strong").inner_text()
    assert FRENCH_WORDS.findall(_without_names(sentence, "qBittorrent")) == []
