"""Facts read straight from the raw name with regular expressions, the same whichever parse path ran.

guessit does not know the French tracker tags (VFF, VFQ, VF2, TRUEFRENCH…) nor Radarr's rules for full discs,
DVD images and raw HD captures, so these are read here for both paths.
"""

from __future__ import annotations

import re

_B = r"(?<![A-Za-z0-9])"  # token start: not preceded by a letter or digit
_E = r"(?![A-Za-z0-9])"  # token end

# Ordered: the tag list keeps this order so the summary reads the same for equal names.
_FRENCH_TAGS = (
    "MULTI",
    "TRUEFRENCH",
    "FRENCH",
    "VFF",
    "VFQ",
    "VFI",
    "VF2",
    "VOF",
    "VF",
    "VOSTFR",
    "SUBFRENCH",
)
_FRENCH_TAG_RE = re.compile(
    _B + r"(MULTI|TRUEFRENCH|FRENCH|VFF|VFQ|VFI|VF2|VOF|VF|VOSTFR|STFR|SUBFRENCH|FASTSUB)" + _E, re.IGNORECASE
)
_TAG_ALIASES = {"STFR": "VOSTFR", "FASTSUB": "VOSTFR"}
# Tags that promise a French audio track (MULTi on a French tracker means French + original audio).
FRENCH_AUDIO_TAGS = frozenset({"MULTI", "TRUEFRENCH", "FRENCH", "VFF", "VFQ", "VFI", "VF2", "VOF", "VF"})
FRENCH_SUBTITLE_TAGS = frozenset({"VOSTFR", "SUBFRENCH"})

_REVISION_RE = re.compile(_B + r"(PROPER|REPACK|RERIP)(\d)?" + _E, re.IGNORECASE)
_REAL_RE = re.compile(_B + r"REAL" + _E)  # case-sensitive: "real" is also an ordinary title word

_BR_DISK_RE = re.compile(
    _B
    + r"(BDISO|BD25|BD50|BD66|BD-25|BD-50|BD-66|UNTOUCHED|COMPLETE[ ._-](?:UHD[ ._-])?BLU-?RAY|"
    + r"(?:BLU-?RAY|BD).*\.ISO$|ISO)"
    + _E,
    re.IGNORECASE,
)
# A disc source with a disc codec is an untouched disc (Radarr's rule) unless the name shows an encode.
_DISC_SOURCE_RE = re.compile(_B + r"(BLU[ ._-]?RAY|HD[ ._-]?DVD|BD)" + _E, re.IGNORECASE)
_DISC_CODEC_RE = re.compile(_B + r"(AVC|HEVC|VC-?1|MVC|MPEG-?2|BDMV)" + _E, re.IGNORECASE)
_ENCODE_RE = re.compile(
    r"(?<!HD[ ._-])(?<!HD)"
    + _B
    + r"(DVD|X26[45]|H[ ._]?26[45]|XVID|DIVX|AV1|WMV|MKV|720P|REMUX|BDREMUX|[A-Z]*RIP|MBLURAY|BDLIGHT|"
    + r"HDLIGHT|UHD2BD|UHDBD)"
    + _E,
    re.IGNORECASE,
)
_HEVC_1080P_RE = re.compile(r"(?=.*" + _B + r"1080P" + _E + r")(?=.*" + _B + r"(?:HEVC)" + _E + ")", re.I)
_DVD_R_RE = re.compile(_B + r"(\d?X?DVD[59]|M?DVD-?R)" + _E, re.IGNORECASE)
_MPEG2_RE = re.compile(_B + r"MPEG-?2" + _E, re.IGNORECASE)
# REMUX as a word (BDRemux, UHD.Remux, 1080p-Remux, Hybrid-REMUX), not tied to a group ("DHD-Remux").
_REMUX_RE = re.compile(
    r"(?:[_. \[]|\d{4}p-|\bHybrid-|^)(?:(?:BD|UHD)[-_. ]?)?REMUX(?![A-Z0-9])"
    + r"|(?:(?:BD|UHD)[-_. ]?)?REMUX[-_. ]\d{4}p",
    re.IGNORECASE,
)
_ANIME_WEB_RE = re.compile(r"\[WEB\]|[\[(]WEB[ .]", re.IGNORECASE)
_RESOLUTION_RE = re.compile(
    r"(?<![0-9])(\d{3,4})[PI](?:24|25|30|50|60)?"
    + _E
    + r"|"
    + _B
    + r"(\d{3,4})X(\d{3,4})"
    + _E
    + r"|"
    + _B
    + r"(4K)"
    + _E,
    re.IGNORECASE,
)
_UHD_RE = re.compile(_B + "UHD" + _E, re.IGNORECASE)
_FHD_RE = re.compile(_B + "FHD" + _E, re.IGNORECASE)

