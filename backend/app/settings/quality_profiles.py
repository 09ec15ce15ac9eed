"""Quality profiles as an admin edits them: validated, stored under "quality_profiles", read back.

The stored shape is what the pipeline reads (app/releases/quality_profile_choice.py): `profiles` (a list of
`QualityProfile.to_dict()` values), `default_movie` and `default_tv` (profile names). Until an admin saves
any, the shipped DEFAULT_PROFILES apply, the first one for films and shows alike.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from app.input_types import Text
from app.releases.quality import Quality
from app.releases.quality_profile_choice import QUALITY_PROFILES_SETTING
from app.releases.quality_profiles import DEFAULT_PROFILES, QualityProfile
from app.settings.service import get_setting, put_setting

# Every rung of the ladder, worst to best, as the editor offers them.
QUALITY_LABELS = [quality.value for quality in Quality if quality is not Quality.UNKNOWN]


def _quality_label(value: str) -> str:
    quality = Quality.from_label(value)  # ValueError names the unknown label
    if quality is Quality.UNKNOWN:
        raise ValueError("Unknown is not a quality a profile can allow")
    return quality.value


QualityLabel = Annotated[Text, AfterValidator(_quality_label)]
Word = Annotated[Text, Field(min_length=1, max_length=100)]
ProfileName = Annotated[Text, Field(min_length=1, max_length=64)]
Words = Annotated[list[Word], Field(max_length=50)]
AudioPolicyName = Literal["require_french", "prefer_french", "french_or_subtitled", "any"]
ResolutionName = Literal["480p", "576p", "720p", "1080p", "2160p"]


class QualityProfileModel(BaseModel):
    """One profile: allowed qualities worst to best, the preferred one, size bounds in MB per minute of
    runtime, minimum seeders, the audio policy and words a release name must, must not or should hold."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: ProfileName
    allowed: list[QualityLabel] = Field(min_length=1, max_length=len(QUALITY_LABELS))
    preferred: QualityLabel
    min_mb_per_minute: float = Field(default=0.0, ge=0, le=2000)
    max_mb_per_minute: float | None = Field(default=None, gt=0, le=2000)
    preferred_mb_per_minute: float | None = Field(default=None, gt=0, le=2000)
    min_seeders: int = Field(default=1, ge=0, le=10_000)
    audio_policy: AudioPolicyName = "prefer_french"
    required_words: Words = Field(default_factory=list)
    forbidden_words: Words = Field(default_factory=list)
    preferred_words: Words = Field(default_factory=list)
    # From which resolution a release that names no source (a bare "1080p") is taken; None: never.
    unknown_source_from: ResolutionName | None = "720p"

    @model_validator(mode="after")
    def _consistent(self) -> QualityProfileModel:
        if len(set(self.allowed)) != len(self.allowed):
            raise ValueError(f"{self.name}: a quality is listed twice among the allowed ones")
        if self.preferred not in self.allowed:
            raise ValueError(f"{self.name}: the preferred quality {self.preferred} must be among the allowed")
        low, high, ideal = self.min_mb_per_minute, self.max_mb_per_minute, self.preferred_mb_per_minute
        if high is not None and high < low:
            raise ValueError(f"{self.name}: the largest size is below the smallest size")
        if ideal is not None and (ideal < low or (high is not None and ideal > high)):
            raise ValueError(f"{self.name}: the preferred size must lie between the smallest and largest")
        return self

    def to_profile(self) -> QualityProfile:
        """The release engine's profile."""
        return QualityProfile.from_dict(self.model_dump())

    @classmethod
    def of(cls, profile: QualityProfile) -> QualityProfileModel:
        """The editable form of an engine profile."""
        return cls.model_validate(profile.to_dict())


class QualityProfilesIn(BaseModel):
    """Every profile, and the one requests of each media type are ranked with."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    profiles: list[QualityProfileModel] = Field(min_length=1, max_length=20)
    default_movie: ProfileName
    default_tv: ProfileName

    @model_validator(mode="after")
    def _names(self) -> QualityProfilesIn:
        names = [profile.name.casefold() for profile in self.profiles]
        if len(set(names)) != len(names):
            raise ValueError("two profiles have the same name")
        for field, name in (("default_movie", self.default_movie), ("default_tv", self.default_tv)):
            if name.casefold() not in names:
                raise ValueError(f"{field}: no profile is called {name!r}")
        return self


class QualityProfilesOut(QualityProfilesIn):
    """The profiles in force, with the qualities the editor may offer (worst to best)."""

    qualities: list[str] = Field(default_factory=lambda: list(QUALITY_LABELS))


def _canonical_name(profiles: list[QualityProfileModel], name: str) -> str:
    return next(p.name for p in profiles if p.name.casefold() == name.casefold())


def _defaults() -> QualityProfilesOut:
    profiles = [QualityProfileModel.of(profile) for profile in DEFAULT_PROFILES]
    first = profiles[0].name
    return QualityProfilesOut(profiles=profiles, default_movie=first, default_tv=first)


def _from_stored(raw: Any) -> QualityProfilesOut:
    if not isinstance(raw, dict) or not raw.get("profiles"):
        return _defaults()
    profiles = [QualityProfileModel.model_validate(entry) for entry in raw["profiles"]]
    first = profiles[0].name
    return QualityProfilesOut(
        profiles=profiles,
        default_movie=raw.get("default_movie") or first,
        default_tv=raw.get("default_tv") or first,
    )


async def read_quality_profiles(session: AsyncSession) -> QualityProfilesOut:
    """The profiles in force (the shipped ones until an admin saves some)."""
    return _from_stored(await get_setting(session, QUALITY_PROFILES_SETTING))


async def save_quality_profiles(session: AsyncSession, body: QualityProfilesIn) -> QualityProfilesOut:
    """Store the profiles (committed) in the shape the pipeline reads."""
    value = {
        "profiles": [profile.to_profile().to_dict() for profile in body.profiles],
        "default_movie": _canonical_name(body.profiles, body.default_movie),
        "default_tv": _canonical_name(body.profiles, body.default_tv),
    }
    await put_setting(session, QUALITY_PROFILES_SETTING, value)
    await session.commit()
    return _from_stored(value)
