"""The family's journey, end to end in a real browser: tap "Demander" → the film is in Plex → "Disponible".

Everything is real but Plex, TMDB and the indexer (simulators speaking their HTTP APIs): the kiosk UI in
Chromium, the API process, a Celery worker on Redis, qbittorrent-nox downloading from a loopback swarm.
The download monitor is run by the test between polls instead of waiting for Beat's 300 s.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
import redis
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.config import get_settings
from app.media_requests.service import get_request
from app.media_requests.states import RequestStatus
from app.workers.download_monitor_worker import _monitor as run_monitor_job
from tests.processes import running, worker_argv
from tests.support.kiosk_app import Kiosk
from tests.support.kiosk_ui import open_kiosk, poster_card, search
from tests.support.pipeline import Pipeline, PlexServer, content_files, introduce, offer

pytestmark = pytest.mark.integration

LION_KING = "Le Roi lion"


@pytest.fixture
def kiosk_server_env() -> dict[str, str]:
    """A download takes longer than the kiosk's two idle minutes on a loaded test machine."""
    return {"SESSION_IDLE_MINUTES": "30"}


async def test_a_film_requested_on_the_kiosk_becomes_available_in_plex(
    page: Page,
    kiosk: Kiosk,
    db: AsyncSession,
    broker: redis.Redis,
    pipeline: Pipeline,
    plex: PlexServer,
    seeders: Swarm,
    tmp_path: Path,
) -> None:
    release = "Le.Roi.Lion.1994.MULTi.1080p.BluRay.x264-FRENCHGRP"
    seeded = seeders.seed(release, {f"{release}.mkv": 1_500_000})
    offer(pipeline.scenario, seeded, release, tmdb=8587, seeders=80)
    plex.scenario.scans.agent_matches[f"{LION_KING} (1994)"] = {"tmdb": "8587"}

    with running(worker_argv(), log=tmp_path / "worker.log"):
        await open_kiosk(page, kiosk)
        await search(page, "roi lion")
        await poster_card(page, LION_KING).click()
        await page.get_by_role("dialog", name=LION_KING).get_by_role("button", name="Demander").click()
        await expect(page).to_have_url(re.compile(r"#/requests/\d+$"))
        request_id = int(page.url.rsplit("/", 1)[1])

        for _ in range(360):  # what Beat's 300 s job does (monitor, then reconcile), run between polls
            await introduce(pipeline.qbit, seeders)
            await run_monitor_job()
            db.expire_all()
            if (await get_request(db, request_id)).status is RequestStatus.AVAILABLE:
                break
            await asyncio.sleep(0.5)

        head = page.locator(".request-head")
        await expect(head).to_contain_text("Disponible", timeout=15_000)  # the page refreshes by itself
    await expect(page.get_by_text("Disponible dans Plex. Bon visionnage !")).to_be_visible()
    await expect(page.get_by_text("Le téléchargement a commencé.")).to_be_visible()
    why = page.get_by_test_id("release-choice")
    await expect(why).to_contain_text("La copie choisie : 1080p Blu-ray, français + VO")
    await expect(why).not_to_contain_text("Picked")
    timeline = page.locator(".timeline")
    await expect(timeline).to_contain_text("Copie choisie : 1080p Blu-ray, français + VO")
    await _no_english_reason(page, db, request_id)
    library = get_settings().library_root
    assert library is not None
    assert f"Movies/{LION_KING} (1994)/{LION_KING} (1994).mkv" in content_files(library)
    assert str(library / f"Movies/{LION_KING} (1994)") in {path for _, path in plex.scenario.refreshes}


async def test_a_film_with_no_good_copy_says_so_in_french_and_when_it_is_searched_again(
    page: Page, kiosk: Kiosk, db: AsyncSession, broker: redis.Redis, pipeline: Pipeline, tmp_path: Path
) -> None:
    offer(pipeline.scenario, None, "Le.Roi.Lion.1994.MULTi.CAM.x264-BAD", tmdb=8587, seeders=80)

    with running(worker_argv(), log=tmp_path / "worker.log"):
        await open_kiosk(page, kiosk)
        await search(page, "roi lion")
        await poster_card(page, LION_KING).click()
        await page.get_by_role("dialog", name=LION_KING).get_by_role("button", name="Demander").click()
        await expect(page).to_have_url(re.compile(r"#/requests/\d+$"))
        request_id = int(page.url.rsplit("/", 1)[1])
        await expect(page.locator(".request-head")).to_contain_text("Introuvable", timeout=60_000)

    timeline = page.locator(".timeline")
    await expect(timeline).to_contain_text("Rien trouvé pour l'instant ; on réessaiera plus tard.")
    await expect(timeline).to_contain_text("Nouvel essai prévu le")
    await page.get_by_text("1 copie écartée").click()  # the set-aside copies open on a tap
    await expect(page.get_by_test_id("release-choice")).to_contain_text(
        "1 : copie filmée au cinéma ou avant la sortie"
    )
    await _no_english_reason(page, db, request_id)


async def _no_english_reason(page: Page, db: AsyncSession, request_id: int) -> None:
    """None of the English sentences the worker wrote (timeline, error) reaches the French screen."""
    db.expire_all()
    request = await get_request(db, request_id, with_events=True)
    shown = await page.locator(".request-page").inner_text()
    english = [event.reason for event in request.events if event.reason] + [request.error or ""]
    assert request.events and not [sentence for sentence in english if sentence and sentence in shown]