# Source words guessit misses (glued to a resolution, prefixed, or tracker slang), most specific first.
_SOURCE_HINTS = (
    ("cam", re.compile(_B + r"(?:HD|HQ|NEW)?-?CAM(?:RIP)?" + _E, re.IGNORECASE)),
    ("telesync", re.compile(_B + r"(?:TELESYNCH?|TSRIP|HDTS)" + _E, re.IGNORECASE)),
    ("telecine", re.compile(_B + r"(?:TELECINE|HDTC)" + _E, re.IGNORECASE)),
    ("webrip", re.compile(_B + r"WEB-?(?:RIP|MUX)" + _E, re.IGNORECASE)),
    (
        "webdl",
        re.compile(
            _B + r"(?:ITUNESHD|WEBHD|WEB-?DL|WEB|AMAZON[HS]D|NETFLIXU?HD|DISNEYHD|HBOMAXHD|MAXDOMEHD)" + _E,
            re.IGNORECASE,
        ),
    ),
    ("tv", re.compile(_B + r"(?:HDTV|PDTV|DSR|TVRIP|SDTV)" + _E, re.IGNORECASE)),
    (
        "bluray",
        re.compile(
            _B + r"(?:M|UHD)?(?:BLU-?RAY|BD|UHD2BD)(?:LIGHT|RIP|MUX)?(?:\d{3,4}P)?" + _E + r"|\.M2TS$",
            re.IGNORECASE,
        ),
    ),
    ("dvd", re.compile(_B + r"(?:DVD(?:RIP)?|XVIDVD)" + _E, re.IGNORECASE)),
    # A streaming service's tag, as written by the scene (case matters: "It" is a title), is a WEB-DL even
    # where no WEB word says so.
    ("webdl", re.compile(_B + r"(?:AMZN|NF|DSNP|ATVP|HMAX|PCOK|HULU|iT)" + _E)),
)
_SD_CODEC_RE = re.compile(_B + r"(?:XVID|DIVX)" + _E, re.IGNORECASE)
_X264_RE = re.compile(_B + r"X264" + _E, re.IGNORECASE)
_HD_TV_RE = re.compile(r"\[HDTV\]|" + _B + r"HD[ ._-]TV" + _E, re.IGNORECASE)


def source_in(name: str) -> str | None:
    """A normalised source read from words guessit does not know (MBluRay, UHDBD, HQCAM, iTunesHD…)."""
    for source, pattern in _SOURCE_HINTS:
        if pattern.search(name):
            return source
    return None


def sd_codec(name: str) -> bool:
    """True when the name is an XviD or DivX encode (standard definition, whatever the disc)."""
    return bool(_SD_CODEC_RE.search(name))


def x264_only(name: str) -> bool:
    """True when the name says x264 (with nothing else, Radarr files it as SDTV)."""
    return bool(_X264_RE.search(name))


def says_hd_tv(name: str) -> bool:
    """True for "[HDTV]" or "HD TV" written apart, which Radarr reads as HDTV-720p."""
    return bool(_HD_TV_RE.search(name))


def french_tags(name: str) -> tuple[str, ...]:
    """The French release tags in ``name`` (upper case, canonical spelling, each once)."""
    found = {_TAG_ALIASES.get(tag.upper(), tag.upper()) for tag in _FRENCH_TAG_RE.findall(name)}
    return tuple(tag for tag in _FRENCH_TAGS if tag in found)


def revision(name: str) -> tuple[bool, bool, int]:
    """(proper, repack, version): REPACK2 is version 3, like Radarr's revision numbers."""
    proper = repack = False
    version = 1
    for word, number in _REVISION_RE.findall(name):
        if word.upper() == "PROPER":
            proper = True
        else:
            repack = True
        version = max(version, int(number) + 1 if number else 2)
    if _REAL_RE.search(name) and (proper or repack):
        version += 1
    return proper, repack, version


def is_br_disk(name: str) -> bool:
    """True for a full Blu-ray or HD DVD image (ISO, BD25/50, COMPLETE BLURAY, untouched disc codec)."""
    if _ENCODE_RE.search(name) or _HEVC_1080P_RE.match(name):
        return False  # an encode, whatever disc it came from (a 1080p HEVC is a re-encode of a UHD disc)
    if _BR_DISK_RE.search(name):
        return True
    return bool(_DISC_SOURCE_RE.search(name) and _DISC_CODEC_RE.search(name))


def is_dvd_image(name: str) -> bool:
    """True for a full DVD image (DVD5, DVD9, DVDR)."""
    return bool(_DVD_R_RE.search(name))


