"""Import a finished torrent into the Plex library: plan the names, then place each file safely.

Pure filesystem work with no database: the caller locks the request, calls `run_import` (blocking: in a
thread), stores the result and moves the request on. Running it again after a crash finishes the job:
files already in place count as imported, and partial copies left by the crashed run are removed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from app.imports import transfer
from app.imports.plan import ImportPlan, PlannedFile, SourceFile, plan_import
from app.imports.results import (
    Conflict,
    Failure,
    ImportedFile,
    ImportResult,
    Method,
    SetAside,
    SkippedFile,
    SkipReason,
)
from app.imports.safe_paths import display_name
from app.imports.summary import summarise
from app.imports.target import ImportTarget, LibraryRoots

log = logging.getLogger(__name__)


class ImportRootError(RuntimeError):
    """The download folder or the library is missing: nothing was read or written."""


def run_import(
    target: ImportTarget,
    source_root: Path,
    files: Iterable[SourceFile],
    roots: LibraryRoots,
    *,
    hardlink: bool = True,
    before_writing: Callable[[Path], None] | None = None,
    replace: bool = False,
) -> ImportResult:
    """Put the requested film or episodes of a finished torrent into the library under Plex names.

    `source_root` is the folder the torrent's file names are relative to (qBittorrent's save path);
    `files` are its files (`TorrentFile` works). `hardlink=False` always copies. `before_writing` is
    told each library folder before anything is written there (a dead run's partial files are found by
    it). `replace` puts a new copy in place of a different file holding the name (a parent asked for
    another copy, or a better one): the old file is set aside under a hidden name, listed in the result's
    `set_aside`, for the caller to delete once Plex has scanned the new one (`drop_set_aside`) or put back
    if the import fails (`put_back_set_aside`). Blocking: async callers run it with
    `anyio.to_thread.run_sync`. ImportRootError when either root is missing.
    """
    plan = plan_import(target, files)
    try:
        source = transfer.existing_root(source_root, "download folder")
        library = transfer.category_root(roots.for_target(target))
    except transfer.RootMissing as exc:
        raise ImportRootError(str(exc)) from exc
    run = _Run(library, roots.for_target(target).name, hardlink, before_writing)
    run.replace = replace
    for planned in plan.files:
        run.place(source, planned)
    result = run.result(plan)
    log.info("import finished: %s", result.summary)
    return result


def put_back_set_aside(set_aside: Iterable[SetAside]) -> None:
    """Undo a `replace` import that did not go through: each old copy takes its name back, over the new
    one, in one rename (Plex never finds the name empty)."""
    for item in set_aside:
        if os.path.lexists(item.aside):
            os.replace(item.aside, item.path)


def remove_from_library(library: Path, names: Iterable[str]) -> None:
    """Delete old copies, library-relative (set aside, or the old copy's files the new import did not
    reuse), once Plex lists the new one; anything missing, not a plain file or outside is left alone."""
    root = library.resolve()
    for name in names:
        path = library / name
        if path.is_file() and not path.is_symlink() and path.resolve().is_relative_to(root):
            path.unlink()


class _Run:
    """The placing half of one import: what was done so far, file by file."""

    def __init__(
        self, library: Path, category: str, hardlink: bool, before_writing: Callable[[Path], None] | None
    ) -> None:
        self.library = library
        self.category = category
        self.hardlink = hardlink
        self.before_writing = before_writing
        self.imported: list[ImportedFile] = []
        self.skipped: list[SkippedFile] = []
        self.conflicts: list[Conflict] = []
        self.failures: list[Failure] = []
        self.folders: dict[Path, None] = {}
        self.cleaned: set[Path] = set()
        self.done: set[Path] = set()
        self.video_in_place = False
        self.replace = False
        self.set_aside: list[SetAside] = []

    def library_path(self, planned: PlannedFile) -> str:
        return "/".join((self.category, *planned.destination))

    def place(self, source_root: Path, planned: PlannedFile) -> None:
        shown, where = display_name(planned.source), self.library_path(planned)
        if planned.kind == "video":
            self.video_in_place = False
        elif not self.video_in_place:
            self.skipped.append(
                SkippedFile(shown, SkipReason.SUBTITLE_WITHOUT_VIDEO, "its video was not imported")
            )
            return
        try:
            path, info = transfer.check_source(source_root, planned.source_parts, planned.size)
        except transfer.SourceProblem as exc:
            self.skipped.append(SkippedFile(shown, SkipReason.NOT_ON_DISK, str(exc)))
            return
        try:
            folder = transfer.prepare_folder(self.library, planned.destination[:-1])
            if folder not in self.cleaned:
                if self.before_writing is not None:
                    self.before_writing(folder)
                self.cleaned.add(folder)
                if removed := transfer.remove_stale_partials(folder):
                    log.info(
                        "removed %d partial file(s) left by an interrupted import in %s", removed, folder
                    )
            destination = folder / planned.destination[-1]
            if destination in self.done:
                self.skipped.append(
                    SkippedFile(
                        shown,
                        SkipReason.DUPLICATE,
                        f"{where} is already taken by another file of the torrent",
                    )
                )
                return
            method = self._place(path, info, folder, planned.destination[-1])
        except transfer.DestinationTaken as exc:
            self.conflicts.append(Conflict(shown, where, str(exc)))
            return
        except (transfer.UnsafeFolder, transfer.SourceProblem) as exc:
            self.failures.append(Failure(shown, where, str(exc)))
            return
        except OSError as exc:
            log.warning("could not import a file into %s", where, exc_info=True)
            self.failures.append(Failure(shown, where, f"could not write it: {exc.strerror or exc}"))
            return
        self.done.add(destination)
        self.folders[folder] = None
        if planned.kind == "video":
            self.video_in_place = True
        self.imported.append(ImportedFile(shown, destination, where, planned.kind, method, planned.episodes))

    def _place(self, path: Path, info: os.stat_result, folder: Path, name: str) -> Method:
        try:
            return transfer.place(path, info, folder, name, hardlink=self.hardlink)
        except transfer.DestinationTaken:
            if not self.replace:
                raise
        # Another copy of the same film or episode: the new one goes in, the old one waits hidden beside it
        # until Plex has scanned the new one (Plex never goes without the film in between).
        aside = transfer.set_aside(folder, name)
        try:
            method = transfer.place(path, info, folder, name, hardlink=self.hardlink)
        except BaseException:
            transfer.put_back(aside, folder, name)
            raise
        self.set_aside.append(SetAside(aside, folder / name))
        return method

    def result(self, plan: ImportPlan) -> ImportResult:
        failures = self.failures
        skipped = (*plan.skipped, *self.skipped)
        placed = {episode for item in self.imported if item.kind == "video" for episode in item.episodes}
        lost = {e for item in plan.files if item.kind == "video" for e in item.episodes if e not in placed}
        missing = tuple(sorted(set(plan.missing_episodes) | lost))
        folder_names = [
            "/".join((self.category, *folder.relative_to(self.library).parts)) for folder in self.folders
        ]
        return ImportResult(
            imported=tuple(self.imported),
            skipped=skipped,
            conflicts=tuple(self.conflicts),
            failures=tuple(failures),
            folders=tuple(self.folders),
            missing_episodes=missing,
            problem=plan.problem,
            set_aside=tuple(self.set_aside),
            summary=summarise(
                self.imported, skipped, self.conflicts, failures, folder_names, missing, plan.problem
            ),
        )
