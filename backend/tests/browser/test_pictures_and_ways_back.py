"""Issue 18 items 4 and 7 in a real browser, in French: a child who types a parents' address is told it is
for parents (and gets back), and every poster shows as a picture, TMDB's image host down or the
appliance's images unreachable."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, Route, expect

from tests.support.kiosk_app import Kiosk, KioskProfile
from tests.support.kiosk_ui import check_screen, open_kiosk, poster_card, search

pytestmark = pytest.mark.integration

FELLOWSHIP = "Le Seigneur des anneaux : La Communauté de l'anneau"
# Every <img> on the page has loaded a real picture: no broken-image icon anywhere.
ALL_PICTURES_LOADED = "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"


async def _child(kiosk: Kiosk) -> KioskProfile:
    """Lucie, a child with a PIN."""
    async with httpx.AsyncClient(base_url=f"{kiosk.url}/api/v1", timeout=10) as api:
        made = await api.post(
            "/profiles",
            json={"name": "Lucie", "role": "child", "secret": {"kind": "pin", "value": "8642"}},
            headers={"X-Api-Key": kiosk.api_key},
        )
    assert made.status_code == 201, made.text
    return KioskProfile(id=made.json()["id"], name="Lucie", pin="8642")


async def test_a_child_typing_a_parents_address_is_told_in_french_and_gets_back(
    page: Page, kiosk: Kiosk
) -> None:
    refused: list[str] = []
    page.on("response", lambda r: refused.append(r.url) if r.status in (401, 403) else None)
    await open_kiosk(page, kiosk, "/admin/settings/plex", profile=await _child(kiosk))

    await expect(page.get_by_role("heading", name="Réservé aux parents")).to_be_visible()
    await expect(page.get_by_text("Cette page est pour les parents.")).to_be_visible()
    assert refused == [], f"the server refused the child: {refused}"
    await check_screen(page, "parents-only-fr")

    await page.get_by_role("link", name="Retour à la recherche").click()
    await expect(page.get_by_role("searchbox", name="Chercher un film ou une série")).to_be_visible()


async def test_posters_show_with_tmdb_images_down_and_with_the_appliance_unreachable(
    page: Page, kiosk: Kiosk
) -> None:
    kiosk.tmdb.movies[990001] = {
        "id": 990001,
        "title": "Zorglub contre-attaque",
        "release_date": "2024-05-01",
        "poster_path": "/zorglubNeverCached990001.jpg",
    }
    kiosk.tmdb.images_down = True
    await open_kiosk(page, kiosk)
    await search(page, "zorglub")

    # TMDB's image host is down: the appliance draws the title, and the kiosk shows that picture.
    poster = page.get_by_role("img", name="Affiche de Zorglub contre-attaque")
    await expect(poster).to_be_visible()
    await expect(poster).to_have_attribute(
        "src", "/api/v1/images/poster/zorglubNeverCached990001.jpg?title=Zorglub+contre-attaque"
    )
    await page.wait_for_function(ALL_PICTURES_LOADED)
    kind = await poster.evaluate("img => fetch(img.src).then(r => r.headers.get('content-type'))")
    assert kind == "image/svg+xml"
    await check_screen(page, "poster-drawn-tmdb-down-fr")

    # The appliance's images cannot be reached at all: the kiosk draws the titles itself.
    async def unreachable(route: Route) -> None:
        await route.abort("connectionrefused")

    await page.route("**/api/v1/images/**", unreachable)
    await search(page, "anneaux")
    drawn = poster_card(page, FELLOWSHIP).get_by_test_id("drawn-picture")
    await expect(drawn).to_have_text(FELLOWSHIP)
    await expect(
        poster_card(page, FELLOWSHIP).get_by_role("img", name=f"Affiche de {FELLOWSHIP}")
    ).to_be_visible()
    await expect(page.get_by_test_id("drawn-picture")).to_have_count(3)
    assert await page.evaluate(ALL_PICTURES_LOADED), "a broken image is on screen"
    await check_screen(page, "posters-drawn-offline-fr")