def is_raw_hd(name: str) -> bool:
    """True for a raw broadcast capture (HDTV in MPEG-2)."""
    return bool(_MPEG2_RE.search(name))


def says_anime_web(name: str) -> bool:
    """True for a fansub's "[Web]" tag, which Radarr takes for a 720p WEB-DL when no resolution is written."""
    return bool(_ANIME_WEB_RE.search(name))


def mentions_remux(name: str) -> bool:
    """True when the name says REMUX as a word (BDREMUX, UHD.Remux, Hybrid-REMUX…)."""
    return bool(_REMUX_RE.search(name))


def resolution_in(name: str) -> str | None:
    """The resolution written in the name, folded onto 480p/576p/720p/1080p/2160p, or None."""
    found = _RESOLUTION_RE.findall(name)
    for progressive, _width, height, _four_k in found:
        folded = fold_resolution(int(progressive or height or 0))
        if folded:
            return folded
    if _FHD_RE.search(name):
        return "1080p"
    # "4K" and "UHD" often sit beside an explicit 1080p (a 1080p encode of a UHD disc): they count alone.
    if any(four_k for *_, four_k in found) or _UHD_RE.search(name):
        return "2160p"
    return None


def fold_resolution(height: int) -> str | None:
    """Fold a frame height onto the ladder's resolutions (960p counts as 720p, 540p as 480p)."""
    if height >= 1600:
        return "2160p"
    if height >= 900 and height != 960:
        return "1080p"
    if height >= 700:
        return "720p"
    if height >= 570:
        return "576p"
    if height >= 300:
        return "480p"
    return None


# Where the title that opens a raw name stops: a bracket, a year (not as the first word: "2012", "1917"), a
# season/episode number, a resolution or a source word.
_TITLE_STOP_RE = re.compile(
    r"[\[\(]|"
    + _B
    + r"(?:(?<!\d{4}-)(?:19|20)\d\d(?!-(?:19|20)\d\d)|"
    + r"S\d{1,3}(?:[ ._-]?E\d{1,4})?|\d{1,2}x\d{2,3}|E\d{2,4}|\d{3,4}[PI]|4K|UHD|"
    + r"SEASON|SAISON|COMPLETE|INTEGRALE|BLU-?RAY|BD(?:RIP)?|BRRIP|WEB(?:-?DL|-?RIP)?|[HP]DTV|DVD(?:RIP)?|"
    + r"HDLIGHT|MHD|X26[45]|H[ .]?26[45]|XVID|HEVC|AC3|DTS|AAC|DDP?5)"
    + _E,
    re.IGNORECASE,
)
# Tracker and edition words that may sit between the title and the year ("Title.FRENCH.2019"); where they are
# written as a tag (not Capitalised like a title word: "La French" keeps its French), they end the title too.
_TAG_WORD_RE = re.compile(
    _B
    + r"(?:MULTI|TRUEFRENCH|FRENCH|VFF|VFQ|VFI|VF2|VOF|VOSTFR|SUBFRENCH|FASTSUB|GERMAN|ITALIAN|SPANISH|"
    + r"EXTENDED|UNRATED|REMASTERED|RESTORED|THEATRICAL|UNCUT|LIMITED|INTERNAL|PROPER|REPACK|CUSTOM|DC|SE|"
    + r"IMAX)"
    + _E,
    re.IGNORECASE,
)
_LEADING_BRACKETS_RE = re.compile(r"^(?:\s*\[[^\]]*\]\s*[-_.]?)+\s*")
_EXTENSION_RE = re.compile(r"\.(?:mkv|mp4|avi|m4v|ts|m2ts|wmv|mpe?g|mov|webm)$", re.IGNORECASE)


def leading_titles(name: str) -> tuple[str, ...]:
    """The title a raw name opens with, as a parser would cut it (one or two readings, separators kept).

    Cut at the first year, season/episode number or quality word; a second reading also stops at a tracker
    tag ("Johnny.English.FRENCH.DVDRip" reads "Johnny English") or at " - " (fansub "Show - 07").
    """
    text = _EXTENSION_RE.sub("", _LEADING_BRACKETS_RE.sub("", name))
    stop = _TITLE_STOP_RE.search(text, 1)
    head = text[: stop.start()] if stop else text
    readings = [head]
    for tag in _TAG_WORD_RE.finditer(head, 1):
        word = tag.group()
        if word != word.capitalize():
            readings.append(head[: tag.start()])
            break
    if " - " in head:
        readings.append(head.split(" - ", 1)[0])
    return tuple(dict.fromkeys(reading.strip(" ._-") for reading in readings if reading.strip(" ._-")))
