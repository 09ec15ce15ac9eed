"""Check the fast path against guessit on generated names the corpus does not hold; print any difference.

Run: uv run python benchmarks/fast_path_generated.py [names per shape, default 700] [seed, default 1]
The release corpus (tests/unit/releases/test_fast_path.py) holds the fast path to guessit's answer on the
names it has; indexers send names it has not. This builds plausible ones from parts (titles, episodes and
episode titles, French/German/Italian tags, services, sources, audio, codecs, editions, groups, separators) in
two shapes: scene order (Title.Year|SxxEyy.TAGS-GROUP) and tags in any order, several sources included. For
each name the fast path reads, the fields the selection uses must equal guessit's (docs/decisions/0013).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from app.releases.fast_path import parse_fast
from app.releases.matching import normalise
from app.releases.parsing import finish, parse_release_with_guessit
from tests.unit.releases.test_fast_path import COMPARED

TITLES = [
    "The.Last.Ship", "Blue.Bloods", "La.Casa.de.Papel", "Les.Revenants", "Dark", "Fargo", "The.Office",
    "Le.Bureau.des.Legendes", "Ghosts", "The.Bear", "Lupin", "Star.Trek.Picard",
    "The.Man.in.the.High.Castle", "Kaamelott", "Engrenages", "Only.Murders.in.the.Building",
    "Call.the.Midwife", "Top.Boy", "The.Crown"
]  # fmt: skip
EPISODES = [
    "S01E01", "S02E10", "S03", "S01E01E02", "S04E05-E06", "1x03", "S10E100", "Season.2", "Saison.01",
    "S02.COMPLETE", "Saison.3.Complete", "S02.E03", "S01.E04-E05"
]  # fmt: skip
EPISODE_TITLES = [
    "", "The.Pilot", "A.New.Day", "Family.Matters", "The.End.of.the.Road", "Homecoming", "Part.One",
    "Night.2", "Blood.and.Water", "In.the.Dark", "The.Italian.Job", "French.Connection", "Cam.Girl",
    "Real.Life"
]  # fmt: skip
LANGUAGES = [
    "", "MULTi", "FRENCH", "TRUEFRENCH", "VOSTFR", "MULTi.VFF", "MULTi.VF2", "GERMAN.DL", "ITA.ENG",
    "SUBFRENCH", "iTALiAN", "SPANISH", "ENG", "NORDiC", "VFQ", "FRENCH.SUBFORCED"
]  # fmt: skip
RESOLUTIONS = [
    "", "720p", "1080p", "2160p", "480p", "576p", "1080i"
]  # fmt: skip
SERVICES = [
    "", "AMZN", "NF", "DSNP", "HMAX", "ATVP", "PCOK", "HULU", "MAX", "CRAV", "STAN", "iP", "ALL4", "CR",
    "ADN", "PMTP", "DSNY", "APTV", "ROKU", "VIKI"
]  # fmt: skip
SOURCES = [
    "", "WEB-DL", "WEBRip", "WEB", "HDTV", "BluRay", "BDRip", "BRRip", "DVDRip", "HDLight", "REMUX", "PDTV"
]  # fmt: skip
AUDIO = [
    "", "DDP5.1", "DD5.1", "AAC2.0", "AC3", "DTS", "DTS-HD.MA.5.1", "TrueHD.7.1.Atmos", "EAC3", "FLAC",
    "Opus"
]  # fmt: skip
CODECS = [
    "", "x264", "x265", "H.264", "H.265", "HEVC", "AVC", "XviD", "10bit.x265", "HDR.x265", "DV.HDR.H.265",
    "10bits.x265"
]  # fmt: skip
EXTRAS = [
    "", "PROPER", "REPACK", "iNTERNAL", "EXTENDED", "REMASTERED", "UNRATED", "HDR10", "READNFO", "IMAX"
]  # fmt: skip
GROUPS = [
    "-NTb", "-GRP", "-KiNGS", "-QTZ", "-FLUX", "-SiGMA", "-W4F", "", "-NOGRP[rarbg]", "-SC[eztv]", ".mkv",
    "-ZT.mkv", " - QTZ"
]  # fmt: skip


def _opening(rng: random.Random) -> list[str]:
    words = [rng.choice(TITLES)]
    if rng.random() < 0.5:
        if rng.random() < 0.2:
            words.append(rng.choice(["2019", "2021"]))
        words.append(rng.choice(EPISODES))
        episode_title = rng.choice(EPISODE_TITLES)
        if episode_title and rng.random() < 0.5:
            words.append(episode_title)
    else:
        words.append(rng.choice(["1985", "1999", "2019", "2021", "2024"]))
    return words


def scene_order(rng: random.Random) -> list[str]:
    """Tags in the usual order, one of each kind at most."""
    pools = (EXTRAS, LANGUAGES, RESOLUTIONS, SERVICES, SOURCES, AUDIO, CODECS)
    return _opening(rng) + [word for word in (rng.choice(pool) for pool in pools) if word]


def any_order(rng: random.Random) -> list[str]:
    """One to six tags of any kind in any order (several sources, a language after a service…)."""
    kinds = (EXTRAS, LANGUAGES, RESOLUTIONS, SERVICES, SOURCES, AUDIO, CODECS)
    return _opening(rng) + rng.sample([word for kind in kinds for word in kind if word], rng.randint(1, 6))


def differences(name: str) -> dict[str, tuple[object, object]] | None:
    """None when guessit reads the name; else the compared fields where the fast path's answer differs."""
    fields = parse_fast(name)
    if fields is None:
        return None
    fast, reference = finish(name, fields), parse_release_with_guessit(name)
    found = {key: (getattr(fast, key), getattr(reference, key)) for key in COMPARED}
    found["title"] = (normalise(fast.title), normalise(reference.title))
    return {key: pair for key, pair in found.items() if pair[0] != pair[1]}


def check(shape: Callable[[random.Random], list[str]], count: int, rng: random.Random) -> tuple[int, int]:
    """Generate ``count`` names of one shape; print each difference; (names read fast, names differing)."""
    read = differing = 0
    for _ in range(count):
        name = ".".join(shape(rng))
        if rng.random() < 0.3:
            name = name.replace(".", " ")
        name += rng.choice(GROUPS)
        found = differences(name)
        if found is None:
            continue
        read += 1
        if found:
            differing += 1
            print(f"  differs: {name!r}: {found}")
    return read, differing


def main() -> None:
    """Print, per shape, how many names the fast path read and how many differ from guessit."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 700
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    for shape in (scene_order, any_order):
        read, differing = check(shape, count, rng)
        print(f"{shape.__name__}: {count} names, {read} read by the fast path, {differing} not as guessit")


if __name__ == "__main__":
    main()
