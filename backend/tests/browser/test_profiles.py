"""Who is at the kiosk, in a real browser: the profile picker, the PIN pad, switching profiles (a kiosk left
alone: test_idle_screen.py)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import check_screen, sign_in

pytestmark = pytest.mark.integration


async def test_the_kiosk_opens_on_the_picker_and_a_pin_lets_one_in(page: Page, kiosk: Kiosk) -> None:
    await page.goto(kiosk.url)
    await expect(page.get_by_role("heading", name="Qui regarde ?")).to_be_visible()
    await expect(page.get_by_role("link", name="Mes demandes")).to_have_count(0)
    await check_screen(page, "picker-fr", fits_screen=True)

    await page.get_by_role("button", name=re.compile(r"^Léo")).click()
    pad = page.get_by_role("group", name="Code de Léo")
    for digit in "0000":
        await pad.get_by_role("button", name=digit, exact=True).click()
    await pad.get_by_role("button", name="Valider").click()
    await expect(pad.get_by_role("alert")).to_have_text(
        "Code incorrect : encore 4 essais avant un blocage de 5 minutes."
    )
    await check_screen(page, "pin-pad-wrong-fr", fits_screen=True)

    for digit in kiosk.member.pin:
        await pad.get_by_role("button", name=digit, exact=True).click()
    await pad.get_by_role("button", name="Valider").click()
    await expect(page.locator("header")).to_contain_text("Léo")
    await expect(page.get_by_role("searchbox", name="Chercher un film ou une série")).to_be_visible()
    await expect(page.get_by_role("link", name="Parents")).to_have_count(0)  # the parents' area is theirs

    await page.get_by_role("button", name="Changer de profil").click()
    await expect(page.get_by_role("heading", name="Qui regarde ?")).to_be_visible()
    await sign_in(page, kiosk.admin)
    await expect(page.get_by_role("link", name="Parents")).to_be_visible()
    await check_screen(page, "search-empty-admin-fr")
