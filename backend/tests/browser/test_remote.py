"""A TV remote drives the kiosk in a real browser: the whole request with the arrow keys, Enter and Escape.

Only key presses reach the page (the title's letters typed in the search box are the on-screen keyboard's
job on a TV); the test reads where the focus is to choose the next arrow, as a person looks at the screen.
The screen is a 1080p TV, so the 10-foot layout is the one driven.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, Page, expect

from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import check_screen, poster_card

pytestmark = pytest.mark.integration

LION_KING = "Le Roi lion"
TV = {"width": 1920, "height": 1080}
_WHERE_FOCUS_IS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom];
}"""


async def arrow_to(page: Page, target: Locator, *, most: int = 25) -> None:
    """Press the arrow pointing at `target` until it has the focus, as someone with a remote would."""
    for _ in range(most):
        if await target.evaluate("e => e === document.activeElement"):
            return
        here = await page.evaluate(_WHERE_FOCUS_IS)
        box = await target.bounding_box()
        assert box is not None, "the control to reach is not on screen"
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if here is None or y > here[3]:
            key = "ArrowDown"
        elif y < here[1]:
            key = "ArrowUp"
        else:
            key = "ArrowRight" if x > here[2] else "ArrowLeft"
        await page.keyboard.press(key)
    focused = await page.evaluate("() => document.activeElement?.outerHTML.slice(0, 200)")
    raise AssertionError(f"the arrows never reached the control; the focus is on {focused}")


async def press_on(page: Page, target: Locator) -> None:
    """Arrow to `target`, then press Enter (the remote's OK)."""
    await arrow_to(page, target)
    await page.keyboard.press("Enter")


async def ring_width(page: Page) -> float:
    """The focused control's outline width in px."""
    width = await page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    return float(str(width).removesuffix("px"))


async def test_a_remote_requests_a_film_and_finds_it_in_my_requests(page: Page, kiosk: Kiosk) -> None:
    await page.set_viewport_size(TV)
    await page.goto(f"{kiosk.url}/#/")
    await expect(page.get_by_role("heading", name="Qui regarde ?")).to_be_visible()

    # Sign in: the profile, then the PIN on the pad, all with arrows and OK.
    await press_on(page, page.get_by_role("button", name=re.compile(rf"^{re.escape(kiosk.member.name)}\b")))
    pad = page.get_by_role("group", name=re.compile(re.escape(kiosk.member.name)))
    for digit in kiosk.member.pin:
        await press_on(page, pad.get_by_role("button", name=digit, exact=True))
    await press_on(page, pad.get_by_role("button", name=re.compile(r"^(Valider|OK)$")))
    await expect(page.locator("header .viewer")).to_contain_text(kiosk.member.name)

    box = page.get_by_role("searchbox", name="Chercher un film ou une série")
    await arrow_to(page, box)
    await page.keyboard.type("roi lion")
    await page.keyboard.press("Enter")
    card = poster_card(page, LION_KING)
    await arrow_to(page, card)
    # The 10-foot layout: type and posters sized to be read from the sofa.
    assert await page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "24px"
    assert (await card.bounding_box() or {"width": 0})["width"] >= 240
    assert await ring_width(page) >= 3, "the focus ring is too thin to see from the sofa"
    await check_screen(page, "remote-poster-focused-1080p-fr")

    # The sheet takes the focus on its main action; Escape closes it and the poster has the focus again.
    await page.keyboard.press("Enter")
    sheet = page.get_by_role("dialog", name=LION_KING)
    await expect(sheet.get_by_role("button", name="Demander")).to_be_focused()
    await page.keyboard.press("ArrowUp")
    await expect(sheet.get_by_role("button", name="Fermer")).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(sheet).to_be_hidden()
    await expect(card).to_be_focused()

    await page.keyboard.press("Enter")
    await expect(sheet.get_by_role("button", name="Demander")).to_be_focused()
    await check_screen(page, "remote-detail-sheet-1080p-fr")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1, name=LION_KING)).to_be_visible()
    await expect(page.locator(".request-head")).to_contain_text("En attente")

    # The cancel question takes the focus on "keep it"; Escape keeps the request.
    await press_on(page, page.get_by_role("button", name="Annuler la demande"))
    await expect(page.get_by_role("alertdialog", name="Annuler cette demande ?")).to_be_visible()
    await expect(page.get_by_role("button", name="Non, garder")).to_be_focused()
    await check_screen(page, "remote-confirm-cancel-1080p-fr")
    await page.keyboard.press("Escape")
    await expect(page.get_by_role("alertdialog")).to_have_count(0)
    await expect(page.get_by_role("button", name="Annuler la demande")).to_be_focused()

    await press_on(page, page.get_by_role("link", name="Mes demandes").first)
    await expect(page.get_by_role("heading", level=1, name="Mes demandes")).to_be_visible()
    row = page.get_by_role("link").filter(has_text=LION_KING)
    await expect(row).to_contain_text("En attente")
    await arrow_to(page, row)
    await check_screen(page, "remote-my-requests-1080p-fr")
