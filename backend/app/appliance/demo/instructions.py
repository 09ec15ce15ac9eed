"""What the demo says in the terminal, in French and English: how to try it, what each request does."""

from __future__ import annotations

from pathlib import Path

from app.appliance.demo.catalogue import SHOWCASE_TITLE
from app.appliance.demo.configure import DemoAdmin

RULE = "─" * 78

# A request's status as the family would say it (the kiosk shows the same words).
STATUS_WORDS = {
    "AWAITING_APPROVAL": "attend un parent / awaiting approval",
    "PENDING": "en attente / pending",
    "SEARCHING": "recherche / searching",
    "DOWNLOADING": "téléchargement / downloading",
    "IMPORTING": "import dans la bibliothèque / importing",
    "COMPLETED": "importé, Plex analyse / imported, Plex is scanning",
    "AVAILABLE": "disponible dans Plex / available in Plex",
    "PARTIALLY_AVAILABLE": "en partie dans Plex / partly in Plex",
    "NOT_FOUND": "introuvable pour l'instant / not found yet",
    "FAILED": "échec / failed",
    "DENIED": "refusé / denied",
    "CANCELLED": "annulé / cancelled",
    "REMOVED_FROM_PLEX": "retiré de Plex / removed from Plex",
    "AWAITING_RELEASE": "pas encore sorti / not out yet",
}


def welcome(*, url: str, admin: DemoAdmin, data_dir: Path, ui_built: bool, monitor_every_s: float) -> str:
    """The block printed once the appliance answers."""
    lines = [
        RULE,
        " Plex Kiosk — démo / demo                              Ctrl-C : arrêter / stop",
        RULE,
        f" 1. Ouvrez / Open               {url}",
        f" 2. Profil / Profile            « {admin.name} » — code PIN : {admin.pin}",
        f" 3. Cherchez / Search           « {SHOWCASE_TITLE} », puis « Demander » / then « Request »",
        " 4. Suivez la demande / Follow the request:",
        "      recherche → téléchargement → import → « Disponible »",
        "      searching → downloading → importing → « Available »",
        "",
        " Aussi / Also: Intouchables, Le Fabuleux Destin d'Amélie Poulain, la série / the show Chernobyl.",
        "   Fight Club est déjà dans Plex / is already in Plex.",
        "   Le Roi lion : seulement des versions refusées / only rejected releases (wrong year, DVDRip).",
        "",
        f" Bibliothèque / Library    {data_dir / 'library'}",
        f" Journaux / Logs           {data_dir / 'logs'}",
        "",
        " Simulés / Simulated: Plex, l'indexeur Torznab / the Torznab indexer, TMDB.",
        " Réels / Real: l'appliance, qBittorrent (qbittorrent-nox), un seeder local / a local seeder",
        " (petits fichiers générés / small generated files).",
        " Chaque seconde, la démo indique le seeder à qBittorrent, à la place d'un tracker ;",
        f" elle lance le suivi des téléchargements toutes les {monitor_every_s:g} s, pas toutes les 5 min.",
        " Every second the demo tells qBittorrent where the seeder is, standing in for a tracker;",
        f" it runs the download monitor every {monitor_every_s:g} s instead of every 5 minutes.",
    ]
    if not ui_built:
        lines += [
            "",
            " ! Interface non construite / The kiosk UI is not built: `make frontend` (or `make demo`).",
            f"   Seule l'API répond / Only the API answers: {url}docs",
        ]
    return "\n".join([*lines, RULE])


def status_line(title: str, status: str, reason: str | None) -> str:
    """One line when a request changes state."""
    words = STATUS_WORDS.get(status, status)
    return f"[démo] {title} : {words}" + (f" — {reason}" if reason else "")
