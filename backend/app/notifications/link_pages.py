"""The small HTML pages behind the approve and deny links, in the language of the message they came in."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from app.notifications.templates import language_of

# HTML, so everything a family member typed (a title, a name, a reason) is escaped.
_env = Environment(
    loader=PackageLoader("app.notifications", "templates"),
    autoescape=select_autoescape(["html.j2"], default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

# How a request that no longer waits for a parent stands, in words.
_STATUS_TEXT = {
    "fr": {
        "DENIED": "elle a été refusée",
        "CANCELLED": "elle a été annulée",
        "AVAILABLE": "elle est déjà disponible dans Plex",
    },
    "en": {
        "DENIED": "it was denied",
        "CANCELLED": "it was cancelled",
        "AVAILABLE": "it is already available in Plex",
    },
}
_ACCEPTED = {"fr": "elle a été acceptée", "en": "it was approved"}


def status_text(status: str | None, language: str) -> str:
    """Where a request that no longer waits stands."""
    language = language_of(language)
    return _STATUS_TEXT[language].get(status or "", _ACCEPTED[language])


def render_page(language: str, **values: Any) -> str:
    """The page for `values` (outcome, action, title, year, requested_by, status) in `language`."""
    language = language_of(language)
    context = {"title": None, "year": None, "requested_by": None, "action": None, "status": None, **values}
    context["status_text"] = status_text(context["status"], language)
    return _env.get_template(f"pages/{language}.html.j2").render(lang=language, **context)
