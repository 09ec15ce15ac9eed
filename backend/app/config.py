"""Deployment settings, read once from the environment (and an optional .env file).

What a person edits in the UI (service URLs, paths, schedules) lives in the database instead
(see app/settings/). Embedded mode runs everything on SQLite with no server to install; production
mode expects PostgreSQL and Redis URLs and refuses to start on a default secret.
"""

from __future__ import annotations

import os
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.logging_setup import configure_logging, remember_secret, remember_url_passwords

# Values that ship in examples and compose files; a production deployment must never run on them.
KNOWN_DEFAULT_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev", "please-change-this-secret"})
MIN_SECRET_LENGTH = 32
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


def default_data_dir() -> Path:
    """`data/` at the top of a source checkout (backend/ and the top level agree), else the user data dir."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "alembic").is_dir():
        return checkout / "data"
    return Path.home() / ".local" / "share" / "plex-kiosk"


class Mode(StrEnum):
    """Embedded: one machine, SQLite, no servers. Production: PostgreSQL, Redis, one process per role."""

    EMBEDDED = "embedded"
    PRODUCTION = "production"


class ConfigError(RuntimeError):
    """The deployment settings are unusable; the message says what to change."""


class Settings(BaseSettings):
    """Everything a process needs to know about its deployment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    mode: Mode = Field(default=Mode.EMBEDDED, validation_alias="PLEX_KIOSK_MODE")
    data_dir: Path = Field(default_factory=default_data_dir, validation_alias="DATA_DIR")
    download_root: Path | None = Field(default=None, validation_alias="DOWNLOAD_ROOT")
    library_root: Path | None = Field(default=None, validation_alias="LIBRARY_ROOT")

    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    celery_broker_url: str | None = Field(default=None, validation_alias="CELERY_BROKER_URL")
    celery_result_backend: str | None = Field(default=None, validation_alias="CELERY_RESULT_BACKEND")

    timezone: str = Field(default="Europe/Paris", validation_alias="TZ")
    secret_key: SecretStr | None = Field(default=None, validation_alias="SECRET_KEY")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://127.0.0.1:8000", "http://localhost:8000", "http://localhost:5173"],
        validation_alias="CORS_ORIGINS",
    )
    api_host: str = Field(default="127.0.0.1", validation_alias="API_HOST")
    api_port: int = Field(default=8000, validation_alias="API_PORT")
    frontend_dist: Path | None = Field(default=None, validation_alias="FRONTEND_DIST")

    flower_user: str = Field(default="admin", validation_alias="FLOWER_USER")
    flower_password: SecretStr | None = Field(default=None, validation_alias="FLOWER_PASSWORD")
    # Where parents open Flower from the jobs page (e.g. http://kiosk.local:5555); no link when unset.
    flower_url: str | None = Field(default=None, validation_alias="FLOWER_URL")

    # A kiosk session ends after this much inactivity (sliding); the screen goes back to the profile picker.
    session_idle_minutes: float = Field(
        default=2.0, gt=0, le=7 * 24 * 60, validation_alias="SESSION_IDLE_MINUTES"
    )
    # The API's own cap on a request body (Nginx has one too); JSON bodies here are a few kilobytes.
    max_request_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, validation_alias="MAX_REQUEST_BODY_BYTES"
    )

    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    # json: one object per line for a log collector; console: readable lines. Unset: json in production.
    log_format: Literal["json", "console"] | None = Field(default=None, validation_alias="LOG_FORMAT")
    # How long a published task may wait for a broker before the API gives up and lets the reconciler retry.
    broker_publish_timeout_s: float = Field(default=2.0, validation_alias="BROKER_PUBLISH_TIMEOUT")
    # Nightly database backups (plex-kiosk backup), sealed with SECRET_KEY; the newest BACKUP_KEEP stay.
    backup_dir: Path | None = Field(default=None, validation_alias="BACKUP_DIR")
    backup_keep: int = Field(default=7, ge=1, le=365, validation_alias="BACKUP_KEEP")
    # Decision 0008: a worker renews the leases of the steps it runs every heartbeat; a lease not renewed
    # for STEP_LEASE_S belonged to a dead worker, and its step is queued again (within lease + heartbeat).
    worker_heartbeat_s: float = Field(default=15.0, gt=0, validation_alias="WORKER_HEARTBEAT_S")
    step_lease_s: float = Field(default=60.0, gt=0, validation_alias="STEP_LEASE_S")
    # How long a queued task may wait before the reconciler calls its message lost: PENDING requests, and
    # SEARCHING/IMPORTING ones with no running step (longer than the 20-minute retry backoff).
    queued_grace_s: float = Field(default=600.0, gt=0, validation_alias="QUEUED_TASK_GRACE_S")
    waiting_step_grace_s: float = Field(default=1800.0, gt=0, validation_alias="WAITING_STEP_GRACE_S")
    # Plex usually lists a film it was asked to scan within seconds: the first look after an import.
    confirm_after_s: float = Field(default=5.0, ge=0, validation_alias="PLEX_CONFIRM_AFTER_S")
    # Posters and backdrops kept on disk (DATA_DIR/images); past this size the least recently shown go.
    image_cache_mb: int = Field(default=200, ge=1, le=100_000, validation_alias="IMAGE_CACHE_MB")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _no_wildcard(cls, value: list[str]) -> list[str]:
        if "*" in value:
            raise ValueError("CORS_ORIGINS must list origins; '*' would let any web page drive the kiosk")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (expected a name like Europe/Paris)") from exc
        return value

    @model_validator(mode="after")
    def _fill_embedded_defaults(self) -> Settings:
        self.data_dir = self.data_dir.expanduser().resolve()
        if self.download_root is None:
            self.download_root = self.data_dir / "downloads"
        if self.library_root is None:
            self.library_root = self.data_dir / "library"
        if self.mode is Mode.PRODUCTION:
            missing = [
                name
                for name, value in (
                    ("DATABASE_URL", self.database_url),
                    ("CELERY_BROKER_URL", self.celery_broker_url),
                    ("CELERY_RESULT_BACKEND", self.celery_result_backend),
                )
                if not value
            ]
            if missing:
                raise ValueError(f"production mode needs {', '.join(missing)}")
            return self
        self.database_url = self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'plex-kiosk.sqlite3'}"
        self.celery_broker_url = (
            self.celery_broker_url or f"sqla+sqlite:///{self.data_dir / 'broker.sqlite3'}"
        )
        self.celery_result_backend = (
            self.celery_result_backend or f"db+sqlite:///{self.data_dir / 'task-results.sqlite3'}"
        )
        return self

    @property
    def db_url(self) -> str:
        """The async SQLAlchemy URL (always set after validation)."""
        assert self.database_url is not None
        return self.database_url

    @property
    def broker_url(self) -> str:
        """The Celery broker URL (always set after validation)."""
        assert self.celery_broker_url is not None
        return self.celery_broker_url

    @property
    def result_backend(self) -> str:
        """The Celery result backend URL (always set after validation)."""
        assert self.celery_result_backend is not None
        return self.celery_result_backend

    @property
    def effective_log_format(self) -> Literal["json", "console"]:
        """LOG_FORMAT, else JSON in production and readable lines on the embedded appliance."""
        if self.log_format is not None:
            return self.log_format
        return "json" if self.mode is Mode.PRODUCTION else "console"

    def resolved_secret_key(self) -> str:
        """The signing secret: refused if default in production, generated and kept on disk when embedded."""
        given = self.secret_key.get_secret_value() if self.secret_key else ""
        if self.mode is Mode.PRODUCTION:
            if given.strip().lower() in KNOWN_DEFAULT_SECRETS or len(given) < MIN_SECRET_LENGTH:
                raise ConfigError(
                    f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_LENGTH} characters in "
                    "production (for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
                )
            remember_secret(given)
            return given
        key = given or _embedded_secret(self.data_dir)
        remember_secret(key)  # never in a log line, whichever process signs with it
        return key

    def ensure_dirs(self) -> None:
        """Create the data, download and library roots if they do not exist."""
        for path in (self.data_dir, self.download_root, self.library_root):
            assert path is not None
            path.mkdir(parents=True, exist_ok=True)


# Once per process and folder: every signed-in call verifies its cookie with this secret.
@lru_cache(maxsize=8)
def _embedded_secret(data_dir: Path) -> str:
    path = data_dir / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting together must agree on one secret, not each write their own.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()


def configure_from_settings(settings: Settings | None = None, level: str | int | None = None) -> None:
    """Set up logging with the deployment's level and format, after remembering its own secrets."""
    settings = settings or get_settings()
    for secret in (settings.secret_key, settings.flower_password):
        if secret is not None:
            remember_secret(secret.get_secret_value())
    for url in (settings.database_url, settings.celery_broker_url, settings.celery_result_backend):
        remember_url_passwords(url or "")
    configure_logging(level or settings.log_level, settings.effective_log_format)
