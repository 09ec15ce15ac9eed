"""The demo's indexer offers what the real release selection picks: the seeded release wins, the rest is
turned down for a reason a newcomer can read (a demo whose pick had no seeder would stall forever)."""

from __future__ import annotations

import pytest

from app.appliance.demo.catalogue import TITLES, DemoTitle
from app.releases.candidates import Candidate, MediaTarget
from app.releases.quality_profiles import DEFAULT_PROFILES
from app.releases.selection import select_release

OFFERED = [title for title in TITLES if title.releases]


def _pick(title: DemoTitle) -> tuple[list[str], dict[str, str]]:
    """What the selection accepts (best first) and rejects (title → reason code), as the worker asks it."""
    target = MediaTarget(
        media_type=title.kind,
        title=title.title_fr,
        year=title.year,
        original_title=title.original_title,
        alternative_titles=(title.title_fr, title.title_en),
        runtime_minutes=title.runtime,
        original_language=title.original_language,
        seasons=tuple(title.episodes_per_season),
    )
    candidates = [Candidate(title=r.title, size_bytes=r.size, seeders=r.seeders) for r in title.releases]
    selection = select_release(candidates, target, DEFAULT_PROFILES[0])
    rejected = {r.candidate.title: r.code.value for r in selection.rejected}
    return [ranked.candidate.title for ranked in selection.accepted], rejected


@pytest.mark.parametrize(
    "title", [t for t in OFFERED if any(r.seeded for r in t.releases)], ids=lambda t: t.title_en
)
def test_the_seeded_release_is_the_one_picked(title: DemoTitle) -> None:
    accepted, _ = _pick(title)
    seeded = [release.title for release in title.releases if release.seeded]
    assert accepted[:1] == seeded


def test_the_rejectable_releases_are_rejected_for_what_they_are() -> None:
    rejected: dict[str, str] = {}
    for title in OFFERED:
        rejected |= _pick(title)[1]
    assert rejected == {
        "Inception.2010.CAM.XviD-NOVA": "pre_release",
        "Inception.2014.1080p.BluRay.x264-FAKE": "wrong_year",
        "Intouchables.2011.FRENCH.TS.XviD-PATATE": "pre_release",
        "Chernobyl.S01.FRENCH.480p.HDTV.XviD-VIEUXPC": "quality_not_allowed",
        "Le.Roi.Lion.2019.MULTi.1080p.BluRay.x264-BRiOCHE": "wrong_year",
        "Le.Roi.Lion.1994.FRENCH.DVDRip.XviD-PHOENiX": "quality_not_allowed",
    }


def test_a_title_is_either_in_plex_already_or_offered() -> None:
    assert all(bool(title.releases) != title.already_in_plex for title in TITLES)
    assert _pick(next(t for t in TITLES if t.title_fr == "Le Roi lion"))[0] == []  # ends NOT FOUND
