"""Importing a finished download into the Plex library: pick the files, name them, place them safely.

Pure filesystem and naming, no database: `run_import` (blocking; call it in a worker thread).
"""

from app.imports.plan import ImportPlan, PlannedFile, SourceFile, plan_import
from app.imports.results import Conflict, Failure, ImportedFile, ImportResult, SkippedFile, SkipReason
from app.imports.service import ImportRootError, run_import
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
    "SkipReason",
    "SkippedFile",
    "SourceFile",
    "plan_import",
    "remove_stale_partials",
    "run_import",
]
