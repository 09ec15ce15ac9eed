"""A candidate is matched on the release name itself: words the parser takes for a language, an edition or a
part do not turn the right film or show into a "wrong title". Real names (see each comment for where from)."""

from __future__ import annotations

import pytest

from app.releases.candidates import Candidate, MediaTarget
from app.releases.parsing import parse_release
from app.releases.quality_profiles import ANY
from app.releases.rejections import ReasonCode
from app.releases.scoring import reject

GOOD_GERMAN = "The.Good.German.2006.DVDRip.MULTI.H264.720x480.AAC.MK2017"  # oleoo's French tracker fixtures


def _movie(title: str, year: int, *alternatives: str) -> MediaTarget:
    return MediaTarget(media_type="movie", title=title, year=year, alternative_titles=alternatives)


def _rejection(name: str, target: MediaTarget) -> ReasonCode | None:
    rejection = reject(Candidate(title=name, size_bytes=None, seeders=50), parse_release(name), target, ANY)
    return rejection.code if rejection else None


@pytest.mark.parametrize(
    ("name", "target"),
    [
        # The parser reads "German" as the audio language and keeps "The Good" as the title.
        (GOOD_GERMAN, _movie("The Good German", 2006)),
        # "English" is read as a language: the title comes out as "Johnny".
        ("Johnny.English.2003.mkv", _movie("Johnny English", 2003)),
        # The French title opens the name; the film is requested under its English one with the French as an
        # alternative, as TMDB gives them.
        (
            "La Ligne Verte (1999) MULTi-VF2 [1080p] BluRay x264-PopHD (The Green Mile)",
            _movie("The Green Mile", 1999, "La Ligne verte"),
        ),
    ],
)
def test_the_right_film_is_not_a_wrong_title(name: str, target: MediaTarget) -> None:
    assert _rejection(name, target) != ReasonCode.WRONG_TITLE


def test_a_longer_title_is_still_another_film() -> None:
    # The sequel is not the film: the whole opening of the name must match, not a part of it.
    name = "Johnny.English.Strikes.Again.2018.1080p.BluRay.H264.10Bit.AAC-MRSK"
    assert _rejection(name, _movie("Johnny English", 2003)) == ReasonCode.WRONG_TITLE
    assert _rejection(name, _movie("Johnny English Strikes Again", 2018)) is None


def test_an_episode_title_ending_in_part_2_stays_out_of_the_show_title() -> None:
    name = "Seinfeld.S09E23.The.Finale.Part.2.720p.HDTV.x264-FLEET"
    parsed = parse_release(name)
    assert (parsed.title, parsed.seasons, parsed.episodes) == ("Seinfeld", (9,), (23,))
    show = MediaTarget(media_type="tv", title="Seinfeld", year=1989, seasons=(9,))
    assert _rejection(name, show) is None


def test_a_film_keeps_its_part_in_its_title() -> None:
    parsed = parse_release("Dune.Part.Two.2024.MULTi.TRUEFRENCH.1080p.WEB-DL.H265-Slay3R")
    assert parsed.title == "Dune Part 2"
    assert _rejection(parsed.name, _movie("Dune", 2021)) == ReasonCode.WRONG_TITLE
    assert _rejection(parsed.name, _movie("Dune: Part Two", 2024)) is None
