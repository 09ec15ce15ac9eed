"""The parents' control room in a real browser, in French: a request steered by hand (every copy found,
why some were set aside, taking one after a yes) and the background jobs page (run one now)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.server import serve
from app.appliance.simulators.torznab import SimIndexer, SimItem, TorznabScenario, create_app, prowlarr_url
from app.media_requests.states import RequestStatus
from app.settings.service import put_setting
from tests import factories
from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import check_screen, open_kiosk

pytestmark = pytest.mark.integration


@pytest.fixture
def indexer() -> Iterator[str]:
    """A Torznab indexer with three copies of Inception: a French 1080p, an English 720p and a CAM."""
    items = [
        SimItem(
            title="Inception.2010.MULTi.1080p.BluRay.x264-FRG", size=9_100_000_000, seeders=153, tmdb=27205
        ),
        SimItem(title="Inception.2010.720p.WEB-DL.x264-ENG", size=3_200_000_000, seeders=40, tmdb=27205),
        SimItem(title="Inception.2010.CAM.x264-BAD", size=1_400_000_000, seeders=900, tmdb=27205),
    ]
    scenario = TorznabScenario(indexers=[SimIndexer(id="1", name="Tracker", flavour="prowlarr", items=items)])
    with serve(create_app(scenario)) as base_url:
        yield prowlarr_url(base_url, "1")


async def test_a_parent_sees_every_copy_in_words_and_takes_a_set_aside_one_after_a_yes(
    page: Page, kiosk: Kiosk, db: AsyncSession, indexer: str
) -> None:
    await put_setting(db, "indexers", [{"name": "Tracker", "base_url": indexer, "api_key": "simkey"}])
    await db.commit()
    request = await factories.media_request(
        db,
        tmdb_id=27205,
        title="Inception",
        year=2010,
        status=RequestStatus.NOT_FOUND,
        requested_by=kiosk.member.id,
    )

    await open_kiosk(page, kiosk, f"/requests/{request.id}", profile=kiosk.admin)
    panel = page.get_by_role("region", name="Pour les parents")
    await panel.get_by_role("button", name="Chercher sur les indexeurs").click()
    copies = panel.locator(".candidate")
    await expect(copies).to_have_count(3)
    await expect(copies.first).to_contain_text("1080p · Blu-ray · MULTI · 9,1 Go · 153 sources · Tracker")
    cam = copies.filter(has_text="Inception.2010.CAM.x264-BAD")
    await expect(cam).to_contain_text("copie filmée au cinéma ou avant la sortie")
    await check_screen(page, "request-steering-fr")

    await cam.get_by_role("button", name="Prendre celle-ci").click()
    await expect(cam).to_contain_text("La prendre quand même ?")
    await cam.get_by_role("button", name="Oui, la prendre quand même").click()
    await expect(
        page.get_by_role("status").filter(has_text="cette copie va être téléchargée")
    ).to_be_visible()
    # The timeline says it in French (the server's English reason is only a fallback for scripts).
    await expect(page.locator(".timeline-event").last).to_contain_text(
        "Un parent a choisi une autre copie : Inception.2010.CAM.x264-BAD"
    )


async def test_the_jobs_page_says_when_each_job_runs_and_runs_one_now(page: Page, kiosk: Kiosk) -> None:
    await open_kiosk(page, kiosk, "/admin/jobs", profile=kiosk.admin)

    await expect(page.get_by_role("heading", level=1, name="Tâches de fond")).to_be_visible()
    monitor = page.locator("[data-job=monitor-downloads]")
    await expect(monitor).to_contain_text("Suivi des téléchargements")
    await expect(monitor.locator(".job-when")).to_have_text("Toutes les 5 minutes")
    await expect(monitor.locator(".job-last")).to_have_text("Jamais lancée")
    await expect(page.locator("[data-job=plex-sync-daily-full] .job-when")).to_have_text(
        "Tous les jours à 03:00"
    )
    await check_screen(page, "jobs-fr")

    await monitor.get_by_role("button", name="Lancer maintenant").click()
    await expect(
        page.get_by_role("status").filter(has_text="« Suivi des téléchargements » est lancé")
    ).to_be_visible()
    await expect(monitor.locator(".job-last")).to_contain_text("En attente")
    await expect(monitor.locator(".job-last")).to_contain_text("par Claire")
