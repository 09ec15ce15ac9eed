"""Does a release name the requested media? Fuzzy (rapidfuzz), never a bare substring test.

A release is matched on its parsed title and on the words that open the raw name: a parser may take a
title word for a language or an edition ("Johnny English", "The Good German") and cut it off, and the right
film must not be turned down for that.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from app.releases.name_hints import leading_titles
from app.releases.parsing import ParsedRelease

# A whole-string ratio, not a partial or token-set one: "Spirited Away Making Of" must not match
# "Spirited Away". 88 lets through typos and dropped punctuation ("Spirted Away", "Amelie" vs "Amélie").
TITLE_MATCH_THRESHOLD = 88.0
_SHORT_TITLE = 5  # titles this short ("Dune", "Up") must match exactly once normalised

_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
    "ii": "2", "iii": "3", "iv": "4",
}  # fmt: skip
_LEADING_ARTICLES = ("the ", "a ", "an ", "le ", "la ", "les ", "l ")
_NON_WORD_RE = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=4096)
def normalise(title: str) -> str:
    """Lower case, no accents or punctuation, '&' as 'and', number words as digits, no leading article."""
    decomposed = unicodedata.normalize("NFKD", title.replace("&", " and "))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").casefold()
    words = [_NUMBER_WORDS.get(word, word) for word in _NON_WORD_RE.sub(" ", ascii_only).split()]
    text = " ".join(words)
    for article in _LEADING_ARTICLES:
        if text.startswith(article) and len(text) > len(article):
            return text[len(article) :]
    return text


def title_score(release_title: str, wanted_titles: tuple[str, ...]) -> float:
    """Best similarity (0-100) between the release's title and any of the wanted titles."""
    found = normalise(release_title)
    if not found:
        return 0.0
    best = 0.0
    for wanted in wanted_titles:
        target = normalise(wanted)
        if not target:
            continue
        if min(len(found), len(target)) <= _SHORT_TITLE:
            score = 100.0 if found == target else 0.0
        else:
            score = fuzz.ratio(found, target)
        best = max(best, score)
    return best


def title_matches(release_title: str, wanted_titles: tuple[str, ...]) -> bool:
    """True when the release's title is close enough to one of the wanted titles."""
    return title_score(release_title, wanted_titles) >= TITLE_MATCH_THRESHOLD


def release_matches(parsed: ParsedRelease, wanted_titles: tuple[str, ...]) -> bool:
    """True when the release's parsed title, or the title that opens its raw name, is one of the wanted ones.

    The raw name's opening stops at the year, the season/episode number or the first quality word, so an
    episode title never joins the show's title and a title word the parser dropped still counts.
    """
    return title_matches(parsed.title, wanted_titles) or opening_matches(parsed.name, wanted_titles)


def opening_matches(raw_name: str, wanted_titles: tuple[str, ...]) -> bool:
    """True when the title that opens the raw name is a wanted one: it matches whatever its parse says."""
    return any(title_matches(title, wanted_titles) for title in leading_titles(raw_name.strip()))


# A name that cannot reach this partial similarity with any wanted title cannot match on its parsed title or
# its opening either (both are runs of its own words, held to TITLE_MATCH_THRESHOLD); margin for the words
# the parser rewrites ("Part Two" -> "Part 2", "&" -> "and").
SCREEN_THRESHOLD = 75.0


def may_name(raw_name: str, wanted_titles: tuple[str, ...]) -> bool:
    """Cheap screen before parsing: False only when no wanted title can be found in the raw name at all."""
    text = normalise(raw_name)
    for wanted in wanted_titles:
        target = normalise(wanted)
        if not target:
            continue
        if len(target) <= _SHORT_TITLE:
            if f" {target} " in f" {text} ":
                return True
        elif fuzz.partial_ratio(target, text) >= SCREEN_THRESHOLD:
            return True
    return False
