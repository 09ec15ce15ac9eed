"""Every command in docs/ is run by a test (issue 20): this file reads them all from the pages, fails on one
that no test covers, runs here those no other test runs, and names the test that runs the others.

Commands are the lines of the pages' shell blocks (fenced ```bash, or indented four spaces), continuation
lines joined and trailing comments dropped. No Docker engine runs on these machines: a `docker-compose` line
other than `exec` is checked against `docker-compose config` (the services it names exist, `build` ones have
a build section), while tests/integration/foundation/test_compose_stack.py runs those services' own commands.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.models import MediaRequest
from tests import factories
from tests.processes import BACKEND
from tests.support.compose_stack import compose_config, compose_env

pytestmark = pytest.mark.integration

REPO = BACKEND.parent
DOCS = REPO / "docs"
SHELLS = ("bash", "sh", "shell", "")

# The commands other tests run, and which test.
RUN_ELSEWHERE = {
    "make run": "test_embedded_up.py runs `plex-kiosk up`, what `make run` starts after installing",
    "uv sync --frozen && uv run plex-kiosk migrate": "test_compose_stack.py (the API migrates first)",
    "uv run plex-kiosk api --host 0.0.0.0": "test_compose_stack.py (the plex-kiosk service's command)",
    "uv run plex-kiosk worker -Q requests": "test_worker_names.py starts `plex-kiosk worker -Q …`",
    "uv run plex-kiosk beat": "test_compose_stack.py (the celery-beat service's command)",
}


def doc_commands() -> Iterator[tuple[str, str]]:
    """(page, command) for every command of every page of docs/ (the decision records aside)."""
    for page in sorted(DOCS.glob("*.md")):
        fenced, language, pending = False, "", ""
        for raw in page.read_text().splitlines():
            if raw.startswith("```"):
                fenced, language = not fenced, raw[3:].strip()
                continue
            in_shell = (fenced and language in SHELLS) or (not fenced and raw.startswith("    "))
            text = raw.strip()
            if not in_shell or not text or text.startswith("#") or re.search(r"[├└│]|^/", text):
                pending = ""
                continue
            text = re.split(r"\s{2,}#", text)[0].strip()
            text = f"{pending} {text}".strip() if pending else text
            if text.endswith("\\"):
                pending = text[:-1].strip()
                continue
            pending = ""
            if not text.startswith("cd "):  # where the next lines run, not a command of its own
                yield page.name, text


def operate_seed_commands() -> set[str]:
    """The design notes' commands of docs/operate.md, which test_compose_stack.py runs against the stack."""
    from tests.integration.foundation.test_compose_stack import seed_commands

    return {command for _, command in seed_commands()}


