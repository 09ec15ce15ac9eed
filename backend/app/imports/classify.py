"""Which files of a torrent count: videos and subtitles, not samples, extras, programs or archives."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from app.imports.results import SkipReason

VIDEO_EXTENSIONS = frozenset(
    [
        "mkv",
        "mp4",
        "m4v",
        "avi",
        "mov",
        "wmv",
        "ts",
        "m2ts",
        "mts",
        "mpg",
        "mpeg",
        "webm",
        "ogm",
        "divx",
        "flv",
    ]
)
# What Plex reads beside a video (VobSub comes as an .idx/.sub pair).
SUBTITLE_EXTENSIONS = frozenset(["srt", "ass", "ssa", "vtt", "smi", "sub", "idx"])
EXECUTABLE_EXTENSIONS = frozenset(
    [
        "exe", "com", "bat", "cmd", "scr", "msi", "pif", "cpl", "hta", "lnk", "vbs", "vbe", "js", "jse",
        "wsf", "ps1", "jar", "apk", "app", "dmg", "dll", "sh", "run", "bin", "elf", "deb", "rpm",
    ]
)  # fmt: skip
ARCHIVE_EXTENSIONS = frozenset(
    ["rar", "zip", "7z", "tar", "gz", "tgz", "bz2", "xz", "zst", "cab", "arj", "ace"]
)
_SPLIT_ARCHIVE_RE = re.compile(r"^(r\d{2,3}|\d{3}|z\d{2})$")  # movie.r00, movie.001, movie.z01
DISK_IMAGE_EXTENSIONS = frozenset(["iso", "img", "vob", "ifo", "bup"])

# Plex's own folder names for extras, and the usual spellings in releases (compared without punctuation).
EXTRA_FOLDERS = frozenset(
    [
        "extras", "extra", "featurettes", "featurette", "trailers", "trailer", "behindthescenes",
        "deletedscenes", "interviews", "scenes", "shorts", "bonus", "bonusfeatures", "specialfeatures",
        "makingof", "other", "others",
    ]
)  # fmt: skip
EXTRA_WORDS = frozenset(["trailer", "trailers", "featurette", "featurettes", "extras", "bonus", "teaser"])
_EXTRA_PHRASES = ("making of", "behind the scenes", "deleted scene", "gag reel", "bloopers")
# Plex's suffix convention for local extras ("Inception-trailer.mkv").
_EXTRA_SUFFIX_RE = re.compile(r"-(trailer|featurette|behindthescenes|deleted|interview)$", re.IGNORECASE)
SAMPLE_WORDS = frozenset(["sample", "samples"])
# A video under a tenth of the largest one in the torrent is a sample, whatever its name says.
SAMPLE_SIZE_RATIO = 0.1

_WORD_RE = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The lower-case words of a name (letters and digits, any script)."""
    return _WORD_RE.findall(text.casefold())


def extension(parts: tuple[str, ...]) -> str:
    """The lower-case extension of the file, without the dot."""
    return PurePosixPath(parts[-1]).suffix.lower().lstrip(".")


def kind_of(parts: tuple[str, ...]) -> tuple[str, SkipReason | None, str]:
    """("video" | "subtitle" | "other", why an "other" file is left, the reason in words)."""
    ext = extension(parts)
    if ext in VIDEO_EXTENSIONS:
        return "video", None, ""
    if ext in SUBTITLE_EXTENSIONS:
        return "subtitle", None, ""
    if ext in EXECUTABLE_EXTENSIONS:
        return "other", SkipReason.EXECUTABLE, f"a program (.{ext}), never imported"
    if ext in ARCHIVE_EXTENSIONS or _SPLIT_ARCHIVE_RE.match(ext):
        return "other", SkipReason.ARCHIVE, f"an archive (.{ext}); archives are not unpacked"
    if ext in DISK_IMAGE_EXTENSIONS:
        return "other", SkipReason.NOT_MEDIA, f"a disc image (.{ext}), which Plex cannot play"
    shown = f".{ext}" if ext else "no extension"
    return "other", SkipReason.NOT_MEDIA, f"not a video or a subtitle ({shown})"


def is_sample(parts: tuple[str, ...], title_words: Iterable[str]) -> bool:
    """True when the file or one of its folders is named as a sample."""
    allowed = set(title_words)
    stem = PurePosixPath(parts[-1]).stem
    return any(
        word in SAMPLE_WORDS and word not in allowed for part in (*parts[:-1], stem) for word in words(part)
    )


def extra_reason(parts: tuple[str, ...], title_words: Iterable[str]) -> str | None:
    """Why this file looks like a bonus (trailer, featurette…) rather than the film or an episode, or None."""
    for folder in parts[:-1]:
        if "".join(words(folder)) in EXTRA_FOLDERS:
            return f"in the {folder!r} folder, which holds extras"
    stem = PurePosixPath(parts[-1]).stem
    if _EXTRA_SUFFIX_RE.search(stem):
        return "named as an extra (Plex suffix)"
    allowed = set(title_words)
    found = [word for word in words(stem) if word in EXTRA_WORDS and word not in allowed]
    if found:
        return f"named as an extra ({found[0]})"
    spaced = " ".join(words(stem))
    title_text = " ".join(title_words)
    for phrase in _EXTRA_PHRASES:
        if phrase in spaced and phrase not in title_text:
            return f"named as an extra ({phrase})"
    return None
