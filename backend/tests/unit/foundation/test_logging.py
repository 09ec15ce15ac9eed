"""What an operator reads in any process's log: no secret in either format, and where each line comes from."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from app.logging_setup import (
    LogFormat,
    clear_log_context,
    configure_logging,
    log_context,
    set_log_context,
)
from app.settings.secrets import remember_stored_secrets

TMDB_KEY = "tmdbkey0123456789abcdef"
INDEXER_KEY = "jackettkey9876543210"
PLEX_TOKEN = "plextokenAbCdEf123"
QBIT_PASSWORD = "qbit-pass-w0rd!"
BOT_TOKEN = "123456789:AAbbCCddEEffGGhh"
API_KEY = "pk_" + "Z" * 43


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, its handlers and level put back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)
    clear_log_context()


def _stored_settings() -> None:
    # What a worker reads from Settings before it talks to a service.
    remember_stored_secrets("tmdb", {"api_key": TMDB_KEY, "language": "fr-FR"})
    remember_stored_secrets("indexers", [{"name": "Jackett", "api_key": INDEXER_KEY, "base_url": "http://j"}])
    remember_stored_secrets("plex", {"url": "http://127.0.0.1:32400", "token": PLEX_TOKEN})
    remember_stored_secrets("qbittorrent", {"url": "http://127.0.0.1:8080", "password": QBIT_PASSWORD})
    remember_stored_secrets("notification_targets", {"3": [f"tgram://{BOT_TOKEN}/12345"]})


def _log_everything(log: logging.Logger) -> None:
    log.info('HTTP Request: GET https://api.themoviedb.org/3/search/movie?api_key=%s&query=x "200"', TMDB_KEY)
    log.info("indexer answered for %s", {"apikey": INDEXER_KEY})
    log.warning("Plex %s refused", PLEX_TOKEN)
    log.info("logging in to qBittorrent", extra={"detail": f"password={QBIT_PASSWORD}"})
    log.info("scripted call with %s", API_KEY)
    try:
        raise ConnectionError(f"tgram://{BOT_TOKEN}/12345 unreachable")
    except ConnectionError:
        log.exception("notification failed")


@pytest.mark.parametrize("log_format", ["json", "console"])
def test_no_configured_secret_reaches_a_line(
    root_logger: logging.Logger, capsys: pytest.CaptureFixture[str], log_format: LogFormat
) -> None:
    _stored_settings()
    configure_logging("INFO", log_format)
    _log_everything(logging.getLogger("app.anything"))
    output = capsys.readouterr().err
    assert "notification failed" in output and "ConnectionError" in output
    for secret in (TMDB_KEY, INDEXER_KEY, PLEX_TOKEN, QBIT_PASSWORD, BOT_TOKEN, API_KEY):
        assert secret not in output
    assert "***" in output


def test_uvicorn_and_celery_lines_go_through_the_same_handler(
    root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    _stored_settings()
    access = logging.getLogger("uvicorn.access")
    # What uvicorn's own dictConfig installs (a simulator served earlier in the run may have left a level).
    access.handlers, access.propagate, access.level, access.disabled = (
        [logging.StreamHandler()],
        False,
        0,
        False,
    )
    configure_logging("INFO", "json")
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1", "GET", f"/x?token={PLEX_TOKEN}", "1.1", 200)
    logging.getLogger("celery.app.trace").info("Task %s succeeded", "abc")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [line["logger"] for line in lines] == ["uvicorn.access", "celery.app.trace"]
    assert PLEX_TOKEN not in lines[0]["message"]


def test_json_lines_carry_the_request_and_the_task(
    root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "json")
    log = logging.getLogger("app.media_requests.processing")
    with log_context(request_id="req-1"):
        log.info("search started")
    set_log_context(
        task_id="t-42", task_name="app.workers.request_worker.process_request_task", queue="requests",
        media_request_id=7,
    )  # fmt: skip
    log.info("release picked")
    clear_log_context()
    log.info("idle")
    http, task, idle = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert http["request_id"] == "req-1" and http["message"] == "search started" and http["level"] == "INFO"
    assert (task["task_id"], task["queue"], task["media_request_id"]) == ("t-42", "requests", 7)
    assert task["task_name"].endswith("process_request_task")
    assert "task_id" not in idle and "request_id" not in idle


def test_console_lines_keep_the_readable_task_prefix(
    root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "console")
    set_log_context(
        task_id="t-1", task_name="app.workers.request_worker.process_request_task", media_request_id=12
    )
    logging.getLogger("app.x").info("Found 3 releases")
    clear_log_context()
    (line,) = capsys.readouterr().err.splitlines()
    assert "[PROCESS_REQUEST] request 12 · app.x: Found 3 releases" in line


def test_configuring_twice_leaves_one_handler(root_logger: logging.Logger) -> None:
    configure_logging("INFO", "console")
    configure_logging("DEBUG", "json")
    ours = [h for h in root_logger.handlers if h.filters]
    assert len(ours) == 1 and root_logger.level == logging.DEBUG


def test_json_lines_stay_json_when_a_secret_sits_next_to_quotes(
    root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    _stored_settings()
    configure_logging("INFO", "json")
    log = logging.getLogger("app.anything")
    log.info('fetching "http://jackett:9117/api?t=caps&apikey=%s"', "unknownkey123")
    log.info(
        "indexer setting", extra={"indexer": {"name": "Jackett", "api_key": INDEXER_KEY, "tags": [TMDB_KEY]}}
    )
    try:
        raise RuntimeError(f'refused "{PLEX_TOKEN}"')
    except RuntimeError:
        log.exception("Plex said no")
    quoted, extra, failure = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert quoted["message"] == 'fetching "http://jackett:9117/api?t=caps&apikey=***"'
    assert extra["indexer"] == {"name": "Jackett", "api_key": "***", "tags": ["***"]}
    assert PLEX_TOKEN not in failure["exc_info"] and 'refused "***"' in failure["exc_info"]
