"""Picking what to ask for of a show on a touch screen: counts and air dates on screen, single episodes."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.models import MediaRequest
from tests import factories
from tests.support.accessibility import add_axe, blocking_violations
from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import check_screen, open_kiosk, poster_card, search

pytestmark = pytest.mark.integration

THRONES = "Le Trône de fer"
NIGHT_SHIFT = 93405
KIOSK = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


async def test_a_member_asks_for_single_episodes_beside_a_whole_season(page: Page, kiosk: Kiosk) -> None:
    await open_kiosk(page, kiosk)
    await page.get_by_role("button", name="Séries", exact=True).click()
    await search(page, "trône")
    await poster_card(page, THRONES).click()
    sheet = page.get_by_role("dialog", name=THRONES)
    picker = sheet.get_by_role("group", name="Saisons")
    # Everything a finger needs is written on the screen: nothing waits for a hover.
    await expect(sheet.get_by_text("7 épisodes · Diffusion : 17 juillet 2017")).to_be_visible()
    assert await sheet.locator("[title]").count() == 0

    await picker.get_by_role("button", name="Toute la série").click()
    await picker.get_by_role("button", name="Saison 1", exact=True).click()
    await picker.get_by_role("button", name="Choisir des épisodes de Saison 7").click()
    episodes = sheet.get_by_role("group", name="Épisodes de Saison 7")
    await expect(episodes.get_by_role("button")).to_have_count(7)
    await episodes.get_by_role("button", name="Épisode 1, 17 juillet 2017").click()
    await episodes.get_by_role("button", name="Épisode 3, 17 juillet 2017").click()
    await expect(sheet.get_by_text("7 épisodes · Diffusion : 17 juillet 2017 · 2 sur 7")).to_be_visible()
    await expect(picker.get_by_role("button", name="Saison 7", exact=True)).to_have_attribute(
        "aria-pressed", "mixed"
    )
    await check_screen(page, "show-picker-episodes-fr")
    await page.set_viewport_size(PHONE)  # the same picker on a phone: nothing wider than the screen
    await check_screen(page, "show-picker-episodes-phone-fr")
    await page.set_viewport_size(KIOSK)
    await sheet.get_by_role("button", name="Demander").click()

    await expect(page.get_by_role("heading", level=1, name=THRONES)).to_be_visible()
    await page.get_by_role("link", name="Mes demandes").first.click()
    row = page.get_by_role("link").filter(has_text=THRONES)
    await expect(row).to_contain_text("Saison 1")
    await expect(row).to_contain_text("Saison 7 : épisodes 1, 3")
    await expect(row.locator("progress")).to_have_count(1)  # searching: a moving bar
    await check_screen(page, "my-requests-episodes-fr")
    await page.set_viewport_size(PHONE)
    await check_screen(page, "my-requests-episodes-phone-fr")


async def test_a_member_sees_what_plex_has_and_asks_for_the_rest_without_what_airs_later(
    page: Page, kiosk: Kiosk, db: AsyncSession
) -> None:
    # Plex has all of season 1 and the first two episodes of season 7.
    await factories.library_item(db, "got", "Game of Thrones", item_type="show", tmdb_id=1399)
    for season, episode in [*((1, n) for n in range(1, 11)), (7, 1), (7, 2)]:
        await factories.library_item(
            db, f"got{season}x{episode}", f"S{season}E{episode}", item_type="episode",
            grandparent_rating_key="got", season_number=season, episode_number=episode,
        )  # fmt: skip
    await add_axe(page)
    await open_kiosk(page, kiosk)
    await page.get_by_role("button", name="Séries", exact=True).click()
    await search(page, "trône")
    await poster_card(page, THRONES).click()
    sheet = page.get_by_role("dialog", name=THRONES)
    picker = sheet.get_by_role("group", name="Saisons")
    await expect(
        sheet.get_by_text("10 épisodes · Diffusion : 18 avril 2011 · déjà dans Plex")
    ).to_be_visible()
    await expect(picker.get_by_role("button", name="Saison 1", exact=True)).to_be_disabled()
    await picker.get_by_role("button", name="Choisir des épisodes de Saison 7").click()
    episodes = sheet.get_by_role("group", name="Épisodes de Saison 7")
    had = episodes.get_by_role("button", name="Épisode 1, 17 juillet 2017, déjà dans Plex")
    await expect(had).to_be_disabled()
    await expect(had).to_have_attribute("aria-pressed", "false")
    await expect(episodes.get_by_role("button", name="Épisode 3, 17 juillet 2017")).to_have_attribute(
        "aria-pressed", "true"
    )

    follow = sheet.get_by_role("group", name="Et ce qui sortira ensuite ?")
    everything = follow.get_by_role("button", name="Tout, et chaque nouvel épisode")
    await expect(everything).to_have_attribute("aria-pressed", "true")
    # The TV remote reaches it with its arrows and picks it with Enter, like a tap.
    only_picked = follow.get_by_role("button", name="Seulement ce que j'ai choisi")
    await everything.focus()
    await page.keyboard.press("ArrowRight")
    await expect(only_picked).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(only_picked).to_have_attribute("aria-pressed", "true")
    await expect(everything).to_have_attribute("aria-pressed", "false")
    await check_screen(page, "show-picker-in-plex-fr")
    violations = await blocking_violations(page)
    assert violations == [], "\n".join(violations)
    await sheet.get_by_role("button", name="Demander").click()

    await expect(page.get_by_role("heading", level=1, name=THRONES)).to_be_visible()
    await expect(page.get_by_test_id("follow-asked")).to_have_text(
        "Seulement ce qui a été choisi : les saisons qui sortiront plus tard ne sont pas ajoutées."
    )
    stored = (await db.scalars(select(MediaRequest).where(MediaRequest.tmdb_id == 1399))).one()
    # Nothing Plex has is asked for again.
    assert stored.follow == "asked"
    assert stored.requested_episodes == {"7": [3, 4, 5, 6, 7]}
    assert stored.requested_seasons is not None and 2 in stored.requested_seasons
    assert not {1, 7} & set(stored.requested_seasons)


async def test_a_member_follows_a_show_still_airing_that_plex_has_all_of(
    page: Page, kiosk: Kiosk, db: AsyncSession
) -> None:
    # A show on the air whose three episodes out so far are all in Plex.
    kiosk.tmdb.shows[NIGHT_SHIFT] = {
        "id": NIGHT_SHIFT, "name": "Veilleurs de nuit", "original_name": "Veilleurs de nuit",
        "original_language": "fr", "first_air_date": "2026-11-19", "status": "Returning Series",
        "in_production": True, "overview": "Une ronde de nuit.", "poster_path": None, "genres": [],
        "seasons": [{"air_date": "2026-11-19", "episode_count": 3, "id": 1, "name": "Saison 1",
                     "season_number": 1}],
    }  # fmt: skip
    await factories.library_item(db, "vdn", "Veilleurs de nuit", item_type="show", tmdb_id=NIGHT_SHIFT)
    for episode in (1, 2, 3):
        await factories.library_item(
            db, f"vdn1x{episode}", f"S1E{episode}", item_type="episode",
            grandparent_rating_key="vdn", season_number=1, episode_number=episode,
        )  # fmt: skip
    await open_kiosk(page, kiosk)
    await page.get_by_role("button", name="Séries", exact=True).click()
    await search(page, "veilleurs")
    await poster_card(page, "Veilleurs de nuit").click()
    sheet = page.get_by_role("dialog", name="Veilleurs de nuit")

    await expect(sheet.get_by_text("Ce titre est déjà dans Plex : bon visionnage !")).to_be_visible()
    follow = sheet.get_by_role("button", name="Suivre les nouveaux épisodes")
    await expect(follow).to_be_enabled()
    # The TV remote picks it with Enter, like a tap.
    await follow.focus()
    await page.keyboard.press("Enter")

    await expect(page.get_by_test_id("followed")).to_have_text(
        "Série suivie : chaque nouvel épisode arrive le lendemain de sa diffusion."
    )
    stored = (await db.scalars(select(MediaRequest).where(MediaRequest.tmdb_id == NIGHT_SHIFT))).one()
    # Nothing is searched now: the daily pass fetches what airs next.
    assert (stored.status.value, stored.followed, stored.celery_task_id) == ("AVAILABLE", True, None)
