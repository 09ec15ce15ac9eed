"""Judge one parsed candidate against the request and the profile: a rejection, or a preference score."""

from __future__ import annotations

import math
import re
from pathlib import PurePosixPath

from app.releases.candidates import Candidate, MediaTarget
from app.releases.matching import release_matches
from app.releases.parsing import ParsedRelease
from app.releases.quality import Quality
from app.releases.quality_profiles import AudioPolicy, QualityProfile
from app.releases.rejections import ReasonCode, Rejection

_MB = 1024 * 1024
_DANGEROUS_SUFFIXES = frozenset(
    {".exe", ".bat", ".cmd", ".com", ".scr", ".msi", ".lnk", ".vbs", ".ps1", ".jar"}
)
_ARCHIVE_SUFFIXES = frozenset({".rar", ".zip", ".7z", ".tar", ".gz"})
_VIDEO_SUFFIXES = frozenset({".mkv", ".mp4", ".avi", ".m4v", ".ts", ".m2ts", ".mov", ".wmv", ".webm", ".mpg"})
_PART_RAR_RE = re.compile(r"\.r\d\d$", re.IGNORECASE)
YEAR_TOLERANCE = 1  # release years are often the festival or the home-video year


def size_mb_per_minute(candidate: Candidate, target: MediaTarget, parsed: ParsedRelease) -> float | None:
    """Size per minute of runtime, or None when the size, the runtime or the episode count is unknown."""
    if not candidate.size_bytes or not target.runtime_minutes:
        return None
    if target.media_type == "tv":
        if parsed.is_season_pack or not parsed.episodes:
            return None  # the number of episodes in a pack is unknown here
        minutes = target.runtime_minutes * len(parsed.episodes)
    else:
        minutes = target.runtime_minutes
    return candidate.size_bytes / _MB / minutes


def reject(
    candidate: Candidate, parsed: ParsedRelease, target: MediaTarget, profile: QualityProfile
) -> Rejection | None:
    """The first reason to turn this candidate down, or None when it is acceptable.

    After the title, the reasons that need no parse come first (reject_unparsed), so a name that names the
    request and fails one of them is turned down without being parsed, with the reason it would get here.
    """
    checks = (
        _blocklist,
        _title,
        _words,
        _seeders,
        _files,
        _kind_and_episodes,
        _year,
        _quality,
        _language,
        _size,
    )
    for check in checks:
        rejection = check(candidate, parsed, target, profile)
        if rejection:
            return rejection
    return None


def reject_unparsed(candidate: Candidate, target: MediaTarget, profile: QualityProfile) -> Rejection | None:
    """The first reason ``reject`` would give a name whose title is known to match, read without its parse:
    blocklisted, a forbidden or missing word, no seeders, programs or archives only."""
    if _blocklisted(candidate, target):
        return _blocklisted_rejection(candidate)
    for check in (_words_of, _seeders_of, _files_of):
        rejection = check(candidate, profile)
        if rejection:
            return rejection
    return None


def _no(candidate: Candidate, code: ReasonCode, message: str, label: str = "") -> Rejection:
    return Rejection(candidate=candidate, code=code, message=message, label=label)


def _blocklist(c: Candidate, p: ParsedRelease, t: MediaTarget, _: QualityProfile) -> Rejection | None:
    return _blocklisted_rejection(c) if _blocklisted(c, t) else None


def _blocklisted(c: Candidate, t: MediaTarget) -> bool:
    return bool(c.info_hash and c.info_hash.lower() in t.blocklisted_hashes) or c.title.casefold() in {
        title.casefold() for title in t.blocklisted_titles
    }


def _blocklisted_rejection(c: Candidate) -> Rejection:
    return _no(c, ReasonCode.BLOCKLISTED, "This release is blocklisted (it failed before or was removed).")


def _title(c: Candidate, p: ParsedRelease, t: MediaTarget, _: QualityProfile) -> Rejection | None:
    if not release_matches(p, t.all_titles):
        return wrong_title(c, (p.title,), t)
    return None


def wrong_title(c: Candidate, read: tuple[str, ...], t: MediaTarget) -> Rejection:
    """The rejection of a name that names another film or show (``read``: the titles the name gives)."""
    shown = read[0].replace(".", " ") if read else c.title
    return _no(c, ReasonCode.WRONG_TITLE, f"The title reads “{shown}”, not “{t.title}”.")


