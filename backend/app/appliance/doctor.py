"""The checks behind `plex-kiosk doctor`, each ending in a sentence a person can act on."""

from __future__ import annotations

import os
from dataclasses import dataclass

import anyio.to_thread
from sqlalchemy.exc import SQLAlchemyError

from app.config import ConfigError, get_settings
from app.db import dispose_engines, get_engine, get_sessionmaker
from app.health import check_broker, check_database
from app.migrations import current_revision, head_revision
from app.settings.folders import FolderCheck, Folders, check_folders, environment_folders, folders_in_force
from app.settings.integrations.registry import check_configured_services
from app.settings.schemas import ConnectionTest


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    message: str
    # Not a failure but worth a look (e.g. a service nobody has set up yet): shown, exit code unchanged.
    warning: bool = False


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
    database_ready = False
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
            database_ready = True
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

    data = settings.data_dir
    writable = data.is_dir() and os.access(data, os.W_OK)
    checks.append(
        Check(
            "data folder",
            writable,
            f"{data} is writable" if writable else f"{data} is missing or not writable",
        )
    )
    in_force = await folders(database_ready)
    checks += [_folder_line(line) for line in await anyio.to_thread.run_sync(check_folders, in_force)]
    checks += await service_checks(database_ready)
    return checks


FOLDER_LABELS = {"download_root": "download root", "library_root": "library root", "hardlinks": "hardlinks"}


async def folders(database_ready: bool) -> Folders:
    """The folders set in Settings over the environment's, when the database can say which."""
    if not database_ready:
        return environment_folders()
    try:
        async with get_sessionmaker()() as session:
            return await folders_in_force(session)
    except SQLAlchemyError:
        return environment_folders()
    finally:
        await dispose_engines()


def _folder_line(line: FolderCheck) -> Check:
    # Copying instead of hardlinking works, at twice the space: worth a look, not a failure.
    if line.kind == "hardlinks":
        return Check(FOLDER_LABELS[line.kind], True, line.message, warning=not line.ok)
    return Check(FOLDER_LABELS[line.kind], line.ok, line.message)


async def service_checks(database_ready: bool) -> list[Check]:
    """One line per external service set up in Settings: reachable, authenticated, version."""
    if not database_ready:
        return [
            Check("services", True, "not checked: their settings are in the database, fix it first", True)
        ]
    try:
        async with get_sessionmaker()() as session:
            results = await check_configured_services(session)
    except SQLAlchemyError as exc:
        return [Check("services", False, f"could not read their settings ({type(exc).__name__})")]
    finally:
        await dispose_engines()
    return [_service_line(result) for result in results]


def _service_line(result: ConnectionTest) -> Check:
    if not result.configured:
        return Check(result.service, True, result.message, warning=True)
    return Check(result.service, result.reachable and result.authenticated, result.message)
