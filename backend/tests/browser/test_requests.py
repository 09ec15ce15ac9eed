"""Asking for a film and following it in a real browser: my requests, the request's story, cancelling."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import check_screen, open_kiosk, poster_card, search

pytestmark = pytest.mark.integration

LION_KING = "Le Roi lion"


async def test_request_a_film_follow_it_and_cancel_it(page: Page, kiosk: Kiosk) -> None:
    await open_kiosk(page, kiosk)
    await search(page, "roi lion")
    await poster_card(page, LION_KING).click()
    await page.get_by_role("dialog", name=LION_KING).get_by_role("button", name="Demander").click()

    await expect(page.get_by_role("status").filter(has_text="Demande envoyée !")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"#/requests/\d+$"))
    await expect(page.get_by_role("heading", level=1, name=LION_KING)).to_be_visible()
    head = page.locator(".request-head")
    await expect(head).to_contain_text("En attente")
    story = page.get_by_role("list").filter(has_text="La demande est enregistrée et attend son tour.")
    await expect(story).to_be_visible()
    await check_screen(page, "request-page-pending-fr")

    await page.get_by_role("link", name="Mes demandes").first.click()
    await expect(page.get_by_role("heading", level=1, name="Mes demandes")).to_be_visible()
    row = page.get_by_role("link").filter(has_text=LION_KING)
    await expect(row).to_contain_text("En attente")
    await expect(row).to_contain_text("1994")
    await check_screen(page, "my-requests-fr")

    # Searching again shows the film as asked for, with a way to its request.
    await page.get_by_role("link", name="Chercher").click()
    await expect(poster_card(page, LION_KING)).to_contain_text("En attente")
    await poster_card(page, LION_KING).click()
    sheet = page.get_by_role("dialog", name=LION_KING)
    await expect(sheet).to_contain_text("Déjà demandé")
    await check_screen(page, "detail-sheet-already-requested-fr")
    await sheet.get_by_role("link", name="Voir la demande").click()

    await page.get_by_role("button", name="Annuler la demande").click()
    await expect(page.get_by_text("Annuler cette demande ?")).to_be_visible()
    await check_screen(page, "request-page-confirm-cancel-fr")
    await page.get_by_role("button", name="Oui, annuler").click()

    await expect(page.get_by_role("status").filter(has_text="La demande est annulée.")).to_be_visible()
    await expect(head).to_contain_text("Annulée")
    await expect(page.get_by_text("La demande a été annulée.")).to_be_visible()
    await expect(page.get_by_role("button", name="Annuler la demande")).to_have_count(0)
    await check_screen(page, "request-page-cancelled-fr")

    await page.get_by_role("link", name="Mes demandes").first.click()
    await expect(row).to_contain_text("Annulée")
    # Four quick filters with their counts; nothing is in progress once the only request is cancelled.
    filters = page.get_by_role("group", name="Filtrer mes demandes").get_by_role("button")
    await expect(filters).to_have_text(["En cours 0", "Prêts 0", "À valider 0", "Problèmes 0"])
    await filters.first.click()
    await expect(page.get_by_text("Aucune demande ici pour l'instant.")).to_be_visible()


@pytest.mark.parametrize("browser_locale", ["en-US"])
async def test_in_english_request_one_season_of_a_show(page: Page, kiosk: Kiosk) -> None:
    await open_kiosk(page, kiosk)
    await page.get_by_role("button", name="EN", exact=True).click()
    await expect(page.get_by_role("link", name="My requests")).to_be_visible()
    await page.reload()  # the choice is remembered on this screen
    await expect(page.locator("html")).to_have_attribute("lang", "en")

    await page.get_by_role("button", name="Shows", exact=True).click()
    await search(page, "thrones", label="Search for a film or a show")
    await poster_card(page, "Le Trône de fer").click()
    sheet = page.get_by_role("dialog", name="Le Trône de fer")
    seasons = sheet.get_by_role("group", name="Seasons")
    # "The whole show" and seasons 1 to 8 (no specials), each with its count and air date on screen.
    await expect(seasons.locator(".chip")).to_have_count(9)
    await expect(sheet.get_by_text("10 episodes · Air date: April 18, 2011")).to_be_visible()
    await check_screen(page, "detail-sheet-show-en")

    await seasons.get_by_role("button", name="The whole show").click()
    await expect(sheet.get_by_text("Pick at least one season or episode.")).to_be_visible()
    await expect(sheet.get_by_role("button", name="Request")).to_be_disabled()
    await seasons.get_by_role("button", name="Saison 2", exact=True).click()
    await sheet.get_by_role("button", name="Request").click()

    await expect(page.get_by_role("heading", level=1, name="Le Trône de fer")).to_be_visible()
    await expect(page.locator(".request-head")).to_contain_text("Season 2")
    await expect(page.get_by_text("The request is saved and waiting for its turn.")).to_be_visible()
    await check_screen(page, "request-page-show-en")

    await page.get_by_role("link", name="My requests").first.click()
    await expect(page.get_by_role("link").filter(has_text="Le Trône de fer")).to_contain_text("Season 2")
    await check_screen(page, "my-requests-en")