def _year(c: Candidate, p: ParsedRelease, t: MediaTarget, _: QualityProfile) -> Rejection | None:
    # Shows keep their first-air year in names inconsistently, so only films are held to it.
    if t.media_type == "movie" and t.year and p.year and abs(p.year - t.year) > YEAR_TOLERANCE:
        return _no(c, ReasonCode.WRONG_YEAR, f"The year is {p.year}, the film is from {t.year}.")
    return None


def _kind_and_episodes(c: Candidate, p: ParsedRelease, t: MediaTarget, _: QualityProfile) -> Rejection | None:
    if t.media_type == "movie":
        if p.seasons or p.episodes:
            return _no(c, ReasonCode.WRONG_TYPE, "This is an episode or a season of a show, not a film.")
        return None
    if p.is_complete_series:
        return None  # every season in one pack, the requested ones among them
    if not p.seasons and p.absolute_episodes:
        # An anime fansub's number TMDB could not place (no TMDB, past its last episode, across two seasons).
        numbers = ", ".join(str(number) for number in p.absolute_episodes)
        return _no(
            c,
            ReasonCode.WRONG_EPISODE,
            f"Episode {numbers} is counted from the first one, and TMDB cannot say which season holds it.",
        )
    if not p.seasons:
        return _no(c, ReasonCode.WRONG_TYPE, "No season or episode number: this is not an episode release.")
    wanted_seasons = [s for s in p.seasons if not t.seasons or s in t.seasons]
    if not wanted_seasons:
        seasons = ", ".join(str(season) for season in p.seasons)
        return _no(c, ReasonCode.WRONG_SEASON, f"Season {seasons} was not requested.")
    if p.is_season_pack:
        return None  # a pack holds every wanted episode of its season
    wanted_episodes = t.episodes.get(p.seasons[0])
    if wanted_episodes and not set(p.episodes) & set(wanted_episodes):
        episodes = ", ".join(str(episode) for episode in p.episodes)
        return _no(
            c, ReasonCode.WRONG_EPISODE, f"Episode {episodes} of season {p.seasons[0]} was not requested."
        )
    return None


def _quality(c: Candidate, p: ParsedRelease, t: MediaTarget, profile: QualityProfile) -> Rejection | None:
    # Cinema recordings only for a household whose profile lists them (none of the shipped ones does).
    if p.quality.is_pre_release and p.quality not in profile.allowed:
        return _no(
            c,
            ReasonCode.PRE_RELEASE,
            f"{p.quality.value} is a recording from a cinema or a screener, not a real release.",
            label=p.quality.value,
        )
    if p.quality == Quality.UNKNOWN:
        return _no(c, ReasonCode.UNKNOWN_QUALITY, "The name does not say its source or resolution.")
    if not p.source_known and not profile.accepts_unknown_source(p.resolution):
        return _no(
            c,
            ReasonCode.UNKNOWN_QUALITY,
            f"The name does not say its source ({p.resolution or 'no resolution either'}); the profile "
            f"“{profile.name}” "
            + (
                f"takes that only from {profile.unknown_source_from}."
                if profile.unknown_source_from
                else "does not take that."
            ),
        )
    if profile.rank_of(p.quality) is None:
        return _no(
            c,
            ReasonCode.QUALITY_NOT_ALLOWED,
            f"{p.quality.value} is not allowed by the profile “{profile.name}”.",
        )
    return None


def _has_word(name: str, word: str) -> bool:
    return (
        re.search(r"(?<![A-Za-z0-9])" + re.escape(word) + r"(?![A-Za-z0-9])", name, re.IGNORECASE) is not None
    )


def _words(c: Candidate, p: ParsedRelease, t: MediaTarget, profile: QualityProfile) -> Rejection | None:
    return _words_of(c, profile)


def _words_of(c: Candidate, profile: QualityProfile) -> Rejection | None:
    for word in profile.forbidden_words:
        if _has_word(c.title, word):
            return _no(c, ReasonCode.FORBIDDEN_WORD, f"The name contains the forbidden word “{word}”.")
    missing = [word for word in profile.required_words if not _has_word(c.title, word)]
    if profile.required_words and len(missing) == len(profile.required_words):
        wanted = ", ".join(profile.required_words)
        return _no(
            c, ReasonCode.MISSING_REQUIRED_WORD, f"The name contains none of the required words ({wanted})."
        )
    return None


def has_french_audio(p: ParsedRelease, t: MediaTarget) -> bool:
    """French audio announced, or a French film with no other language announced."""
    if p.has_french_audio:
        return True
    return t.original_language == "fr" and not p.languages and not p.subtitle_languages


