"""Process-wide logging, set up the same way in every process (API, workers, Beat, Flower, CLI).

One handler on the root logger, with two jobs:
- secrets never reach a line: the values Settings holds (remembered as they are read, see
  `remember_secret`), passwords in URLs and secret-shaped query parameters are masked in the message, its
  arguments, the traceback and finally the whole formatted line;
- every line says where it comes from: the HTTP request id, the Celery task id, name and queue, and the
  media request id when one is known (`log_context`), as JSON fields in production or as a readable
  prefix on the console (the design notes' `[TASK]` prefixes).

Libraries that bring their own handlers (uvicorn, Celery, Flower's tornado) are pointed back at this one.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, Literal

from pythonjsonlogger.json import JsonFormatter

LogFormat = Literal["json", "console"]

# Short values would mask ordinary words; every key, token and password the services use is longer.
MIN_SECRET_CHARS = 6
MASK = "***"
_URL_PASSWORD = re.compile(r"(?<=://)([^:/@\s]*):[^@\s]*@")
_TOKEN_PARAM = re.compile(
    r"(?i)\b(X-Plex-Token|apikey|api_key|api-key|jackett_apikey|access_token|passkey|token|password)"
    r"=([^&\s\"'\\]+)"
)
# The scripts' API key (app/profiles/api_keys.py: "pk_" and 43 URL-safe characters): masked by its shape,
# since a process only ever sees it in a caller's header.
_API_KEY = re.compile(r"\bpk_[A-Za-z0-9_-]{20,}")
# Loggers that install their own handlers (and so would print around the redaction and the format).
_FOREIGN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "celery", "celery.task", "tornado")

_secrets: set[str] = set()
_secrets_pattern: re.Pattern[str] | None = None
_secrets_snapshot: tuple[str, ...] = ()  # what `redact` scans for, replaced whole (never mutated)
_secrets_lock = threading.Lock()
_NO_CONTEXT: Mapping[str, Any] = MappingProxyType({})
_context: ContextVar[Mapping[str, Any]] = ContextVar("plex_kiosk_log_context", default=_NO_CONTEXT)


def remember_secret(value: object) -> None:
    """Mask `value` in every line this process logs from now on (a key, token, password or URL)."""
    global _secrets_pattern, _secrets_snapshot
    if not isinstance(value, str) or value in _secrets:
        return  # the common case (a secret read again) costs one set lookup
    value = value.strip()
    if len(value) < MIN_SECRET_CHARS:
        return
    with _secrets_lock:
        if value in _secrets:
            return
        _secrets.add(value)
        # Longest first, so a URL is masked whole before the token inside it.
        alternatives = sorted(_secrets, key=len, reverse=True)
        _secrets_pattern = re.compile("|".join(re.escape(s) for s in alternatives))
        _secrets_snapshot = tuple(alternatives)


def redact_url(url: str) -> str:
    """`url` (or any text holding URLs) with passwords replaced by ***, safe to print or log."""
    return _URL_PASSWORD.sub(rf"\1:{MASK}@", url)


def redact(text: str) -> str:
    """`text` with every remembered secret, URL password and secret-shaped query parameter masked."""
    # Plain substring checks first: each is a fast C scan, while the patterns below walk the text in
    # Python's regex engine; most lines hold none of these and pay only the checks.
    pattern = _secrets_pattern
    if pattern is not None and any(secret in text for secret in _secrets_snapshot):
        text = pattern.sub(MASK, text)
    if "@" in text and "://" in text:
        text = redact_url(text)
    if "pk_" in text:
        text = _API_KEY.sub(MASK, text)
    if "=" in text:
        text = _TOKEN_PARAM.sub(rf"\1={MASK}", text)
    return text


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Add `fields` (request_id, task_id, task_name, queue, media_request_id) to every line logged inside."""
    token = _context.set({**_context.get(), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def set_log_context(**fields: Any) -> None:
    """Replace the fields of this thread's lines (a Celery task's start; `clear_log_context` at its end)."""
    _context.set({k: v for k, v in fields.items() if v is not None})


def clear_log_context() -> None:
    """Lines carry no task or request fields any more."""
    _context.set(_NO_CONTEXT)


def current_log_context() -> Mapping[str, Any]:
    """The fields lines logged here carry now."""
    return _context.get()


class RedactSecrets(logging.Filter):
    """Masks secrets in the message, its arguments and the traceback before any formatter sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record with secrets masked; never drops a record."""
        try:
            message = record.getMessage()
        except Exception:  # a malformed format string must still be logged, not raise from logging
            message = f"{record.msg!r} {record.args!r}"
        masked = redact(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class ContextFields(logging.Filter):
    """Copies the current `log_context` onto the record, so both formats can show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the context's fields (never overriding what the call passed in `extra`)."""
        for key, value in _context.get().items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


def task_tag(task_name: str) -> str:
    """The readable prefix of a task's lines: app.workers.….process_request_task → PROCESS_REQUEST."""
    short = task_name.rsplit(".", 1)[-1].removesuffix("_task")
    return short.upper()


class ConsoleFormatter(logging.Formatter):
    """`14:30:00 INFO [PROCESS_REQUEST] request 12 · app.media_requests.processing: searching…`"""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(where)s%(name)s: %(message)s", datefmt="%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        """The line, with the task's tag and the request it is about in front, secrets masked."""
        parts = []
        task_name = getattr(record, "task_name", None)
        if task_name:
            parts.append(f"[{task_tag(task_name)}]")
        elif request_id := getattr(record, "request_id", None):
            parts.append(f"[HTTP {request_id}]")
        media_request = getattr(record, "media_request_id", None)
        if media_request is not None:
            parts.append(f"request {media_request} ·")
        record.where = " ".join(parts) + (" " if parts else "")
        # The message and traceback are masked already (RedactSecrets); this format shows nothing else
        # a secret could be in.
        return super().format(record)


class JsonLineFormatter(JsonFormatter):
    """One JSON object per line: time, level, logger, message and the context's fields; secrets masked."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            json_ensure_ascii=False,
        )

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        """Mask every text value before it is serialised (an `extra` field, the traceback), so the mask
        never lands inside JSON escapes."""
        return {key: _masked(value) for key, value in super().process_log_record(log_data).items()}


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value


def _handler_is_ours(handler: logging.Handler) -> bool:
    return any(isinstance(f, RedactSecrets) for f in handler.filters)


def configure_logging(level: str | int = "INFO", log_format: LogFormat = "console") -> None:
    """Give the root logger the one handler (format, context, redaction) and route every library to it.

    Safe to call again (a worker's start after its import, a test's second app): the handler is replaced,
    never doubled.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLineFormatter() if log_format == "json" else ConsoleFormatter())
    handler.addFilter(ContextFields())
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    for old in [h for h in root.handlers if _handler_is_ours(h)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    for name in _FOREIGN_LOGGERS:
        foreign = logging.getLogger(name)
        foreign.handlers = [h for h in foreign.handlers if _handler_is_ours(h)]
        foreign.propagate = True


def remember_url_passwords(url: str) -> None:
    """Mask the passwords written inside `url` (a database or broker address) from now on."""
    for match in _URL_PASSWORD.finditer(url):
        remember_secret(match.group(0).split(":", 1)[1].rstrip("@"))
