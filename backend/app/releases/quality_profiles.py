"""Quality profiles: what a household accepts and prefers; stored as JSON in the settings table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from app.releases.quality import Quality

# Resolutions a profile can name, lowest first.
RESOLUTIONS = ("480p", "576p", "720p", "1080p", "2160p")


class AudioPolicy(Enum):
    """How the release's audio language is judged."""

    REQUIRE_FRENCH = "require_french"
    PREFER_FRENCH = "prefer_french"
    # French audio, or the original audio with French subtitles (VOSTFR): both accepted, French preferred.
    FRENCH_OR_SUBTITLED = "french_or_subtitled"
    ANY = "any"


@dataclass(frozen=True)
class QualityProfile:
    """The qualities allowed (worst to best), the one preferred, and the bounds a release must meet."""

    name: str
    allowed: tuple[Quality, ...]
    preferred: Quality
    min_mb_per_minute: float = 0.0
    max_mb_per_minute: float | None = None
    # Size a person would call ideal, to break ties between equal releases; None: the middle of the bounds.
    preferred_mb_per_minute: float | None = None
    min_seeders: int = 1
    audio_policy: AudioPolicy = AudioPolicy.PREFER_FRENCH
    required_words: tuple[str, ...] = ()
    forbidden_words: tuple[str, ...] = ()
    preferred_words: tuple[str, ...] = field(default=())
    # A release that names no source (a bare "1080p", which reads as HDTV the way Radarr reads it) is taken
    # from this resolution up, ranked below releases of the same rung whose source is written; None: never.
    unknown_source_from: str | None = "720p"

    def accepts_unknown_source(self, resolution: str | None) -> bool:
        """True when a release with no written source at ``resolution`` may be taken."""
        if self.unknown_source_from is None or resolution not in RESOLUTIONS:
            return False
        return RESOLUTIONS.index(resolution) >= RESOLUTIONS.index(self.unknown_source_from)

    def rank_of(self, quality: Quality) -> int | None:
        """Rank of ``quality`` in this profile (higher is better), None when not allowed; the preferred
        quality ranks above every other (it is the cutoff: better is not sought once it is found)."""
        if quality not in self.allowed:
            return None
        if quality == self.preferred:
            return len(self.allowed)
        return self.allowed.index(quality)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (quality labels and policy values as strings)."""
        data = asdict(self)
        data["allowed"] = [quality.value for quality in self.allowed]
        data["preferred"] = self.preferred.value
        data["audio_policy"] = self.audio_policy.value
        for key in ("required_words", "forbidden_words", "preferred_words"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QualityProfile:
        """Read back what to_dict wrote; unknown quality labels raise ValueError."""
        allowed = tuple(Quality.from_label(label) for label in data["allowed"])
        preferred = Quality.from_label(data["preferred"])
        if preferred not in allowed:
            raise ValueError(f"preferred quality {preferred.value} is not among the allowed ones")
        return cls(
            name=str(data["name"]),
            allowed=allowed,
            preferred=preferred,
            min_mb_per_minute=float(data.get("min_mb_per_minute", 0.0)),
            max_mb_per_minute=_optional_float(data.get("max_mb_per_minute")),
            preferred_mb_per_minute=_optional_float(data.get("preferred_mb_per_minute")),
            min_seeders=int(data.get("min_seeders", 1)),
            audio_policy=AudioPolicy(data.get("audio_policy", AudioPolicy.PREFER_FRENCH.value)),
            required_words=tuple(data.get("required_words", ())),
            forbidden_words=tuple(data.get("forbidden_words", ())),
            preferred_words=tuple(data.get("preferred_words", ())),
            unknown_source_from=_resolution_or_none(data.get("unknown_source_from", "720p")),
        )


def _resolution_or_none(value: Any) -> str | None:
    if value is not None and value not in RESOLUTIONS:
        raise ValueError(f"unknown resolution {value!r}")
    return None if value is None else str(value)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


_HD = (
    Quality.HDTV_720P,
    Quality.WEBRIP_720P,
    Quality.WEBDL_720P,
    Quality.BLURAY_720P,
    Quality.HDTV_1080P,
    Quality.WEBRIP_1080P,
    Quality.WEBDL_1080P,
    Quality.BLURAY_1080P,
)
_UHD = (Quality.HDTV_2160P, Quality.WEBRIP_2160P, Quality.WEBDL_2160P, Quality.BLURAY_2160P)
_NO_PRE_RELEASE = tuple(
    quality
    for quality in Quality
    if not quality.is_pre_release and quality not in (Quality.UNKNOWN, Quality.BR_DISK, Quality.RAW_HD)
)

# Figures in MB per minute: a 2 h film at 1080p is typically 4-15 GB (33-125 MB/min); below ~8 MB/min a
# "1080p" file is a fake or unwatchable, above the maxima it is a remux or a disc this box need not store.
HD_1080P = QualityProfile(
    name="HD 1080p",
    allowed=_HD,
    preferred=Quality.BLURAY_1080P,
    min_mb_per_minute=8.0,
    max_mb_per_minute=150.0,
    preferred_mb_per_minute=70.0,
    min_seeders=1,
    audio_policy=AudioPolicy.PREFER_FRENCH,
    forbidden_words=("3D", "HSBS", "HOU"),
    unknown_source_from="720p",
)
ULTRA_HD_4K = QualityProfile(
    name="Ultra HD 4K",
    allowed=(*_HD, *_UHD),
    preferred=Quality.BLURAY_2160P,
    min_mb_per_minute=8.0,
    max_mb_per_minute=400.0,
    preferred_mb_per_minute=180.0,
    min_seeders=1,
    audio_policy=AudioPolicy.PREFER_FRENCH,
    forbidden_words=("3D", "HSBS", "HOU"),
    unknown_source_from="720p",
)
ANY = QualityProfile(
    name="Any",
    allowed=_NO_PRE_RELEASE,
    preferred=Quality.WEBDL_1080P,
    min_mb_per_minute=2.0,
    max_mb_per_minute=None,
    min_seeders=1,
    audio_policy=AudioPolicy.ANY,
    unknown_source_from="720p",
)
DEFAULT_PROFILES: tuple[QualityProfile, ...] = (HD_1080P, ULTRA_HD_4K, ANY)