def _kiosk(
    args: list[str], env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.appliance.cli", *args],
        cwd=BACKEND,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def embedded(tmp_path: Path) -> dict[str, str]:
    """The environment of a migrated embedded appliance in a folder of its own."""
    data = tmp_path / "data"
    env = {
        **os.environ,
        "PLEX_KIOSK_MODE": "embedded",
        "DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite+aiosqlite:///{data / 'plex-kiosk.sqlite3'}",
        "CELERY_BROKER_URL": f"sqla+sqlite:///{data / 'broker.sqlite3'}",
        "CELERY_RESULT_BACKEND": f"db+sqlite:///{data / 'results.sqlite3'}",
        "SECRET_KEY": "a-docs-test-secret-key-long-enough-for-production",
    }
    migrated = _kiosk(["migrate"], env)
    assert migrated.returncode == 0, migrated.stderr
    return env


def test_every_command_in_the_docs_is_run_by_a_test() -> None:
    seed = operate_seed_commands()
    commands = list(doc_commands())
    assert len(commands) > 40, "the pages' shell blocks are read"
    unchecked = [
        f"{page}: {command}"
        for page, command in commands
        if command not in seed and command not in RUN_ELSEWHERE and _checked_here(command) is None
    ]
    assert unchecked == [], "add each new command to a test (here, or the one that runs it)"


def _checked_here(command: str) -> str | None:
    """The test of this file that runs or checks `command`, if any."""
    words = command.split()
    if words[:2] == ["docker-compose", "exec"] and words[3:5] == ["plex-kiosk", "backup"]:
        return "test_backup_restore_and_migrate_as_the_backup_page_writes_them"
    if command.startswith(("plex-kiosk ", "uv run plex-kiosk backup")):
        return "test_backup_restore_and_migrate_as_the_backup_page_writes_them"
    if words[0] == "docker-compose":
        return "test_the_compose_commands_name_services_the_file_has"
    if words[0] in ("git", "cp", "mkdir", "export"):
        return "test_the_install_and_upgrade_steps_run_as_written"
    if words[0] == "curl":
        return "test_the_curl_example_makes_a_request"
    return None


def test_backup_restore_and_migrate_as_the_backup_page_writes_them(
    embedded: dict[str, str], tmp_path: Path
) -> None:
    run = [shlex.split(c) for p, c in doc_commands() if p == "backup.md"]
    assert [words[:2] for words in run] == [["plex-kiosk", "backup"]] * 2 + [
        ["plex-kiosk", "restore"]
    ] * 2 + [["plex-kiosk", "migrate"]]
    default = _kiosk(run[0][1:], embedded)
    assert default.returncode == 0, default.stderr
    made = Path(default.stdout.splitlines()[0])
    assert made.parent == Path(embedded["DATA_DIR"]) / "backups" and made.is_file()
    usb = tmp_path / "usb"
    usb.mkdir()
    elsewhere = _kiosk([*run[1][1:-1], str(usb)], embedded)
    assert elsewhere.returncode == 0 and Path(elsewhere.stdout.splitlines()[0]).parent == usb

    asks = _kiosk(["restore", str(made)], embedded, stdin="n\n")
    assert asks.returncode != 0 and "replaced by the backup" in asks.stdout + asks.stderr
    restored = _kiosk(["restore", str(made), "--yes"], embedded)
    assert restored.returncode == 0, restored.stderr
    assert _kiosk(run[4][1:], embedded).returncode == 0


def test_the_compose_commands_name_services_the_file_has(tmp_path: Path) -> None:
    require_compose()
    env = compose_env(tmp_path / "data")
    for page, command in doc_commands():
        words = shlex.split(command)
        if words[0] != "docker-compose" or command in operate_seed_commands():
            continue
        profiles = tuple(words[i + 1] for i, word in enumerate(words) if word == "--profile")
        services = compose_config(env, tmp_path, *profiles)["services"]
        rest = [w for i, w in enumerate(words[1:], 1) if "--profile" not in (w, words[i - 1])]
        verb, named = rest[0], [w for w in rest[1:] if not w.startswith("-")]
        if verb == "exec":
            assert named[0] in services, f"{page}: {command}"
        elif verb == "build":
            buildable = {name for name, service in services.items() if "build" in service}
            assert buildable and set(named) <= buildable, f"{page}: {command}"
        else:
            assert verb == "up" and all(name in services for name in named), f"{page}: {command}"
            assert set(profiles) <= {p for s in services.values() for p in s.get("profiles", [])}, command


def require_compose() -> None:
    assert shutil.which("docker-compose"), "docker-compose is missing (.ci/run installs Debian's)"


def test_the_install_and_upgrade_steps_run_as_written(tmp_path: Path) -> None:
    """git clone, cp .env.example .env, mkdir + chown, export and git pull, in a clone of this repository."""
    steps = [c for _, c in doc_commands() if c.split()[0] in ("git", "cp", "mkdir", "export")]
    assert len(steps) >= 5
    home = tmp_path / "home"
    home.mkdir()
    # The clone's origin is this checkout: the same steps as from the project's address, with no network.
    script = "\n".join(_here(step) for step in steps)
    done = subprocess.run(
        ["bash", "-euc", script], cwd=home, capture_output=True, text=True, timeout=120, env={**os.environ}
    )
    assert done.returncode == 0, done.stdout + done.stderr
    clone = home / "plex-kiosk"
    assert (clone / ".env").read_text() == (clone / ".env.example").read_text()
    assert (clone / "media-data" / "downloads").is_dir() and (clone / "media-data" / "media").is_dir()


def _here(step: str) -> str:
    """A documented step as this machine runs it: the repository's address is this checkout, no sudo, and
    `git pull` names what it pulls."""
    step = step.replace("<this repository>", shlex.quote(str(REPO)))
    step = step.replace("sudo ", "" if os.geteuid() == 0 else "sudo ")
    if step == "git pull":
        # From the origin's HEAD by name: a checkout on a detached HEAD (a CI's) has no branch to follow.
        return "git pull --ff-only -q origin HEAD"
    if step.startswith("git clone"):
        return step.replace("git clone", "git clone -q")
    return step


async def test_the_curl_example_makes_a_request(db: AsyncSession, kiosk_server: str, broker: object) -> None:
    [example] = [c for p, c in doc_commands() if p == "configure.md" and c.startswith("curl")]
    key = await factories.api_key(db)
    member = await factories.profile(db, "Léa")
    command = example.replace("pk_…", key).replace("http://kiosk.local", kiosk_server)
    command = command.replace('"requested_by": 2', f'"requested_by": {member.id}')
    done = await asyncio.to_thread(
        subprocess.run,
        ["bash", "-c", f"{command} --silent --show-error --write-out '\\n%{{http_code}}'"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "201", done.stdout
    made = await db.scalar(select(MediaRequest).where(MediaRequest.tmdb_id == 603))
    assert made is not None and made.requested_by == member.id
