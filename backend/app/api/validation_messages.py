"""The words of a 422: what is wrong with each field, in the caller's language (French unless English).

The language is the signed-in profile's (noted on the request by app.api.access), else the one the client
asks for in Accept-Language (the kiosk always sends the household's), else English, the language of the
API's other messages to scripts.
Pydantic's own messages are English only; the kinds of error a person can actually cause from the kiosk or
a script are worded here, anything else keeps pydantic's message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request

from app.input_types import CONTROL_CHARACTER_ERROR
from app.profiles.messages import Language, language

# Where app.api.access notes the signed-in profile's language on the request.
LANGUAGE_STATE = "viewer_language"

_MESSAGES: dict[str, dict[Language, str]] = {
    CONTROL_CHARACTER_ERROR: {
        "en": "must not contain a control character (found U+{code})",
        "fr": "ne doit pas contenir de caractère de contrôle (U+{code} trouvé)",
    },
    "missing": {"en": "is required", "fr": "est obligatoire"},
    "extra_forbidden": {"en": "is not a field this call takes", "fr": "n'est pas un champ attendu ici"},
    "greater_than": {"en": "must be greater than {gt}", "fr": "doit être supérieur à {gt}"},
    "greater_than_equal": {"en": "must be at least {ge}", "fr": "doit valoir au moins {ge}"},
    "less_than": {"en": "must be less than {lt}", "fr": "doit être inférieur à {lt}"},
    "less_than_equal": {"en": "must be at most {le}", "fr": "doit valoir au plus {le}"},
    "int_parsing": {"en": "must be a whole number", "fr": "doit être un nombre entier"},
    "int_type": {"en": "must be a whole number", "fr": "doit être un nombre entier"},
    "int_from_float": {"en": "must be a whole number", "fr": "doit être un nombre entier"},
    "float_parsing": {"en": "must be a number", "fr": "doit être un nombre"},
    "bool_parsing": {"en": "must be true or false", "fr": "doit valoir true ou false"},
    "string_type": {"en": "must be text", "fr": "doit être du texte"},
    "string_too_short": {
        "en": "must be at least {min_length} character(s) long",
        "fr": "doit compter au moins {min_length} caractère(s)",
    },
    "string_too_long": {
        "en": "must be at most {max_length} character(s) long",
        "fr": "doit compter au plus {max_length} caractère(s)",
    },
    "too_short": {
        "en": "must hold at least {min_length} item(s)",
        "fr": "doit contenir au moins {min_length} élément(s)",
    },
    "too_long": {
        "en": "must hold at most {max_length} item(s)",
        "fr": "doit contenir au plus {max_length} élément(s)",
    },
    "string_pattern_mismatch": {"en": "is not in the expected form", "fr": "n'a pas la forme attendue"},
    "enum": {"en": "must be one of {expected}", "fr": "doit être l'une de ces valeurs : {expected}"},
    "literal_error": {"en": "must be one of {expected}", "fr": "doit être l'une de ces valeurs : {expected}"},
    "json_invalid": {"en": "is not valid JSON", "fr": "n'est pas du JSON valide"},
}
_INVALID = {"en": "Invalid request", "fr": "Requête invalide"}
_FIELD_SEPARATOR = {"en": ": ", "fr": " : "}


def caller_language(request: Request) -> Language:
    """The language to answer `request` in: the profile's, else Accept-Language's first, else English."""
    noted = getattr(request.state, LANGUAGE_STATE, None)
    if noted:
        return language(noted)
    asked = request.headers.get("accept-language", "")
    return language(asked.split(",")[0].strip()) if asked else "en"


def readable(error: Mapping[str, Any], lang: Language) -> str:
    """One pydantic error in words; the code's own value errors keep their message."""
    worded = _MESSAGES.get(str(error.get("type", "")))
    if worded is not None:
        try:
            return worded[lang].format(**(error.get("ctx") or {}))
        except (KeyError, IndexError):
            pass  # a context this wording does not expect: pydantic's message below
    return str(error.get("msg", "invalid value")).removeprefix("Value error, ")


def summary(fields: list[dict[str, str]], lang: Language) -> str:
    """The 422's `detail`: "Requête invalide — title : …; year : …"."""
    sep = _FIELD_SEPARATOR[lang]
    return f"{_INVALID[lang]} — " + "; ".join(f"{e['field']}{sep}{e['message']}" for e in fields)
