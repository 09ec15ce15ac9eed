"""The demo empties only its own folder, and points every process at it whatever the environment says."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.appliance.demo.workspace import MARKER, NotADemoFolder, fresh_folder, pin_environment
from app.config import get_settings


def test_a_new_folder_is_made_and_marked(tmp_path: Path) -> None:
    folder = fresh_folder(tmp_path / "data-demo")
    assert (folder / MARKER).is_file()


def test_a_previous_demo_is_emptied(tmp_path: Path) -> None:
    folder = fresh_folder(tmp_path / "data-demo")
    (folder / "library").mkdir()
    (folder / "library" / "old.mkv").write_bytes(b"x")
    assert sorted(p.name for p in fresh_folder(folder).iterdir()) == [MARKER]


def test_a_folder_the_demo_did_not_make_is_left_alone(tmp_path: Path) -> None:
    household = tmp_path / "data"
    household.mkdir()
    (household / "plex-kiosk.sqlite3").write_bytes(b"the family's requests")
    with pytest.raises(NotADemoFolder, match="not made by `plex-kiosk demo`"):
        fresh_folder(household)
    assert (household / "plex-kiosk.sqlite3").read_bytes() == b"the family's requests"


def test_an_empty_folder_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert (fresh_folder(tmp_path / "empty") / MARKER).is_file()


@pytest.fixture
def restored_environment() -> Iterator[None]:
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)
    get_settings.cache_clear()


@pytest.mark.usefixtures("restored_environment")
def test_the_environment_points_at_the_demo_folder_in_embedded_mode(tmp_path: Path) -> None:
    os.environ["DATABASE_URL"] = "postgresql+asyncpg://household@db/plexkiosk"
    os.environ["CELERY_BROKER_URL"] = "redis://household:6379/0"
    pin_environment(tmp_path, port=8123)
    settings = get_settings()
    assert settings.db_url == f"sqlite+aiosqlite:///{tmp_path / 'plex-kiosk.sqlite3'}"
    assert settings.broker_url == f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    assert (settings.data_dir, settings.library_root, settings.download_root) == (
        tmp_path,
        tmp_path / "library",
        tmp_path / "downloads",
    )
    assert (settings.api_host, settings.api_port) == ("127.0.0.1", 8123)
