"""Issue 18 item 3 in Debian's Chromium: the kiosk left alone signs out and shows what Plex added lately
and what is on its way, with nothing personal; a key or a tap brings the profile picker.

The page's clock is Playwright's: the two idle minutes pass at once, no test sleeps them.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.media_requests.states import RequestStatus
from tests import factories
from tests.support.downloads import download_seen
from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import check_screen, open_kiosk

pytestmark = pytest.mark.integration

LION_KING = "Le Roi lion"
TWO_TOWERS = "Le Seigneur des anneaux : Les Deux Tours"
IDLE_TIME = "02:05"  # the kiosk's two minutes, and a little
PICKER = "Qui regarde ?"
EVERY_PICTURE_LOADED = "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"


async def test_left_alone_the_kiosk_shows_what_is_new_and_coming_then_the_picker(
    page: Page, kiosk: Kiosk, db: AsyncSession
) -> None:
    await factories.library_item(db, title=LION_KING, year=1994, tmdb_id=8587, added_at=utcnow())
    coming = await factories.media_request(
        db, tmdb_id=121, title=TWO_TOWERS, status=RequestStatus.DOWNLOADING, requested_by=kiosk.member.id
    )
    await download_seen(db, coming.id, progress=0.42, eta_seconds=2 * 3600)
    await factories.media_request(
        db, tmdb_id=194, title="Amélie", status=RequestStatus.AWAITING_APPROVAL, requested_by=kiosk.member.id
    )
    await page.clock.install()
    await open_kiosk(page, kiosk, "/requests")  # Léo, signed in, looking at his requests

    await page.clock.fast_forward(IDLE_TIME)
    idle = page.get_by_test_id("idle-screen")
    await expect(idle.get_by_role("heading", name="Quoi de neuf ?")).to_be_visible()
    poster = idle.get_by_role("img", name=LION_KING)
    await expect(poster).to_be_visible()
    await expect(poster).to_have_attribute("src", re.compile(r"^/api/v1/images/movie/8587/poster"))
    await page.wait_for_function(EVERY_PICTURE_LOADED)  # no broken image
    on_its_way = idle.locator(".coming").filter(has_text=TWO_TOWERS)
    await expect(on_its_way.get_by_role("progressbar")).to_have_attribute("value", "0.42")
    await expect(on_its_way.locator(".coming-when")).to_have_text(
        re.compile(r"^Prêt .+ vers \d{1,2} h( \d\d)?$")
    )
    await expect(idle).not_to_contain_text("Léo")  # nor who asked
    await expect(idle).not_to_contain_text("Amélie")  # waiting for a parent: nobody else's business
    await check_screen(page, "idle-screen-fr", fits_screen=True)

    await page.keyboard.press("Enter")  # the remote's OK: wakes the kiosk, chooses nobody
    await expect(page.get_by_role("heading", name=PICKER)).to_be_visible()
    await expect(page.get_by_role("group", name=re.compile("^Code de"))).to_have_count(0)
    await expect(page.locator("header")).not_to_contain_text("Léo")  # signed out

    await page.clock.fast_forward(IDLE_TIME)  # the picker left alone too
    await expect(idle).to_be_visible()
    await idle.click()
    await expect(page.get_by_role("heading", name=PICKER)).to_be_visible()
