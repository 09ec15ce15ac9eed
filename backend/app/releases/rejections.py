"""Why a candidate was turned down: a stable code (translated by the UI) and an English sentence."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from app.releases.candidates import Candidate


class ReasonCode(Enum):
    """Stable reason codes; the value is what is stored and what the UI translates."""

    BLOCKLISTED = "blocklisted"
    WRONG_TITLE = "wrong_title"
    WRONG_YEAR = "wrong_year"
    WRONG_TYPE = "wrong_type"
    WRONG_SEASON = "wrong_season"
    WRONG_EPISODE = "wrong_episode"
    PRE_RELEASE = "pre_release"
    UNKNOWN_QUALITY = "unknown_quality"
    QUALITY_NOT_ALLOWED = "quality_not_allowed"
    TOO_SMALL = "too_small"
    TOO_BIG = "too_big"
    NO_SEEDERS = "no_seeders"
    DANGEROUS_FILES = "dangerous_files"
    ARCHIVES_ONLY = "archives_only"
    FORBIDDEN_WORD = "forbidden_word"
    MISSING_REQUIRED_WORD = "missing_required_word"
    NO_FRENCH_AUDIO = "no_french_audio"
    NO_FRENCH_AUDIO_OR_SUBTITLES = "no_french_audio_or_subtitles"


# How a reason is counted in the one-line summary ("6 CAM, 5 wrong year").
SHORT_LABELS = {
    ReasonCode.BLOCKLISTED: "blocklisted",
    ReasonCode.WRONG_TITLE: "wrong title",
    ReasonCode.WRONG_YEAR: "wrong year",
    ReasonCode.WRONG_TYPE: "wrong type",
    ReasonCode.WRONG_SEASON: "wrong season",
    ReasonCode.WRONG_EPISODE: "wrong episode",
    ReasonCode.UNKNOWN_QUALITY: "unknown quality",
    ReasonCode.QUALITY_NOT_ALLOWED: "quality not allowed",
    ReasonCode.TOO_SMALL: "too small",
    ReasonCode.TOO_BIG: "too big",
    ReasonCode.NO_SEEDERS: "no seeders",
    ReasonCode.DANGEROUS_FILES: "dangerous files",
    ReasonCode.ARCHIVES_ONLY: "archives only",
    ReasonCode.FORBIDDEN_WORD: "forbidden word",
    ReasonCode.MISSING_REQUIRED_WORD: "missing required word",
    ReasonCode.NO_FRENCH_AUDIO: "no French audio",
    ReasonCode.NO_FRENCH_AUDIO_OR_SUBTITLES: "no French audio or subtitles",
}


@dataclass(frozen=True, slots=True)
class Rejection:
    """One candidate turned down, with the reason a person can read."""

    candidate: Candidate
    code: ReasonCode
    message: str
    # For pre-release rejections the quality (CAM, TELESYNC…) is the clearest label.
    label: str = ""

    @property
    def short_label(self) -> str:
        """The words used to count this rejection in the summary."""
        return self.label or SHORT_LABELS[self.code]

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready record for the request's stored explanation."""
        return {
            "title": self.candidate.title,
            "indexer": self.candidate.indexer,
            "code": self.code.value,
            "label": self.short_label,
            "message": self.message,
        }
