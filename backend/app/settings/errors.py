"""The two ways stored settings stop a step: a change refused as sent, and a service nobody set up yet."""

from __future__ import annotations


class SettingsRejected(ValueError):
    """A change that cannot be stored as sent (e.g. Plex without a token); names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotConfigured(RuntimeError):
    """An integration the step needs has not been set up; the message tells a person what to do.

    The one "not configured" error: every factory in app/settings/integrations/ raises it.
    """
