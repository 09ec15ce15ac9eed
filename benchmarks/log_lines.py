"""What one log line costs with the appliance's set-up (secrets masked, context fields), per format.

Formats an httpx-like request line (a query string with an API key) through the root handler, with
--secrets values remembered as Settings would, into a throwaway stream, and prints microseconds per
line (best of three runs) for: the bare stdlib formatter (no redaction), the console format and the JSON
format.

Usage: uv run python benchmarks/log_lines.py [--lines 20000] [--secrets 20]
"""

from __future__ import annotations

import argparse
import io
import logging
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from app.logging_setup import (
    configure_logging,
    remember_secret,
    set_log_context,
)


def _per_line_us(log: logging.Logger, lines: int, key: str) -> float:
    start = time.perf_counter()
    for n in range(lines):
        log.info(
            'HTTP Request: GET http://127.0.0.1:9117/api?t=movie&tmdbid=%d&apikey=%s "HTTP/1.1 200 OK"',
            n,
            key,
        )
    return (time.perf_counter() - start) / lines * 1e6


def _into_buffer() -> None:
    # The handler writes to a buffer, not a terminal: the figure is the formatting, not the tty.
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(io.StringIO())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--secrets", type=int, default=20)
    args = parser.parse_args()
    key = secrets.token_hex(16)
    log = logging.getLogger("httpx")

    root = logging.getLogger()
    bare = logging.StreamHandler(io.StringIO())
    bare.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(bare)
    root.setLevel(logging.INFO)
    baseline = _per_line_us(log, args.lines, key)
    root.removeHandler(bare)

    for _ in range(args.secrets - 1):
        remember_secret(secrets.token_urlsafe(24))
    remember_secret(key)
    set_log_context(
        task_id="t", task_name="app.workers.request_worker.process_request_task", queue="requests"
    )
    figures = {"stdlib formatter, no redaction": baseline}
    for log_format in ("console", "json"):
        configure_logging("INFO", log_format)  # type: ignore[arg-type]
        _into_buffer()
        figures[f"{log_format}, {args.secrets} secrets masked"] = _per_line_us(log, args.lines, key)
    for name, micros in figures.items():
        print(f"{name:<36} {micros:7.1f} µs/line")


if __name__ == "__main__":
    main()
