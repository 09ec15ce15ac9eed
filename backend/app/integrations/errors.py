"""The three kinds of failure every adapter translates its library's errors into.

Tasks retry only `TransientError`; `AuthError` asks a person to fix the settings; `PermanentError`
fails the work with the reason. Messages are written for a person and never contain a secret.
"""

from __future__ import annotations


class IntegrationError(Exception):
    """Base of every error an adapter raises; `service` names the external system."""

    kind = "permanent"

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.message = message

    @property
    def why(self) -> str:
        """Its code in the family's words (decision 0024): service_failed (worth retrying: unreachable, a
        5xx), service_refused (credentials refused) or service_error (it answered, unusable)."""
        return {"transient": "service_failed", "auth": "service_refused"}.get(self.kind, "service_error")


class TransientError(IntegrationError):
    """Worth retrying later: timeouts, connection refused, 5xx, 429."""

    kind = "transient"

    def __init__(self, service: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(service, message)
        self.retry_after = retry_after


class AuthError(IntegrationError):
    """Credentials refused: retrying will not help until a person fixes the settings."""

    kind = "auth"


class PermanentError(IntegrationError):
    """The request itself is wrong or the answer unusable: fail with the reason."""

    kind = "permanent"
