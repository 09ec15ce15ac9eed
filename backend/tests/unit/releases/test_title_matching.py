"""A candidate is matched on the release name itself: words the parser takes for a language, an edition or a
part do not turn the right film or show into a "wrong title". Real names (see each comment for where from)."""

from __future__ import annotations

import random

import pytest

from app.releases.candidates import Candidate, MediaTarget
from app.releases.matching import may_name, release_matches
from app.releases.parsing import parse_release
from app.releases.quality_profiles import ANY
from app.releases.rejections import ReasonCode
from app.releases.scoring import reject
from app.releases.selection import select_release
from tests.release_corpus import corpus_rows

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


def test_the_screen_before_parsing_never_turns_down_a_name_that_would_match() -> None:
    # Every corpus name against its own title and eight others: whenever the full match (parsed title or the
    # name's opening) accepts, the cheap screen lets the name through to be parsed.
    rows = [row for row in corpus_rows() if row["title"]]
    titles = sorted({row["title"] for row in rows})
    rng = random.Random(19)
    screened_out = 0
    for row in rows:
        parsed = parse_release(row["name"])
        for title in (row["title"], *rng.sample(titles, 8)):
            if not may_name(row["name"], (title,)):
                screened_out += 1
                assert not release_matches(parsed, (title,)), (row["name"], title)
    assert screened_out > len(rows) * 7  # nearly every other film's name is turned down unparsed


def test_a_screened_out_name_is_a_wrong_title_with_what_it_reads() -> None:
    selection = select_release(
        [Candidate(title=GOOD_GERMAN, size_bytes=None, seeders=5)], _movie("Spirited Away", 2001), ANY
    )
    [rejection] = selection.rejected
    assert rejection.code == ReasonCode.WRONG_TITLE
    assert "The Good German" in rejection.message
