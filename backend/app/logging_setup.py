"""Process-wide logging: one format, and a filter that keeps secrets out of every line."""

from __future__ import annotations

import logging
import re

_URL_PASSWORD = re.compile(r"(?<=://)([^:/@\s]*):[^@\s]*@")
_TOKEN_PARAM = re.compile(r"(?i)\b(X-Plex-Token|apikey|api_key|token|password)=([^&\s]+)")


def redact_url(url: str) -> str:
    """`url` (or any text holding URLs) with passwords replaced by ***, safe to print or log."""
    return _URL_PASSWORD.sub(r"\1:***@", url)


class RedactSecrets(logging.Filter):
    """Masks passwords in URLs and token-like query parameters in the final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with secrets masked; never drops a record."""
        message = record.getMessage()
        masked = _TOKEN_PARAM.sub(r"\1=***", redact_url(message))
        if masked != message:
            record.msg, record.args = masked, None
        return True


def configure_logging(level: str = "INFO") -> None:
    """Set the root logger's level and format once, with the secret filter on every handler."""
    root = logging.getLogger()
    if not any(isinstance(f, RedactSecrets) for h in root.handlers for f in h.filters):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactSecrets())
        root.addHandler(handler)
    root.setLevel(level.upper())
