"""Release selection: parse release names, judge them against a request and a profile, explain the choice."""

from app.releases.candidates import Candidate, MediaTarget
from app.releases.parsing import ParsedRelease, clear_parse_cache, parse_release
from app.releases.quality import Quality
from app.releases.quality_profiles import DEFAULT_PROFILES, AudioPolicy, QualityProfile
from app.releases.rejections import ReasonCode, Rejection
from app.releases.selection import RankedRelease, Selection, select_release

__all__ = [
    "DEFAULT_PROFILES",
    "AudioPolicy",
    "Candidate",
    "MediaTarget",
    "ParsedRelease",
    "Quality",
    "QualityProfile",
    "RankedRelease",
    "ReasonCode",
    "Rejection",
    "Selection",
    "clear_parse_cache",
    "parse_release",
    "select_release",
]
