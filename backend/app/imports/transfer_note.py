"""How an import put the files into the library, as a code with counts that the timeline renders in the
family's language: hardlinked (no extra disk space, the torrent keeps seeding), copied (twice the space:
the download and the library are not on one filesystem), or both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.imports.results import ImportedFile

HARDLINKED = "import-hardlinked"
COPIED = "import-copied"
HARDLINKED_AND_COPIED = "import-hardlinked-and-copied"
ALREADY_PRESENT = "import-already-present"

_ENGLISH = {
    HARDLINKED: "Hardlinked into the library: no extra disk space, the torrent keeps seeding.",
    COPIED: "Copied into the library (the downloads and the library are not on one filesystem): "
    "it takes the space twice while the torrent seeds.",
    HARDLINKED_AND_COPIED: "{hardlinked} file(s) hardlinked and {copied} copied into the library.",
    ALREADY_PRESENT: "The files were already in the library.",
}


def transfer_note(imported: Sequence[ImportedFile]) -> dict[str, Any]:
    """{"code", "params": {"hardlinked", "copied", "already_present"}} for the files of one import."""
    counts = {
        "hardlinked": sum(1 for item in imported if item.method == "hardlink"),
        "copied": sum(1 for item in imported if item.method == "copy"),
        "already_present": sum(1 for item in imported if item.method == "already-present"),
    }
    if counts["hardlinked"] and counts["copied"]:
        code = HARDLINKED_AND_COPIED
    elif counts["hardlinked"]:
        code = HARDLINKED
    elif counts["copied"]:
        code = COPIED
    else:
        code = ALREADY_PRESENT
    return {"code": code, "params": counts}


def in_english(note: dict[str, Any]) -> str:
    """The note as the English sentence the API's `reason` carries."""
    return _ENGLISH[note["code"]].format(**note["params"])
