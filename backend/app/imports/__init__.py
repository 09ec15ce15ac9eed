"""Importing a finished download into the Plex library: pick the files, name them, place them safely.

Pure filesystem and naming, no database: `run_import` (blocking; call it in a worker thread).
"""

from app.imports.plan import ImportPlan, PlannedFile, SourceFile, plan_import
from app.imports.results import (
    Conflict,
    Failure,
    ImportedFile,
    ImportResult,
    SetAside,
    SkippedFile,
    SkipReason,
)
from app.imports.service import ImportRootError, put_back_set_aside, remove_from_library, run_import
from app.imports.target import ImportTarget, LibraryRoots
from app.imports.transfer import remove_stale_partials

__all__ = [
    "Conflict",
    "Failure",
    "ImportPlan",
    "ImportResult",
    "ImportRootError",
    "ImportTarget",
    "ImportedFile",
    "LibraryRoots",
    "PlannedFile",
    "SetAside",
    "SkipReason",
    "SkippedFile",
    "SourceFile",
    "plan_import",
    "put_back_set_aside",
    "remove_from_library",
    "remove_stale_partials",
    "run_import",
]
