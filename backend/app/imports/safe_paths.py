"""Names from untrusted places: torrent file names checked before any read, titles made safe as folders.

A torrent's file names are never used to build a library path (library names come from the request), so a
hostile name can only try to make us read outside the download folder: such names are refused here, before
the filesystem is touched. Titles (from TMDB or a person) become path components through pathvalidate plus
the few things it lets through: "." and "..", leading dots (hidden files Plex ignores), bidirectional
controls that make a name display differently from what it is.
"""

from __future__ import annotations

import re
import unicodedata

from pathvalidate import ValidationError, sanitize_filename, validate_filename

MAX_COMPONENT_BYTES = 255  # ext4, XFS, btrfs, ZFS and NTFS (in UTF-16 units) all stop at about 255
MAX_PATH_BYTES = 4096  # Linux PATH_MAX
DISPLAY_LIMIT = 160

# Embeddings, overrides and isolates reorder what a name shows (U+202E makes "exe.mkv" show as "vkm.exe");
# the plain marks U+200E/U+200F are common in right-to-left titles and harmless.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLE = BIDI_CONTROLS | frozenset("\u200b\u200e\u200f\u061c\ufeff")
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_SPACES_RE = re.compile(r"\s+")


class UnsafeName(ValueError):
    """A torrent file name that could reach outside its folder or lie about itself."""


def source_parts(name: str) -> tuple[str, ...]:
    """The components of a torrent file name (relative to the save path), or UnsafeName with the reason."""
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) > MAX_PATH_BYTES:
        raise UnsafeName(f"the name is {len(encoded)} bytes long (the limit is {MAX_PATH_BYTES})")
    if "\x00" in name:
        raise UnsafeName("the name contains a NUL character")
    if name.startswith(("/", "\\")) or _DRIVE_RE.match(name):
        raise UnsafeName("the name is an absolute path")
    if any(char in BIDI_CONTROLS for char in name):
        raise UnsafeName("the name contains right-to-left override characters that disguise it")
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise UnsafeName("the name contains control characters")
    parts = tuple(name.split("/"))
    for part in parts:
        if part in ("", ".", ".."):
            raise UnsafeName(f"the name has a {part or 'empty'!r} folder in it")
        if len(part.encode("utf-8", "surrogateescape")) > MAX_COMPONENT_BYTES:
            raise UnsafeName(f"a part of the name is longer than {MAX_COMPONENT_BYTES} bytes")
    return parts


def display_name(name: str, limit: int = DISPLAY_LIMIT) -> str:
    """A torrent name safe to show and store: invisible and control characters escaped, length bounded."""
    shown = "".join(
        f"\\u{ord(char):04x}"
        if char in _INVISIBLE or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        else char
        for char in name[: limit * 2]
    )
    return shown if len(shown) <= limit and len(name) <= limit * 2 else shown[: limit - 1] + "…"


def fit_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes on a character boundary, without trailing dots or spaces."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore").rstrip(" .")


def safe_component(text: str, max_bytes: int = MAX_COMPONENT_BYTES) -> str:
    """`text` as one path component every OS accepts (pathvalidate, "universal"); "" if nothing usable."""
    text = _SPACES_RE.sub(" ", unicodedata.normalize("NFC", text))
    text = "".join(char for char in text if char not in _INVISIBLE and unicodedata.category(char) != "Cc")
    # Keep titles readable where pathvalidate would just drop the character: "Mission: Impossible".
    text = text.replace(": ", " - ").replace(":", "-").replace("/", "-").replace("\\", "-")
    text = _SPACES_RE.sub(" ", text)
    text = sanitize_filename(text, platform="universal", max_len=max_bytes)
    text = fit_bytes(text.strip().lstrip(". ").rstrip(". "), max_bytes)
    if not any(char.isalnum() for char in text):
        return ""  # "-", "..", "()": nothing a person would recognise, and "." / ".." are paths
    try:
        validate_filename(text, platform="universal", max_len=max_bytes)
    except ValidationError:
        return ""
    return text
