"""Agreement of our parser with the expected values recorded from Radarr's and Sonarr's parser tests."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.releases.parsing import ParsedRelease
from app.releases.quality import Quality
from tests.fixture_files import fixtures_dir


def releases_fixture(file_name: str) -> list[dict[str, str]]:
    """Rows of one TSV file in the shared releases fixtures."""
    path: Path = fixtures_dir() / "releases" / file_name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def normalise_title(title: str) -> str:
    """Compare titles without case, punctuation or spacing (Radarr keeps dots in "R.I.P.D.", guessit not)."""
    return re.sub(r"[^0-9a-z]+", "", title.casefold())


# Radarr's (source, resolution, modifier) columns onto our ladder.
def expected_quality(source: str, resolution: str, modifier: str) -> Quality:
    """The rung Radarr's expectation corresponds to."""
    if modifier == "BRDISK":
        return Quality.BR_DISK
    if modifier == "RAWHD":
        return Quality.RAW_HD
    if source == "DVD":
        return Quality.DVD_R if modifier == "REMUX" else Quality.DVD
    if source == "BLURAY" and modifier == "REMUX":
        return Quality.REMUX_2160P if resolution == "2160p" else Quality.REMUX_1080P
    fixed = {"CAM": Quality.CAM, "TELESYNC": Quality.TELESYNC, "TELECINE": Quality.TELECINE}
    if source in fixed:
        return fixed[source]
    if source == "UNKNOWN":
        return Quality.UNKNOWN
    if source == "TV":
        return {"720p": Quality.HDTV_720P, "1080p": Quality.HDTV_1080P, "2160p": Quality.HDTV_2160P}.get(
            resolution, Quality.SDTV
        )
    label = {"WEBDL": "WEBDL", "WEBRIP": "WEBRip", "BLURAY": "Bluray"}[source]
    return Quality.from_label(f"{label}-{resolution}")


@dataclass
class Agreement:
    """How many cases agree on one field, with the names that do not."""

    field_name: str
    agreed: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str) -> None:
        """Count one case."""
        self.total += 1
        if ok:
            self.agreed += 1
        else:
            self.misses.append(f"{name!r}: {detail}")

    @property
    def rate(self) -> float:
        """Share of agreeing cases, 0..1."""
        return self.agreed / self.total if self.total else 1.0

    def report(self) -> str:
        """One line per field, then the disagreements."""
        lines = [f"{self.field_name}: {self.agreed}/{self.total} = {self.rate:.1%}"]
        lines += [f"    {miss}" for miss in self.misses]
        return "\n".join(lines)


def check(
    rows: list[dict[str, str]],
    parse: Callable[[str], ParsedRelease],
    checks: dict[str, Callable[[dict[str, str], ParsedRelease], tuple[bool, str]]],
    name_column: str,
) -> dict[str, Agreement]:
    """Run every check on every row."""
    agreements = {key: Agreement(key) for key in checks}
    for row in rows:
        parsed = parse(row[name_column])
        for key, function in checks.items():
            ok, detail = function(row, parsed)
            agreements[key].add(row[name_column], ok, detail)
    return agreements
