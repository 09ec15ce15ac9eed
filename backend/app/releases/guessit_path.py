"""The reference parse path: guessit, with its answer translated into our own vocabulary."""

from __future__ import annotations

import re
from typing import Any

from app.releases.fields import NameFields
from app.releases.guessit_api import guessit
from app.releases.name_hints import fold_resolution

_SOURCES = {
    "Camera": "cam",
    "HD Camera": "cam",
    "Workprint": "cam",
    "Telesync": "telesync",
    "HD Telesync": "telesync",
    "Telecine": "telecine",
    "HD Telecine": "telecine",
    "TV": "tv",
    "Digital TV": "tv",
    "Satellite": "tv",
    "Pay-per-view": "tv",
    "HDTV": "tv",
    "Ultra HDTV": "tv",
    "Analog HDTV": "tv",
    "Video on Demand": "tv",
    # No VHS rung on Radarr's ladder: a VHS rip is read from its other words or stays Unknown.
    "DVD": "dvd",
    "HD-DVD": "bluray",
    "Blu-ray": "bluray",
    "Ultra HD Blu-ray": "bluray",
    "Web": "webdl",
}
# A season written as such (S01, 1x02, Season 2, Saison 2); without one, a "season" equal to the year is it.
_SEASON_MARK_RE = re.compile(r"(?<![A-Za-z0-9])(?:S\d{1,4}|\d{1,2}x\d{1,3}|SEASON|SAISON)", re.IGNORECASE)
_EPISODE_WORD_RE = re.compile(
    r"(?<![A-Za-z0-9])EPISODE[ ._-]?(?:\d{1,2}|[IVX]{1,4})(?![A-Za-z0-9])", re.IGNORECASE
)
_YEAR_RE = re.compile(r"(?<![A-Za-z0-9])((?:19|20)\d\d)(?![A-Za-z0-9])")
_YEAR_RANGE_RE = re.compile(r"(?<![A-Za-z0-9])((?:19|20)\d\d)-((?:19|20)\d\d)(?![A-Za-z0-9])")
_CODECS = {"H.264": "x264", "H.265": "x265", "Xvid": "XviD", "DivX": "DivX", "AV1": "AV1", "MPEG-2": "MPEG-2"}
_HDR = {"HDR10": "HDR10", "HDR10+": "HDR10+", "Dolby Vision": "DV", "HLG": "HLG"}
_AUDIO = {
    "Dolby Digital": "AC3",
    "Dolby Digital Plus": "EAC3",
    "Dolby TrueHD": "TrueHD",
    "Dolby Atmos": "Atmos",
    "DTS-HD": "DTS-HD",
    "DTS:X": "DTS-X",
}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _language_codes(value: Any) -> list[str]:
    codes = []
    for language in _as_list(value):
        code = str(language)
        codes.append("multi" if code == "mul" else code)
    return codes


def parse_with_guessit(name: str) -> NameFields:
    """Parse ``name`` with guessit and translate the answer into NameFields."""
    guess = guessit(name)
    other = {str(item) for item in _as_list(guess.get("other"))}
    fields = NameFields(via_guessit=True)
    title = str(guess.get("title") or "")
    if isinstance(guess.get("part"), int) and title and not guess.get("season") and not guess.get("episode"):
        # guessit splits "Dune.Part.Two" into title + part; a film's part belongs to the title we match
        # against, an episode's ("Seinfeld.S09E23.The.Finale.Part.2") to the episode title, not the show's.
        title = f"{title} Part {guess['part']}"
    fields.title = title
    years = [year for year in _as_list(guess.get("year")) if isinstance(year, int)]
    fields.year = _release_year(name, years[0] if years else None)
    fields.seasons = sorted({s for s in _as_list(guess.get("season")) if isinstance(s, int)})
    fields.episodes = sorted({e for e in _as_list(guess.get("episode")) if isinstance(e, int)})
    if fields.year in fields.seasons and not _SEASON_MARK_RE.search(name):
        fields.seasons.remove(fields.year)  # guessit read the release year twice, once as a season
    if fields.year and fields.episodes and not fields.seasons and _numbered_title(name, fields.year):
        fields.episodes = []  # "Star Wars Episode 4 … 1977": the number is part of a film's title
    fields.resolution = _resolution(guess.get("screen_size"))
    sources = [_SOURCES.get(str(source)) for source in _as_list(guess.get("source"))]
    fields.source = next((source for source in sources if source), None)
    if fields.source == "webdl" and ("Rip" in other or "Mux" in other):
        fields.source = "webrip"
    if "Screener" in other and fields.source in (None, "dvd", "webdl", "bluray"):
        fields.source = "screener"
    fields.remux = "Remux" in other
    fields.rip = "Rip" in other
    fields.high_resolution = "High Resolution" in other
    fields.complete = "Complete" in other
    # "Show.COMPLETE.SERIES", "Show.INTEGRALE": every season in one pack, with no season number to say so.
    fields.complete_series = (
        fields.complete and guess.get("type") == "episode" and not fields.seasons and not fields.episodes
    )
    codecs = [_CODECS.get(str(codec), str(codec)) for codec in _as_list(guess.get("video_codec"))]
    fields.codec = codecs[0] if codecs else None
    fields.hdr = [_HDR[item] for item in sorted(other) if item in _HDR]
    fields.audio = [_AUDIO.get(str(codec), str(codec)) for codec in _as_list(guess.get("audio_codec"))]
    fields.languages = _language_codes(guess.get("language"))
    fields.subtitle_languages = _language_codes(guess.get("subtitle_language"))
    group = guess.get("release_group")
    fields.group = str(group) if group else None
    editions = _as_list(guess.get("edition"))
    fields.edition = " ".join(str(edition) for edition in editions) or None
    return fields


def _release_year(name: str, guessed: int | None) -> int | None:
    """The release year, past a range of years that belongs to the title ("Story.of.1982-1992.2017")."""
    ranges = _YEAR_RANGE_RE.findall(name)
    if not ranges:
        return guessed
    in_range = {int(year) for pair in ranges for year in pair}
    if guessed is not None and guessed not in in_range:
        return guessed
    standalone = [int(year) for year in _YEAR_RE.findall(_YEAR_RANGE_RE.sub(" ", name))]
    return standalone[-1] if standalone else guessed


def _numbered_title(name: str, year: int) -> bool:
    """True when an "Episode N" stands before the release year, inside a film's title."""
    numbered = _EPISODE_WORD_RE.search(name)
    year_at = name.find(str(year))
    return bool(numbered and 0 <= numbered.start() < year_at)


def _resolution(screen_size: Any) -> str | None:
    for size in _as_list(screen_size):
        text = str(size).lower()
        digits = text.split("x")[-1].rstrip("pi")
        if digits.isdigit():
            folded = fold_resolution(int(digits))
            if folded:
                return folded
    return None
