"""guessit with its rule order planned once (app.releases.guessit_api) answers as plain guessit does."""

from __future__ import annotations

import guessit as plain

from app.releases import guessit_api
from tests.release_corpus import corpus_rows

# Every third corpus name keeps the test quick; the whole corpus was compared when the plan was introduced
# (docs/decisions/0013-release-parsing.md).
_NAMES = [row["name"] for row in corpus_rows()[::3]] + [
    "Show.Name.S01E02.Episode.Title.720p.HDTV.x264-GROUP",
    "[Group] Show Title - 07 [BD][1080p][A1B2C3D4].mkv",
    "Le.Voyage.de.Chihiro.2001.MULTi.VFF.1080p.BluRay.x264-QTZ",
]


def test_planned_guessit_gives_plain_guessits_answer() -> None:
    differences = []
    for name in _NAMES:
        planned, reference = guessit_api.guessit(name), plain.guessit(name)
        # The same properties with the same values, in the same order.
        if list(planned.items()) != list(reference.items()):
            differences.append(name)
    assert not differences, f"planned guessit differs from guessit on {differences}"


def test_new_options_make_a_new_plan() -> None:
    name = "Movie.2010.1080p.BluRay.x264-GROUP"
    for options in (None, {"type": "episode"}, {"excludes": ["year"]}, None):
        planned = guessit_api.guessit(name, options)
        assert list(planned.items()) == list(plain.guessit(name, options).items())
