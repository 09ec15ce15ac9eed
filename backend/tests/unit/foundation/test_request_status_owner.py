"""Only media_requests/ moves a request; the domains below it report facts and never import it.

Read from the source itself (the import lines and the calls), so the build fails the day a module
outside the request domain starts changing a status, or an arrow starts pointing back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[3] / "app"
# Below media_requests: they report what qBittorrent, Plex and release names say, and never import it.
BELOW = ("downloads", "library", "releases")


def _modules(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "app" else None


def test_no_module_outside_media_requests_calls_transition_or_sets_a_status() -> None:
    offenders = []
    for path in _modules(APP):
        if path.is_relative_to(APP / "media_requests"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            called = node.func if isinstance(node, ast.Call) else None
            name = getattr(called, "id", None) or getattr(called, "attr", None)
            if name == "transition":
                offenders.append(f"{path.relative_to(APP)}:{node.lineno} calls transition()")
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    owner = ast.unparse(target.value)
                    if "request" in owner.lower():
                        offenders.append(f"{path.relative_to(APP)}:{node.lineno} assigns {owner}.status")
    assert offenders == []


def test_downloads_library_and_releases_never_import_media_requests() -> None:
    offenders = [
        f"{path.relative_to(APP)} imports {name}"
        for folder in BELOW
        for path in _modules(APP / folder)
        for name in _imports(path)
        if _folder(name) == "media_requests"
    ]
    assert offenders == []


def test_no_import_cycle_between_the_request_domain_and_those_below_it() -> None:
    domains = ("media_requests", *BELOW)
    arrows = {
        (folder, _folder(name))
        for folder in domains
        for path in _modules(APP / folder)
        for name in _imports(path)
        if _folder(name) in domains and _folder(name) != folder
    }

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            target == goal or (target not in seen and reaches(target, goal, seen | {target}))
            for source, target in arrows
            if source == start
        )

    assert [folder for folder in domains if reaches(folder, folder)] == []
