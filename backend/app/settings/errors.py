"""The error a settings change raises when it is well-formed but unusable."""

from __future__ import annotations


class SettingsRejected(ValueError):
    """A change that cannot be stored as sent (e.g. Plex without a token); names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
