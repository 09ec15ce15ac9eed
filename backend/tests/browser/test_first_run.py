"""The first run in Debian's Chromium, in French: the parents' profile, then the house set up step by step
against the Plex, Torznab and TMDB simulators and a real qbittorrent-nox, TMDB skipped, ending on the
summary `plex-kiosk doctor` would give."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators import plex as plex_sim
from app.appliance.simulators import torznab as torznab_sim
from app.appliance.simulators.server import serve
from tests.support.kiosk_ui import check_screen
from tests.support.qbittorrent_nox import QbittorrentNox

pytestmark = pytest.mark.integration


async def _next_step(page: Page, button: str, loads: str) -> None:
    """Press `button` and wait for the next step's form to read its stored settings (typing before that
    answer lands would be replaced by it)."""
    async with page.expect_response(lambda answer: answer.url.endswith(f"/api/v1/settings/{loads}")):
        await page.get_by_role("button", name=button).click()


async def _test_and_save(page: Page, form: str, *, version: str, save: str = "Enregistrer") -> None:
    """The step's Test button answers with the service's version, then the form is saved."""
    step = page.locator(form)
    await step.get_by_role("button", name="Tester la connexion").click()
    await expect(step.get_by_role("status")).to_have_text(f"Connexion réussie — version {version}.")
    await step.get_by_role("button", name=save).click()


async def test_a_parent_sets_up_the_house_skips_tmdb_and_reads_the_summary(
    page: Page,
    kiosk_server: str,
    db: AsyncSession,
    broker: redis.Redis,
    qbt_daemon: QbittorrentNox,
    tmp_path: Path,
) -> None:
    plex = plex_sim.PlexScenario(movies=3, shows=1)
    indexers = torznab_sim.TorznabScenario(
        indexers=[torznab_sim.SimIndexer(id="ygg", name="Ygg", flavour="jackett")]
    )
    downloads, library = tmp_path / "disque" / "telechargements", tmp_path / "disque" / "films"
    with serve(plex_sim.create_app(plex)) as plex_url, serve(torznab_sim.create_app(indexers)) as torznab_url:
        await page.goto(kiosk_server)
        await expect(page.get_by_role("heading", name="Bienvenue !")).to_be_visible()
        await page.get_by_label("Prénom").fill("Claire")
        await page.locator("input[name=secret]").fill("2468")
        await page.locator("input[name=confirmation]").fill("2468")
        await page.get_by_role("button", name="Créer le profil parent").click()
        await _next_step(page, "C'est noté, continuer", "plex")

        await expect(page.get_by_role("heading", name="Préparons la maison")).to_be_visible()
        await expect(page.get_by_role("heading", name="Plex", exact=True)).to_be_visible()
        await page.get_by_label("Adresse de Plex").fill(plex_url)
        await page.get_by_label("Jeton Plex").fill(plex.token)
        await _test_and_save(page, "form.plex-form", version=plex.version)
        await _next_step(page, "Continuer", "qbittorrent")

        await expect(page.get_by_role("heading", name="qBittorrent", exact=True)).to_be_visible()
        await page.get_by_label("Adresse de l'interface web").fill(qbt_daemon.url)
        await page.get_by_label("Utilisateur").fill(qbt_daemon.username)
        await page.get_by_label("Mot de passe").fill(qbt_daemon.password)
        await _test_and_save(page, "form.qbittorrent-form", version=qbt_daemon.version)
        await _next_step(page, "Continuer", "indexers")

        await expect(page.get_by_role("heading", name="Indexeurs", exact=True)).to_be_visible()
        await page.get_by_role("button", name="Ajouter un indexeur").click()
        await page.get_by_label("Nom").fill("Ygg")
        await page.get_by_label("Type").select_option("jackett")
        await page.get_by_label("Adresse Torznab").fill(torznab_sim.jackett_url(torznab_url, "ygg"))
        await page.get_by_label("Clé d'API").fill("simkey")
        await _test_and_save(page, "form.indexer-card", version="Jackett", save="Ajouter")
        await expect(page.get_by_role("heading", name="Ygg", exact=True)).to_be_visible()
        await page.get_by_role("button", name="Continuer").click()

        await expect(page.get_by_role("heading", name="TMDB", exact=True)).to_be_visible()
        await _next_step(page, "Passer cette étape", "folders")

        await expect(page.get_by_role("heading", name="Dossiers", exact=True)).to_be_visible()
        await page.get_by_label("Dossier des téléchargements").fill(str(downloads))
        await page.get_by_label("Dossier de la bibliothèque (Movies, TV Shows)").fill(str(library))
        await page.get_by_role("button", name="Enregistrer").click()
        await expect(page.get_by_text("Réglages enregistrés.")).to_be_visible()
        await page.get_by_role("button", name="Continuer").click()

        await expect(page.get_by_role("heading", name="Le bilan")).to_be_visible()
        await expect(page.locator(".skipped-steps")).to_have_text(
            "Passé pour l'instant : TMDB. À régler plus tard dans Réglages."
        )
        services = page.locator(".service-checks li")
        await expect(services).to_have_text(
            [
                f"Plex Connexion réussie — version {plex.version}.",
                f"qBittorrent Connexion réussie — version {qbt_daemon.version}.",
                "TMDB Pas encore configuré.",
                "Indexeur Ygg Connexion réussie — version Jackett.",
            ]
        )
        folders = page.locator(".folder-checks li")
        await expect(folders.nth(0)).to_contain_text(f"accessible en écriture {downloads}")
        await expect(folders.nth(1)).to_contain_text(f"accessible en écriture {library}")
        await expect(folders.nth(2)).to_contain_text("sans prendre de place en plus")
        await check_screen(page, "first-run-summary-fr")
        assert downloads.is_dir() and library.is_dir()

        await page.get_by_role("link", name="Ouvrir le kiosque").click()
        await expect(page.get_by_role("searchbox", name="Chercher un film ou une série")).to_be_visible()
