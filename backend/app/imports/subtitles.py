"""A subtitle's language and flags (forced, SDH), read from its name and folders, as Plex wants them.

Plex reads `Title (Year).fr.srt`, `.en.forced.srt`, `.en.sdh.srt` (ISO 639-1 where one exists). Names in
torrents say it many ways: `Movie.fr.srt`, `Subs/2_English.srt`, `French/Movie.srt`, `Movie.VOSTFR.srt`,
`eng.forced.srt`. Only the end of a name is read (the words before are the release name, whose language is
the audio's), and a bare two- or three-letter code counts only where codes are written (`.xx`, `_xx`, a
name or folder of its own), never after a dash, where release groups sit (`-ITA`). Unsure: no tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

from babelfish import LANGUAGES, Language, LanguageConvertError

from app.imports.classify import words

# French tracker tags (see app/releases/name_hints.py) and French spellings a French household's files carry.
_EXTRA_NAMES = {
    "vf": "fr", "vff": "fr", "vfq": "fr", "vfi": "fr", "vf2": "fr", "vostfr": "fr", "truefrench": "fr",
    "subfrench": "fr", "francais": "fr", "français": "fr", "anglais": "en", "espagnol": "es",
    "allemand": "de", "italien": "it", "portugais": "pt", "neerlandais": "nl", "néerlandais": "nl",
    "japonais": "ja", "chinois": "zh", "coreen": "ko", "coréen": "ko", "russe": "ru", "arabe": "ar",
    "suedois": "sv", "suédois": "sv", "polonais": "pl", "greek": "el", "farsi": "fa", "persian": "fa",
    "brazilian": "pt", "castilian": "es", "castellano": "es", "latino": "es", "español": "es",
    "espanol": "es", "deutsch": "de", "italiano": "it", "flemish": "nl", "mandarin": "zh",
    "cantonese": "zh", "norwegian": "no",
}  # fmt: skip
FORCED_WORDS = frozenset(["forced", "forcé", "forcés", "forcee", "forcée", "foreign"])
SDH_WORDS = frozenset(["sdh", "cc", "hi", "hoh", "sme", "hearing", "impaired", "deaf", "malentendants"])
# Words that say "subtitle" and nothing more: skipped while looking for the language.
NEUTRAL_WORDS = frozenset(
    [
        "sub", "subs", "subtitle", "subtitles", "st", "soustitres", "sous", "titres", "full", "default",
        "complete", "dialog", "dialogue", "track", "text", "utf8", "utf", "ansi", "srt", "ass", "vobsub",
    ]
)  # fmt: skip
_REGION_RE = re.compile(r"(?<![A-Za-z])([a-z]{2,3})[-_]([A-Z]{2}|\d{3})(?![A-Za-z])")  # pt-BR, fr-CA, es-419
_WORD_SPAN_RE = re.compile(r"[^\W_]+")
_CODE_LEADS = frozenset("._ [(")


@dataclass(frozen=True, slots=True)
class SubtitleTags:
    """What a subtitle file says about itself."""

    language: str | None = None
    forced: bool = False
    sdh: bool = False

    @property
    def suffix(self) -> str:
        """The part between the video's name and the extension: ".fr", ".en.forced", or "" when unknown."""
        if self.language is None:
            return ""
        return f".{self.language}" + (".forced" if self.forced else "") + (".sdh" if self.sdh else "")


def _with_two_letter_code() -> Iterator[tuple[Language, str]]:
    """The languages ISO 639-1 names (Plex would not know any other by a 2-letter tag), with that code."""
    for alpha3 in sorted(LANGUAGES):
        try:
            language = Language(alpha3)
            yield language, language.alpha2
        except (LanguageConvertError, ValueError):
            continue


@cache
def _codes() -> dict[str, str]:
    """Every ISO 639-1 language by its 2-letter, 3-letter (B and T) codes."""
    table: dict[str, str] = {}
    for language, alpha2 in _with_two_letter_code():
        table[alpha2] = alpha2
        table[language.alpha3] = alpha2
        with suppress(LanguageConvertError):
            table[language.alpha3b] = alpha2
    return table


@cache
def _names() -> dict[str, str]:
    """Every ISO 639-1 language by its English name ("french", "modern greek"), plus our own spellings."""
    table: dict[str, str] = {}
    for language, alpha2 in _with_two_letter_code():
        for name in language.name.split(";"):
            cleaned = re.sub(r"\s*\(.*?\)", "", name).strip().casefold()
            if cleaned:
                table.setdefault(cleaned, alpha2)
    table.update(_EXTRA_NAMES)
    return table


def _language(word: str, codes_allowed: bool) -> str | None:
    named = _names().get(word)
    if named:
        return named
    if codes_allowed and len(word) in (2, 3):
        return _codes().get(word)
    return None


def _read(text: str, flags: set[str]) -> str | None:
    """The language that ends `text`, collecting forced/SDH flags on the way; None at the first other word."""
    text = _REGION_RE.sub(r"\1", text)
    spans = list(_WORD_SPAN_RE.finditer(text))
    for index in range(len(spans) - 1, -1, -1):
        word = spans[index].group().casefold()
        if word in FORCED_WORDS:
            flags.add("forced")
            continue
        if word in SDH_WORDS and not (word == "hi" and index == 0):
            flags.add("sdh")
            continue
        if word in NEUTRAL_WORDS:
            continue
        start = spans[index].start()
        codes_allowed = start == 0 or text[start - 1] in _CODE_LEADS
        return _language(word, codes_allowed)
    return None


def subtitle_tags(parts: tuple[str, ...], video_stems: Iterable[str], has_top_folder: bool) -> SubtitleTags:
    """Language and flags of the subtitle at `parts`, knowing the stems of the torrent's videos."""
    flags: set[str] = set()
    stem = PurePosixPath(parts[-1]).stem
    remainder = _after_known_stem(stem, video_stems)
    language = _read(remainder if remainder is not None else stem, flags)
    folders = parts[1:-1] if has_top_folder else parts[:-1]  # the top folder is the release's name
    for folder in reversed(folders):
        if language is not None:
            break
        if "".join(words(folder)) in NEUTRAL_WORDS:
            continue
        language = _read(folder, flags)
        if any(video.casefold() == folder.casefold() for video in video_stems):
            break  # Subs/<episode release name>/2_English.srt: the folder names the video, not a language
    return SubtitleTags(language=language, forced="forced" in flags, sdh="sdh" in flags)


def starts_with_name(stem: str, name: str) -> bool:
    """True when `stem` is `name`, or `name` and then a separator ("Movie.fr": "Movie", not "Mov")."""
    folded, prefix = stem.casefold(), name.casefold()
    return (
        bool(prefix)
        and folded.startswith(prefix)
        and (len(folded) == len(prefix) or not folded[len(prefix)].isalnum())
    )


def _after_known_stem(stem: str, video_stems: Iterable[str]) -> str | None:
    """What follows a video's own name in the subtitle's name (".fr.forced"), or None if it does not."""
    rests = [stem[len(video) :] for video in video_stems if starts_with_name(stem, video)]
    return min(rests, key=len) if rests else None
