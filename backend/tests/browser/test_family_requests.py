"""A parent's list of the whole family's requests in a real browser, in French: who asked, quick filters
with their counts, and approving from the list."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.states import RequestStatus
from tests import factories
from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import check_screen, open_kiosk

pytestmark = pytest.mark.integration
S = RequestStatus


async def test_a_parent_sees_the_family_requests_filters_them_and_approves_one(
    page: Page, kiosk: Kiosk, db: AsyncSession
) -> None:
    leo, claire = kiosk.member.id, kiosk.admin.id
    made = [
        (8587, "Le Roi lion", 1994, S.AWAITING_APPROVAL, leo, None),
        (438631, "Dune", 2021, S.FAILED, leo, "Aucune copie avec l'audio français"),
        (194, "Amélie", 2001, S.AVAILABLE, claire, None),
    ]
    for tmdb_id, title, year, status, who, error in made:
        await factories.media_request(
            db, tmdb_id=tmdb_id, title=title, year=year, status=status, requested_by=who, error=error
        )

    await open_kiosk(page, kiosk, "/admin", profile=kiosk.admin)
    await expect(page.get_by_role("heading", level=1, name="Toutes les demandes")).to_be_visible()
    rows = page.locator(".family-row")
    await expect(rows).to_have_count(3)
    await expect(rows.filter(has_text="Dune")).to_contain_text("demandé par Léo")
    await expect(rows.filter(has_text="Dune")).to_contain_text("Aucune copie avec l'audio français")
    await expect(rows.filter(has_text="Amélie")).to_contain_text("demandé par Claire")
    filters = page.get_by_role("group", name="Filtres rapides")
    await expect(filters.get_by_role("button", name="Un parent doit répondre 1")).to_be_visible()
    await expect(filters.get_by_role("button", name="Problèmes 1")).to_be_visible()
    await check_screen(page, "family-requests-fr")

    await filters.get_by_role("button", name="Un parent doit répondre 1").click()
    await expect(rows).to_have_count(1)
    await rows.get_by_role("button", name="Valider").click()
    await expect(page.get_by_role("status").filter(has_text="« Le Roi lion » est validé")).to_be_visible()
    await expect(page.get_by_text("Aucune demande n'attend de réponse.")).to_be_visible()
    await expect(filters.get_by_role("button", name="En cours 1")).to_be_visible()
    await check_screen(page, "family-requests-needs-parent-empty-fr")
