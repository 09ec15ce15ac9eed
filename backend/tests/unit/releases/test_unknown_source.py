"""A release whose name gives a resolution but no source reads as HDTV (Radarr's rule): the quality
profile says from which resolution it takes such a release (by default from 720p), ranked below the same
rung when its source is named."""

from __future__ import annotations

from dataclasses import replace

from app.releases.candidates import Candidate, MediaTarget
from app.releases.quality import Quality
from app.releases.quality_profiles import DEFAULT_PROFILES, HD_1080P, QualityProfile
from app.releases.rejections import ReasonCode
from app.releases.selection import select_release

FILM = MediaTarget(media_type="movie", title="Zombieland: Double Tap", year=2019, runtime_minutes=99)
# From oleoo's French tracker fixtures: "HDLight" is no source Radarr knows, so only "1080p" speaks.
NO_SOURCE = "Zombieland.Double.Tap.2019.FRENCH.1080p.HDLight.x264.AC3-TOXIC"
NAMED = "Zombieland.Double.Tap.2019.FRENCH.1080p.HDTV.x264-TOXIC"
NO_SOURCE_720P = "Zombieland.Double.Tap.2019.FRENCH.720p.HDLight.x264.AC3-TOXIC"


def _offer(name: str, seeders: int = 50) -> Candidate:
    return Candidate(title=name, size_bytes=4 * 1024**3, seeders=seeders, info_hash=f"{abs(hash(name)):040x}")


def test_the_default_profiles_take_an_unknown_source_from_720p() -> None:
    assert {profile.unknown_source_from for profile in DEFAULT_PROFILES} == {"720p"}
    selection = select_release([_offer(NO_SOURCE)], FILM, HD_1080P)
    assert selection.chosen is not None
    assert selection.chosen.parsed.quality == Quality.HDTV_1080P
    assert not selection.chosen.parsed.source_known


def test_a_named_source_ranks_above_the_same_rung_inferred() -> None:
    # Even with far fewer seeders, the name that says HDTV comes first.
    selection = select_release([_offer(NO_SOURCE, seeders=900), _offer(NAMED, seeders=3)], FILM, HD_1080P)
    assert [ranked.candidate.title for ranked in selection.accepted] == [NAMED, NO_SOURCE]


def test_a_profile_can_refuse_an_unknown_source_or_take_it_only_higher() -> None:
    never = replace(HD_1080P, unknown_source_from=None)
    [refused] = select_release([_offer(NO_SOURCE)], FILM, never).rejected
    assert refused.code == ReasonCode.UNKNOWN_QUALITY
    only_1080p = replace(HD_1080P, unknown_source_from="1080p")
    selection = select_release([_offer(NO_SOURCE), _offer(NO_SOURCE_720P)], FILM, only_1080p)
    assert [ranked.candidate.title for ranked in selection.accepted] == [NO_SOURCE]
    assert [rejection.code for rejection in selection.rejected] == [ReasonCode.UNKNOWN_QUALITY]


def test_the_setting_is_stored_with_the_profile_and_defaults_for_older_profiles() -> None:
    stored = replace(HD_1080P, unknown_source_from="1080p").to_dict()
    assert QualityProfile.from_dict(stored).unknown_source_from == "1080p"
    older = {key: value for key, value in stored.items() if key != "unknown_source_from"}
    assert QualityProfile.from_dict(older).unknown_source_from == "720p"
    assert QualityProfile.from_dict({**stored, "unknown_source_from": None}).unknown_source_from is None
