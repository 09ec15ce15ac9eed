"""Deployment settings: embedded defaults, production refusals, no wildcard CORS."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.config import ConfigError, Mode, Settings

PRODUCTION = {
    "PLEX_KIOSK_MODE": "production",
    "DATABASE_URL": "postgresql+asyncpg://kiosk@db/kiosk",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "CELERY_RESULT_BACKEND": "redis://redis:6379/1",
}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in (
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CELERY_RESULT_BACKEND",
        "SECRET_KEY",
        "PLEX_KIOSK_MODE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_embedded_defaults_need_no_server(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = Settings()
    data = tmp_path / "data"
    assert settings.mode is Mode.EMBEDDED
    assert settings.db_url == f"sqlite+aiosqlite:///{data / 'plex-kiosk.sqlite3'}"
    assert settings.broker_url.startswith("sqla+sqlite:///")
    assert settings.result_backend.startswith("db+sqlite:///")
    assert settings.timezone == "Europe/Paris"
    assert settings.download_root == data / "downloads"
    assert settings.library_root == data / "library"


def test_embedded_secret_is_generated_once_and_private(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    first = Settings().resolved_secret_key()
    second = Settings().resolved_secret_key()
    assert first == second
    assert len(first) >= 32
    key_file = tmp_path / "data" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("secret", [None, "change-me", "short-but-custom"])
def test_production_refuses_a_default_or_weak_secret(env: pytest.MonkeyPatch, secret: str | None) -> None:
    for name, value in PRODUCTION.items():
        env.setenv(name, value)
    if secret is not None:
        env.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        Settings().resolved_secret_key()


def test_production_accepts_a_real_secret(env: pytest.MonkeyPatch) -> None:
    for name, value in PRODUCTION.items():
        env.setenv(name, value)
    env.setenv("SECRET_KEY", "k" * 48)
    assert Settings().resolved_secret_key() == "k" * 48


def test_production_names_the_missing_urls(env: pytest.MonkeyPatch) -> None:
    env.setenv("PLEX_KIOSK_MODE", "production")
    env.setenv("DATABASE_URL", PRODUCTION["DATABASE_URL"])
    with pytest.raises(ValidationError, match="CELERY_BROKER_URL, CELERY_RESULT_BACKEND"):
        Settings()


def test_cors_is_an_allowlist(env: pytest.MonkeyPatch) -> None:
    env.setenv("CORS_ORIGINS", "https://kiosk.home, http://tablet.local:8080")
    assert Settings().cors_origins == ["https://kiosk.home", "http://tablet.local:8080"]
    env.setenv("CORS_ORIGINS", "*")
    with pytest.raises(ValidationError, match="must list origins"):
        Settings()


def test_unknown_time_zone_is_refused(env: pytest.MonkeyPatch) -> None:
    env.setenv("TZ", "Paris/France")
    with pytest.raises(ValidationError, match="unknown time zone"):
        Settings()
