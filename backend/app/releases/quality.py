"""The quality ladder: every release is mapped onto one rung, ordered from worst to best like Radarr's."""

from __future__ import annotations

from enum import Enum


class Quality(Enum):
    """One rung of the ladder; the value is the label shown to people and stored in profiles."""

    UNKNOWN = "Unknown"
    CAM = "CAM"
    TELESYNC = "TELESYNC"
    TELECINE = "TELECINE"
    DVDSCR = "DVDSCR"
    SDTV = "SDTV"
    DVD = "DVD"
    DVD_R = "DVD-R"
    WEBRIP_480P = "WEBRip-480p"
    WEBDL_480P = "WEBDL-480p"
    BLURAY_480P = "Bluray-480p"
    BLURAY_576P = "Bluray-576p"
    HDTV_720P = "HDTV-720p"
    WEBRIP_720P = "WEBRip-720p"
    WEBDL_720P = "WEBDL-720p"
    BLURAY_720P = "Bluray-720p"
    HDTV_1080P = "HDTV-1080p"
    WEBRIP_1080P = "WEBRip-1080p"
    WEBDL_1080P = "WEBDL-1080p"
    BLURAY_1080P = "Bluray-1080p"
    REMUX_1080P = "Remux-1080p"
    HDTV_2160P = "HDTV-2160p"
    WEBRIP_2160P = "WEBRip-2160p"
    WEBDL_2160P = "WEBDL-2160p"
    BLURAY_2160P = "Bluray-2160p"
    REMUX_2160P = "Remux-2160p"
    # Full discs and raw broadcast streams sit at the top of Radarr's ladder too, but Plex cannot play an
    # ISO and raw MPEG-2 is huge: the shipped profiles leave both out.
    BR_DISK = "BR-DISK"
    RAW_HD = "Raw-HD"

    @property
    def rank(self) -> int:
        """Position on the ladder, 0 for Unknown; higher is better when no profile says otherwise."""
        return _RANKS[self]

    @property
    def is_pre_release(self) -> bool:
        """True for cinema recordings and screeners, which this household never wants."""
        return self in PRE_RELEASE

    @classmethod
    def from_label(cls, label: str) -> Quality:
        """The quality whose label is ``label`` (case-insensitive), for profiles read back from JSON."""
        try:
            return _BY_LABEL[label.casefold()]
        except KeyError:
            raise ValueError(f"unknown quality {label!r}") from None


_RANKS = {quality: index for index, quality in enumerate(Quality)}
_BY_LABEL = {quality.value.casefold(): quality for quality in Quality}

PRE_RELEASE = frozenset({Quality.CAM, Quality.TELESYNC, Quality.TELECINE, Quality.DVDSCR})

# (source, resolution) -> rung. Sources are the parser's normalised names (see parsing.ParsedRelease.source).
_BY_SOURCE_AND_RESOLUTION: dict[tuple[str, str], Quality] = {
    ("webrip", "480p"): Quality.WEBRIP_480P,
    ("webrip", "576p"): Quality.WEBRIP_480P,
    ("webrip", "720p"): Quality.WEBRIP_720P,
    ("webrip", "1080p"): Quality.WEBRIP_1080P,
    ("webrip", "2160p"): Quality.WEBRIP_2160P,
    ("webdl", "480p"): Quality.WEBDL_480P,
    ("webdl", "576p"): Quality.WEBDL_480P,
    ("webdl", "720p"): Quality.WEBDL_720P,
    ("webdl", "1080p"): Quality.WEBDL_1080P,
    ("webdl", "2160p"): Quality.WEBDL_2160P,
    ("bluray", "480p"): Quality.BLURAY_480P,
    ("bluray", "576p"): Quality.BLURAY_576P,
    ("bluray", "720p"): Quality.BLURAY_720P,
    ("bluray", "1080p"): Quality.BLURAY_1080P,
    ("bluray", "2160p"): Quality.BLURAY_2160P,
    ("remux", "1080p"): Quality.REMUX_1080P,
    ("remux", "2160p"): Quality.REMUX_2160P,
}

# Without a resolution in the name, assume the usual one for the source (Radarr does the same).
_DEFAULT_RESOLUTION = {"webdl": "480p", "webrip": "480p", "bluray": "720p", "remux": "1080p"}

_FIXED = {
    "cam": Quality.CAM,
    "telesync": Quality.TELESYNC,
    "telecine": Quality.TELECINE,
    "screener": Quality.DVDSCR,
    "dvd": Quality.DVD,
    "dvdr": Quality.DVD_R,
    "brdisk": Quality.BR_DISK,
    "rawhd": Quality.RAW_HD,
}


def quality_for(source: str | None, resolution: str | None) -> Quality:
    """Map a normalised source and resolution onto the ladder."""
    if source is None:
        return Quality.UNKNOWN
    if source in _FIXED:
        return _FIXED[source]
    if source == "tv":
        return {"720p": Quality.HDTV_720P, "1080p": Quality.HDTV_1080P, "2160p": Quality.HDTV_2160P}.get(
            resolution or "", Quality.SDTV
        )
    if source == "remux" and resolution in ("480p", "576p", "720p"):
        # Radarr files a sub-HD remux under Bluray at that resolution: there is no Remux-720p rung.
        return _BY_SOURCE_AND_RESOLUTION[("bluray", resolution)]
    resolution = resolution or _DEFAULT_RESOLUTION.get(source)
    return _BY_SOURCE_AND_RESOLUTION.get((source, resolution or ""), Quality.UNKNOWN)
