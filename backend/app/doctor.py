"""The checks behind `plex-kiosk doctor`, each ending in a sentence a person can act on."""

from __future__ import annotations

import os
from dataclasses import dataclass

import anyio.to_thread

from app.config import ConfigError, get_settings
from app.db import dispose_engines, get_engine
from app.health import check_broker, check_database
from app.migrations import current_revision, head_revision


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    message: str


async def run_checks() -> list[Check]:
    """Every check, in the order a person would fix them."""
    settings = get_settings()
    checks: list[Check] = []
    try:
        settings.resolved_secret_key()
        checks.append(
            Check("configuration", True, f"{settings.mode.value} mode, time zone {settings.timezone}")
        )
    except ConfigError as exc:
        checks.append(Check("configuration", False, str(exc)))

    database = await check_database()
    if not database["ok"]:
        checks.append(
            Check("database", False, f"cannot reach {database['url']} ({database['error']}); is it running?")
        )
    else:
        current, head = await current_revision(get_engine()), head_revision()
        if current != head:
            checks.append(
                Check(
                    "database",
                    False,
                    f"{database['url']} is at migration {current}, expected {head}: run `plex-kiosk migrate`",
                )
            )
        else:
            checks.append(
                Check("database", True, f"{database['url']} reachable, migrations up to date ({head})")
            )
    await dispose_engines()

    broker = await anyio.to_thread.run_sync(check_broker)
    if broker["ok"]:
        checks.append(Check("broker", True, f"{broker['url']} reachable"))
    else:
        checks.append(
            Check("broker", False, f"cannot reach {broker['url']} ({broker['error']}); is it running?")
        )

    for label, path in (
        ("data folder", settings.data_dir),
        ("download root", settings.download_root),
        ("library root", settings.library_root),
    ):
        assert path is not None
        writable = path.is_dir() and os.access(path, os.W_OK)
        checks.append(
            Check(
                label, writable, f"{path} is writable" if writable else f"{path} is missing or not writable"
            )
        )
    return checks
