"""Searching on the kiosk in a real browser: French titles, described posters, a detail sheet."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import check_screen, open_kiosk, poster_card, search

pytestmark = pytest.mark.integration

FELLOWSHIP = "Le Seigneur des anneaux : La Communauté de l'anneau"
TWO_TOWERS = "Le Seigneur des anneaux : Les Deux Tours"
RETURN_OF_THE_KING = "Le Seigneur des anneaux : Le Retour du roi"
# Waits for the picture (the appliance fetches it from TMDB on a first showing): true once it is drawn.
LOADED = "img => img.decode().then(() => img.naturalWidth > 0, () => false)"


async def test_search_shows_french_titles_and_describes_posters(page: Page, kiosk: Kiosk) -> None:
    await open_kiosk(page, kiosk)
    await expect(page.get_by_text("Tapez le nom d'un film ou d'une série.")).to_be_visible()
    await check_screen(page, "search-empty-fr")

    await search(page, "anneaux")

    titles = page.locator(".poster-title")
    await expect(titles).to_have_text([FELLOWSHIP, TWO_TOWERS, RETURN_OF_THE_KING])
    poster = page.get_by_role("img", name=f"Affiche de {FELLOWSHIP}")
    await expect(poster).to_be_visible()
    assert await poster.evaluate(LOADED), "the poster did not load"
    # TMDB has no poster for this one: the appliance draws its title, never a broken image.
    drawn = poster_card(page, RETURN_OF_THE_KING).get_by_role("img", name=f"Affiche de {RETURN_OF_THE_KING}")
    await expect(drawn).to_have_attribute("src", re.compile(r"^/api/v1/images/poster/none\?"))
    assert await drawn.evaluate(LOADED), "the drawn poster did not load"
    await expect(poster_card(page, RETURN_OF_THE_KING)).to_contain_text("2003")
    await check_screen(page, "search-results-fr")

    await poster_card(page, FELLOWSHIP).click()
    sheet = page.get_by_role("dialog", name=FELLOWSHIP)
    await expect(sheet.get_by_role("heading", name=FELLOWSHIP)).to_be_visible()
    await expect(sheet).to_contain_text("Un jeune hobbit hérite d'un anneau maléfique")
    await expect(sheet).to_contain_text("Titre original : The Lord of the Rings: The Fellowship of the Ring")
    await expect(sheet.get_by_role("img", name=f"Affiche de {FELLOWSHIP}")).to_be_visible()
    await expect(sheet.get_by_role("button", name="Demander")).to_be_enabled()
    await check_screen(page, "detail-sheet-film-fr")

    await sheet.get_by_role("button", name="Fermer").click()
    await expect(sheet).to_be_hidden()
    await expect(titles).to_have_count(3)


async def test_a_search_with_no_result_offers_the_other_kind(page: Page, kiosk: Kiosk) -> None:
    await open_kiosk(page, kiosk)
    await search(page, "trône de fer")

    await expect(page.get_by_text("Aucun résultat pour « trône de fer ».")).to_be_visible()
    await check_screen(page, "search-no-result-fr")
    await page.get_by_role("button", name="Chercher dans les séries").click()

    await expect(page.locator(".poster-title")).to_have_text(["Le Trône de fer"])
    await expect(page.get_by_role("button", name="Séries", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
