"""The parser on 1,516 real release names it was not built against (tests/data/release_corpus, see its
README): every field the selection decides on is right for at least 97 % of the names that say something."""

from __future__ import annotations

import pytest

from app.releases.parsing import parse_release
from tests.release_corpus import FLOOR, SELECTION_FIELDS, FieldScore, corpus_rows, score


def test_the_corpus_is_real_sized_and_a_fifth_french() -> None:
    rows = corpus_rows()
    french = [row for row in rows if "yes" in (row["french_audio"], row["french_subtitles"])]
    assert len(rows) >= 1500
    assert len(french) >= len(rows) / 5
    assert all(row["origin"] for row in rows)


@pytest.fixture(scope="module")
def scores() -> dict[str, FieldScore]:
    return dict(score(corpus_rows(), parse_release))


@pytest.mark.parametrize("field_name", SELECTION_FIELDS)
def test_the_selection_fields_are_right_on_97_percent(field_name: str, scores: dict[str, FieldScore]) -> None:
    result = scores[field_name]
    misses = "\n".join(result.misses[:40])
    assert result.counted > 0
    assert result.share >= FLOOR, f"{field_name}: {result.share:.1%}, misses:\n{misses}"