def _language(c: Candidate, p: ParsedRelease, t: MediaTarget, profile: QualityProfile) -> Rejection | None:
    if profile.audio_policy == AudioPolicy.REQUIRE_FRENCH and not has_french_audio(p, t):
        return _no(c, ReasonCode.NO_FRENCH_AUDIO, "No French audio track is announced (FRENCH, VFF, MULTi…).")
    if (
        profile.audio_policy == AudioPolicy.FRENCH_OR_SUBTITLED
        and not has_french_audio(p, t)
        and not p.has_french_subtitles
    ):
        return _no(
            c,
            ReasonCode.NO_FRENCH_AUDIO_OR_SUBTITLES,
            "Neither French audio nor French subtitles (VOSTFR) are announced.",
        )
    return None


def _size(c: Candidate, p: ParsedRelease, t: MediaTarget, profile: QualityProfile) -> Rejection | None:
    per_minute = size_mb_per_minute(c, t, p)
    if per_minute is None:
        return None
    if per_minute < profile.min_mb_per_minute:
        return _no(
            c,
            ReasonCode.TOO_SMALL,
            f"{format_size(c.size_bytes)} is too small for {_runtime(t, p)} "
            f"(at least {profile.min_mb_per_minute:g} MB per minute).",
        )
    if profile.max_mb_per_minute is not None and per_minute > profile.max_mb_per_minute:
        return _no(
            c,
            ReasonCode.TOO_BIG,
            f"{format_size(c.size_bytes)} is too big for {_runtime(t, p)} "
            f"(at most {profile.max_mb_per_minute:g} MB per minute).",
        )
    return None


def _runtime(t: MediaTarget, p: ParsedRelease) -> str:
    minutes = (t.runtime_minutes or 0) * max(1, len(p.episodes))
    return f"{minutes} minutes"


def _seeders(c: Candidate, p: ParsedRelease, t: MediaTarget, profile: QualityProfile) -> Rejection | None:
    return _seeders_of(c, profile)


def _seeders_of(c: Candidate, profile: QualityProfile) -> Rejection | None:
    # Unknown seeders (usenet, some feeds) are not held against a release; it only ranks lower.
    if c.seeders is not None and c.seeders < profile.min_seeders:
        return _no(c, ReasonCode.NO_SEEDERS, f"{c.seeders} seeders: the download would never finish.")
    return None


def _files(c: Candidate, p: ParsedRelease, t: MediaTarget, profile: QualityProfile) -> Rejection | None:
    return _files_of(c, profile)


def _files_of(c: Candidate, _: QualityProfile) -> Rejection | None:
    if not c.file_names:
        return None
    suffixes = [PurePosixPath(name.replace("\\", "/")).suffix.lower() for name in c.file_names]
    dangerous = [
        name for name, suffix in zip(c.file_names, suffixes, strict=True) if suffix in _DANGEROUS_SUFFIXES
    ]
    if dangerous:
        return _no(
            c, ReasonCode.DANGEROUS_FILES, f"It contains a program ({dangerous[0]}), a sign of malware."
        )
    has_video = any(suffix in _VIDEO_SUFFIXES for suffix in suffixes)
    archives = any(
        s in _ARCHIVE_SUFFIXES or _PART_RAR_RE.search(n) for n, s in zip(c.file_names, suffixes, strict=True)
    )
    if archives and not has_video:
        return _no(
            c, ReasonCode.ARCHIVES_ONLY, "It holds archives and no video file (often password-locked fakes)."
        )
    return None


def preference_score(c: Candidate, p: ParsedRelease, t: MediaTarget, profile: QualityProfile) -> int:
    """Points for what the profile prefers among releases of equal quality (language, revision, words)."""
    score = 0
    french = has_french_audio(p, t)
    if profile.audio_policy != AudioPolicy.ANY:
        if french:
            score += 100
            # France French (VFF/TRUEFRENCH) over Québec dubbing when the household is in France.
            if {"VFF", "TRUEFRENCH", "VF2"} & set(p.language_tags):
                score += 10
        elif p.has_french_subtitles:
            score += 50
    score += 10 * (p.revision - 1)
    score += sum(20 for word in profile.preferred_words if _has_word(c.title, word))
    return score


def seeders_bucket(seeders: int | None) -> int:
    """Seeders on a log scale (doubling buckets), so 150 and 160 tie and 10 loses to 100; unknown is -1."""
    if seeders is None:
        return -1
    return int(math.log2(seeders + 1))


def format_size(size_bytes: int | None) -> str:
    """Size for people: "8.2 GB", "700 MB"."""
    if not size_bytes:
        return "unknown size"
    if size_bytes >= 1024**3:
        return f"{size_bytes / 1024**3:.1f} GB"
    return f"{size_bytes / _MB:.0f} MB"
