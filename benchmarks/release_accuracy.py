"""Print, field by field, the share of the release corpus the parser gets right (and, with -v, the misses).

Run: uv run python benchmarks/release_accuracy.py [-v] [--guessit-only]
The corpus is backend/tests/data/release_corpus/corpus.tsv (1,516 real names; its README says where from).
The fields the selection decides on are held to 97 % by tests/unit/releases/test_release_corpus.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from app.releases.parsing import parse_release, parse_release_with_guessit
from tests.release_corpus import FLOOR, SELECTION_FIELDS, corpus_rows, score


def main() -> None:
    """Print the table."""
    parse = parse_release_with_guessit if "--guessit-only" in sys.argv else parse_release
    rows = corpus_rows()
    scores = score(rows, parse)
    french = sum(row["french_audio"] == "yes" or row["french_subtitles"] == "yes" for row in rows)
    print(f"corpus: {len(rows)} names, {french} French ({french / len(rows):.0%})")
    print(f"{'field':18}{'right':>12}{'share':>9}  held to {FLOOR:.0%}")
    for name, result in scores.items():
        held = "yes" if name in SELECTION_FIELDS else ""
        print(f"{name:18}{result.right:>6}/{result.counted:<5}{result.share:>9.1%}  {held}")
    if "-v" in sys.argv:
        for name, result in scores.items():
            for miss in result.misses:
                print(f"  {name}: {miss}")


if __name__ == "__main__":
    main()
