"""What the server tells a family member about quotas, ratings and PINs, in the profile's language."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

Language = Literal["fr", "en"]
Kind = Literal["movie", "season"]

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}
_MONTHS = {
    "en": (
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
    ),
    "fr": (
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
    ),
}
_NOUNS = {
    ("en", "movie"): ("film", "films"),
    ("en", "season"): ("season", "seasons"),
    ("fr", "movie"): ("film", "films"),
    ("fr", "season"): ("saison", "saisons"),
}


def language(code: str | None) -> Language:
    """The profile's language, French unless it is English."""
    return "en" if (code or "").lower().startswith("en") else "fr"


def _noun(lang: Language, kind: Kind, count: int) -> str:
    singular, plural = _NOUNS[(lang, kind)]
    return singular if count == 1 else plural


def period(days: int, lang: Language) -> str:
    """The quota window in words: "this week", "ce mois-ci", "over 10 days"."""
    words = {
        "en": {1: "today", 7: "this week", 30: "this month", 31: "this month"},
        "fr": {1: "aujourd'hui", 7: "cette semaine", 30: "ce mois-ci", 31: "ce mois-ci"},
    }[lang]
    if days in words:
        return words[days]
    return f"over {days} days" if lang == "en" else f"sur {days} jours"


def moment(at: datetime, tz: str, lang: Language) -> str:
    """A date and time read at a glance: "Friday 28 November, 14:05" / "vendredi 28 novembre à 14:05"."""
    local = at.astimezone(ZoneInfo(tz))
    day = f"{_WEEKDAYS[lang][local.weekday()]} {local.day} {_MONTHS[lang][local.month - 1]}"
    clock = f"{local.hour:02d}:{local.minute:02d}"
    return f"{day}, {clock}" if lang == "en" else f"{day} à {clock}"


def quota_left(name: str, kind: Kind, remaining: int, days: int, lang: Language) -> str:
    """ "Emma can request 2 more films this week"."""
    when = period(days, lang)
    if lang == "en":
        if remaining == 0:
            return f"{name} cannot request more {_noun(lang, kind, 2)} {when}"
        return f"{name} can request {remaining} more {_noun(lang, kind, remaining)} {when}"
    if remaining == 0:
        return f"{name} ne peut plus demander de {_noun(lang, kind, 1)} {when}"
    return f"{name} peut encore demander {remaining} {_noun(lang, kind, remaining)} {when}"


def quota_refused(
    name: str,
    kind: Kind,
    *,
    limit: int,
    days: int,
    remaining: int,
    asked: int,
    next_at: datetime | None,
    tz: str,
    lang: Language,
) -> str:
    """Why a request goes over the quota, and when the next one will be possible."""
    if remaining > 0:  # some left, but fewer than asked for (seasons)
        left = quota_left(name, kind, remaining, days, lang)
        if lang == "en":
            return f"{left}; this request has {asked}. Pick fewer {_noun(lang, kind, 2)}."
        return f"{left} ; cette demande en compte {asked}. Choisissez-en moins."
    nouns = _noun(lang, kind, limit)
    if lang == "en":
        text = f"{name} has used the {limit} {nouns} allowed {period(days, lang)}"
        return (
            f"{text}; the next one can be requested on {moment(next_at, tz, lang)}."
            if next_at
            else text + "."
        )
    allowed = "autorisée" if kind == "season" else "autorisé"
    allowed += "s" if limit != 1 else ""
    text = f"{name} a déjà demandé {limit} {nouns} ({allowed}) {period(days, lang)}"
    return f"{text} ; prochaine demande possible le {moment(next_at, tz, lang)}." if next_at else text + "."


def rating_refused(name: str, certification: str, max_rating: str, lang: Language) -> str:
    """ "This title is rated R, above Emma's limit (PG-13)."."""
    if lang == "en":
        return f"This title is rated {certification}, above {name}'s limit ({max_rating})."
    return f"Ce titre est classé {certification}, au-dessus de la limite de {name} ({max_rating})."


def wrong_secret(tries_left: int, password: bool, lang: Language) -> str:
    """A wrong PIN, and how many tries remain before the lock."""
    if lang == "en":
        what = "password" if password else "PIN"
        tries = "1 try" if tries_left == 1 else f"{tries_left} tries"
        return f"Wrong {what}: {tries} left before a 5-minute lock."
    what = "Mot de passe incorrect" if password else "Code incorrect"
    tries = "1 essai" if tries_left == 1 else f"{tries_left} essais"
    return f"{what} : encore {tries} avant un blocage de 5 minutes."


def locked(until: datetime, tz: str, lang: Language) -> str:
    """Sign-in refused for a while after too many wrong PINs."""
    local = until.astimezone(ZoneInfo(tz))
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if lang == "en":
        return f"Too many wrong attempts: locked for 5 minutes. Try again at {clock}."
    return f"Trop d'essais incorrects : bloqué 5 minutes. Réessayez à {clock}."
