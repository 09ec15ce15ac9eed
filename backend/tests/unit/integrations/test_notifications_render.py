"""Notification texts: every event renders in French and English, in plain text."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from app.notifications import NotificationEvent, render

CONTEXT = {"title": "Tom & Jerry", "year": 2021, "media_type": "movie", "requested_by": "Léa"}


@pytest.mark.parametrize("event", list(NotificationEvent))
@pytest.mark.parametrize("language", ["fr-FR", "en-GB"])
def test_every_event_renders_in_both_languages(event: NotificationEvent, language: str) -> None:
    message = render(event, CONTEXT | {"reason": "no release"}, language)
    assert "Tom & Jerry (2021)" in message.title  # plain text: no HTML escaping
    assert message.body and "\n\n" not in message.body


def test_french_is_the_household_default_and_unknown_languages_fall_back_to_it() -> None:
    assert render("available", CONTEXT, None).title == "Disponible dans Plex : Tom & Jerry (2021)"
    assert render("available", CONTEXT, "de-DE").title == "Disponible dans Plex : Tom & Jerry (2021)"
    assert render("available", CONTEXT, "en").title == "Available in Plex: Tom & Jerry (2021)"


def test_show_request_names_the_seasons_and_waits_for_approval() -> None:
    message = render(
        "requested",
        {
            "title": "Le Trône de fer",
            "media_type": "show",
            "seasons": [1, 2],
            "requested_by": "Léa",
            "needs_approval": True,
        },
        "fr-FR",
    )
    assert message.title == "Nouvelle demande : Le Trône de fer, saisons 1, 2"
    assert message.body == (
        "Léa a demandé la série Le Trône de fer, saisons 1, 2.\n"
        "La demande attend l'accord d'un administrateur."
    )


def test_failure_gives_the_reason_and_download_the_progress() -> None:
    failed = render("failed", CONTEXT | {"reason": "aucune version trouvée"}, "fr")
    assert failed.body.endswith("Raison : aucune version trouvée")
    downloading = render("downloading", CONTEXT | {"progress": 42, "eta_minutes": 5}, "en")
    assert "Progress: 42%, about 5 min left." in downloading.body


@pytest.mark.parametrize(
    ("facts", "french", "english"),
    [
        ({"why": "search_timeout"}, "aucune copie convenable n'a été trouvée à temps", "no suitable copy"),
        ({"why": "service_failed", "service": "qBittorrent"}, "qBittorrent ne répond", "qBittorrent still"),
        ({"why": "too_many_failed_releases", "count": 3}, "3 copies n'avaient rien", "3 copies had nothing"),
    ],
)
def test_a_coded_failure_is_worded_in_each_language_not_in_the_workers_english(
    facts: dict[str, object], french: str, english: str
) -> None:
    worker_words = {"reason": "qBittorrent kept failing: connection refused"}
    assert f"Raison : {french}" in render("failed", CONTEXT | worker_words | facts, "fr").body
    in_english = render("failed", CONTEXT | worker_words | facts, "en").body
    assert f"Reason: {english}" in in_english and "kept failing" not in in_english


def test_a_missing_title_is_a_programming_error_not_a_blank_message() -> None:
    with pytest.raises(UndefinedError):
        render("available", {}, "fr")
