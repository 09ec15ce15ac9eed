"""What the timeline says about how an import put the files in the library (a code with counts)."""

from __future__ import annotations

from pathlib import Path

from app.imports import ImportedFile
from app.imports.results import Method
from app.imports.transfer_note import in_english, transfer_note


def _file(method: Method) -> ImportedFile:
    return ImportedFile("x.mkv", Path("/lib/x.mkv"), "Movies/x.mkv", "video", method)


def test_the_note_says_linked_copied_both_or_already_there() -> None:
    assert transfer_note([_file("hardlink"), _file("hardlink")]) == {
        "code": "import-hardlinked",
        "params": {"hardlinked": 2, "copied": 0, "already_present": 0},
    }
    assert transfer_note([_file("copy")])["code"] == "import-copied"
    both = transfer_note([_file("hardlink"), _file("copy"), _file("already-present")])
    assert both == {
        "code": "import-hardlinked-and-copied",
        "params": {"hardlinked": 1, "copied": 1, "already_present": 1},
    }
    assert transfer_note([_file("already-present")])["code"] == "import-already-present"


def test_the_api_reason_carries_the_same_fact_in_english() -> None:
    assert "no extra disk space" in in_english(transfer_note([_file("hardlink")]))
    assert "takes the space twice" in in_english(transfer_note([_file("copy")]))
    mixed = in_english(transfer_note([_file("hardlink"), _file("copy"), _file("copy")]))
    assert mixed == "1 file(s) hardlinked and 2 copied into the library."
