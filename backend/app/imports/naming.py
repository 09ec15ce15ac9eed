"""Plex names for films and episodes (docs/decisions/0011-import-naming.md gives the rules and why)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.imports.safe_paths import MAX_COMPONENT_BYTES, fit_bytes, safe_component
from app.imports.target import Episode, ImportTarget

# Room kept for the longest ending we add to a stem: " - pt12" or ".en.forced.sdh" plus ".m2ts".
_SUFFIX_ROOM = 32
_TITLE_BYTES = 180  # a film or show title longer than this is cut (no real title comes near)


class Unnameable(ValueError):
    """The requested title leaves nothing usable once made safe for a path ("???", only dots…)."""


def title_folder(target: ImportTarget) -> str:
    """`Title (Year)`, the film's or the show's folder, safe on every OS."""
    title = fit_bytes(safe_component(target.title), _TITLE_BYTES)
    if not title:
        raise Unnameable(f"the title {target.title[:80]!r} gives no usable folder name")
    return title if target.year is None else f"{title} ({target.year})"


def season_folder(season: int) -> str:
    """`Season 01` (`Season 00` holds the specials)."""
    return f"Season {season:02d}"


def episode_tag(season: int, episodes: Sequence[int]) -> str:
    """`s01e02`, or `s01e01-e02` for a file holding several episodes (Plex reads a range)."""
    first, last = min(episodes), max(episodes)
    return f"s{season:02d}e{first:02d}" + (f"-e{last:02d}" if last != first else "")


# An episode tag as episode_tag writes it, right after the show's folder name in a file name the import gave.
_TAG = re.compile(r"s(\d{2,})e(\d{2,})(?:-e(\d{2,}))?(?= - |[.\[ ]|$)")


def episodes_named(target: ImportTarget, file_name: str) -> tuple[Episode, ...]:
    """The (season, episode) pairs the name the import gave an episode file of `target` carries
    (`s01e01-e02`: both); none for another name. Read after the show's name, which may hold a tag too."""
    prefix = f"{title_folder(target)} - "
    found = _TAG.match(file_name, len(prefix)) if file_name.startswith(prefix) else None
    if found is None:
        return ()
    season, first = int(found[1]), int(found[2])
    last = int(found[3]) if found[3] else first
    return tuple((season, number) for number in range(first, last + 1))


def movie_stem(target: ImportTarget, cd: int | None = None) -> str:
    """`Title (Year)`, or `Title (Year) - pt2` for the second file of a film split in parts."""
    return title_folder(target) + (f" - pt{cd}" if cd is not None else "")


def episode_stem(target: ImportTarget, season: int, episodes: Sequence[int]) -> str:
    """`Show (Year) - s01e02 - Episode Title`, without the title when TMDB gave none for every episode."""
    stem = f"{title_folder(target)} - {episode_tag(season, episodes)}"
    titles = [target.episode_titles.get((season, number), "").strip() for number in sorted(set(episodes))]
    if not titles or not all(titles):
        return stem
    joined = " + ".join(dict.fromkeys(titles))
    room = MAX_COMPONENT_BYTES - _SUFFIX_ROOM - len(stem.encode("utf-8")) - len(" - ")
    episode_title = fit_bytes(safe_component(joined), room) if room > 0 else ""
    return f"{stem} - {episode_title}" if episode_title else stem


def movie_path(
    target: ImportTarget, extension: str, *, cd: int | None = None, tags: str = ""
) -> tuple[str, ...]:
    """(`Title (Year)`, `Title (Year)[ - ptN][tags].ext`) under the Movies root."""
    return (title_folder(target), f"{movie_stem(target, cd)}{tags}.{extension}")


def episode_path(
    target: ImportTarget, season: int, episodes: Sequence[int], extension: str, *, tags: str = ""
) -> tuple[str, ...]:
    """(`Show (Year)`, `Season 01`, `Show (Year) - s01e02 - Title[tags].ext`) under the TV Shows root."""
    return (
        title_folder(target),
        season_folder(season),
        f"{episode_stem(target, season, episodes)}{tags}.{extension}",
    )


def episodes_of(season: int, numbers: Sequence[int]) -> tuple[Episode, ...]:
    """The (season, episode) pairs of one file."""
    return tuple((season, number) for number in sorted(set(numbers)))
