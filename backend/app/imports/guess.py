"""What a file's path inside the torrent says: title, year, season and episodes, or CD number.

guessit reads the whole relative path, so an obfuscated file name still gets its season and episode from its
folders ("Show.S01/05.mkv"), and is told whether we expect a film or an episode. It is the process's one
guessit (`app.releases.guessit_api`), whose rules the release parser has usually built already. The release
parser itself (`app.releases.parsing`) is built for indexer names, not paths, and drops the CD number: not
used here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from app.releases.guessit_api import guessit

log = logging.getLogger(__name__)

GUESS_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class FileGuess:
    """The parts of a file's path that matter for naming it."""

    title: str = ""
    year: int | None = None
    season: int | None = None
    episodes: tuple[int, ...] = ()
    cd: int | None = None


def _ints(value: Any) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [item for item in values if isinstance(item, int) and not isinstance(item, bool)]


@lru_cache(maxsize=GUESS_CACHE_SIZE)
def guess_file(relative_name: str, media_type: Literal["movie", "episode"]) -> FileGuess:
    """Parse a torrent file's relative path (already checked safe); an empty guess if guessit cannot."""
    try:
        guess = guessit(relative_name, {"type": media_type})
    except Exception:  # guessit on untrusted text: a failure means "nothing known", never a crash
        log.warning("guessit failed on a file name", exc_info=True)
        return FileGuess()
    seasons = sorted(set(_ints(guess.get("season"))))
    years = _ints(guess.get("year"))
    cds = _ints(guess.get("cd"))
    return FileGuess(
        title=str(guess.get("title") or ""),
        year=years[0] if years else None,
        season=seasons[0] if len(seasons) == 1 else None,
        episodes=tuple(sorted(set(_ints(guess.get("episode"))))),
        cd=cds[0] if cds else None,
    )
