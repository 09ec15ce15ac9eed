"""Render a notification's title and body for an event, in the household's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

SUPPORTED_LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


class NotificationEvent(StrEnum):
    """What happened to a request that someone should hear about."""

    REQUESTED = "requested"
    APPROVED = "approved"
    DENIED = "denied"
    NOT_FOUND = "not_found"
    DOWNLOADING = "downloading"
    AVAILABLE = "available"
    NEW_EPISODES = "new_episodes"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    """A notification ready to send."""

    title: str
    body: str


# Plain-text messages, not HTML: autoescaping would turn "Tom & Jerry" into "Tom &amp; Jerry".
_env = Environment(
    loader=PackageLoader("app.notifications", "templates"),
    autoescape=False,  # noqa: S701
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)


_MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def when(moment: datetime, language: str) -> str:
    """A date and time as a person says it ('le 7 décembre à 15:00', 'on 7 December at 15:00'); give
    `moment` in the household's time zone."""
    month = _MONTHS[language_of(language)][moment.month - 1]
    if language_of(language) == "en":
        return f"on {moment.day} {month} at {moment:%H:%M}"
    return f"le {moment.day} {month} à {moment:%H:%M}"


_env.filters["when"] = when


def language_of(language: str | None) -> str:
    """Map a locale such as 'fr-FR' or 'en_GB' to a template language, French when unknown."""
    code = (language or "").replace("_", "-").split("-", 1)[0].lower()
    return code if code in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def render(
    event: NotificationEvent | str, context: dict[str, Any], language: str | None = None
) -> RenderedMessage:
    """Render `event` with `context` (title, year, media_type, requested_by, reason …) in `language`."""
    template = _env.get_template(f"{language_of(language)}/{NotificationEvent(event).value}.j2")
    # Each template's first line is the title; the rest, after a blank line, is the body.
    title, _, body = template.render(context).strip().partition("\n")
    return RenderedMessage(title=" ".join(title.split()), body=body.strip())
