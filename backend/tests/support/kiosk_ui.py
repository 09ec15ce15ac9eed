"""Steps a person takes on the kiosk, written once for the browser and end-to-end tests.

They find things the way a person does (roles, names, visible text) in the language the kiosk shows.
"""

from __future__ import annotations

import re

from playwright.async_api import Locator, Page, expect

from tests.support.browser import layout_problems, save_screenshot
from tests.support.kiosk_app import Kiosk, KioskProfile

# The picker's texts in either language: whichever the screen was left in.
_PICKER_TITLE = re.compile(r"^(Qui regarde \?|Who's watching\?)$")
_PIN_OK = re.compile(r"^(Valider|OK)$")


async def sign_in(page: Page, profile: KioskProfile) -> None:
    """On the profile picker: tap `profile`, then its PIN on the pad, and wait for the kiosk to open."""
    await expect(page.get_by_role("heading", name=_PICKER_TITLE)).to_be_visible()
    await page.get_by_role("button", name=re.compile(rf"^{re.escape(profile.name)}\b")).click()
    pad = page.get_by_role("group", name=re.compile(re.escape(profile.name)))
    for digit in profile.pin:
        await pad.get_by_role("button", name=digit, exact=True).click()
    await pad.get_by_role("button", name=_PIN_OK).click()
    await expect(page.locator("header .viewer")).to_contain_text(profile.name)


async def open_kiosk(
    page: Page, kiosk: Kiosk, path: str = "/", *, profile: KioskProfile | None = None
) -> None:
    """Open the kiosk at `path` (a hash route, "/requests") signed in as `profile` (default: the member)."""
    await page.goto(f"{kiosk.url}/#{path}")
    await sign_in(page, profile or kiosk.member)


async def search(page: Page, words: str, *, label: str = "Chercher un film ou une série") -> None:
    """Type `words` in the search box (named `label` in the current language) and send the search."""
    box = page.get_by_role("searchbox", name=label)
    await box.fill(words)
    await box.press("Enter")


def poster_card(page: Page, title: str) -> Locator:
    """The search result showing `title`."""
    return page.locator(".poster-card").filter(has=page.get_by_text(title, exact=True))


async def check_screen(page: Page, name: str, *, fits_screen: bool = False) -> None:
    """Keep a 1280x800 picture of the screen as `name`, then fail on anything hard to use on it."""
    await page.wait_for_load_state("networkidle")
    await save_screenshot(page, name)
    problems = await layout_problems(page, fits_screen=fits_screen)
    assert not problems, f"screen {name!r}:\n" + "\n".join(problems)
