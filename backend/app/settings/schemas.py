"""What every integration's Settings API models share: checked URL, folder and secret fields, and the
answer of a "Test" button.

Each integration's own models (PlexSettingsIn, PlexSettingsOut, …) are in its module under
app/settings/integrations/. Secrets are typed `str | None` on the way in (see app/settings/secrets.py for
"set", "" and None) and `SecretState` on the way out, so a response model cannot carry a secret even by
mistake.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.input_types import Text


def _http_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// address, e.g. http://192.168.1.10:32400")
    if parts.username or parts.password:
        raise ValueError("must not hold a user name or password: use the fields for them")
    return value.rstrip("/")


def _absolute_path(value: str) -> str:
    value = value.strip()
    if not (value.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", value) or value.startswith("\\\\")):
        raise ValueError("must be an absolute folder path, e.g. /data/downloads")
    return value


HttpUrl = Annotated[Text, Field(min_length=1, max_length=500), AfterValidator(_http_url)]
FolderPath = Annotated[Text, Field(min_length=1, max_length=1000), AfterValidator(_absolute_path)]
SecretIn = Annotated[Annotated[Text, Field(max_length=500)] | None, Field(default=None)]


class SettingsIn(BaseModel):
    """A body an admin sends: unknown fields are refused, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ConnectionTest(BaseModel):
    """What a "Test" button found: reachable, credentials accepted, the version, or why not."""

    service: str
    configured: bool
    reachable: bool
    authenticated: bool
    version: str | None = None
    # How it went, as a code the kiosk words in the family's language (probe.py: ok, not_set_up, no_answer,
    # service_failed, service_refused, service_error, unexpected) with its facts (service, address, status,
    # version, seconds); `message` is the English line (doctor, logs), shown only as a technical detail.
    code: str
    params: dict[str, str | int] = {}
    message: str
