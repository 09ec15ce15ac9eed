"""The rung a name sits on, read the way Radarr and Sonarr read it (their public rules, our own code).

The parse paths say which source and resolution they saw; the rules here settle what the name is worth when
it says less than that: a resolution with no source word is an HDTV capture at that resolution (SDTV below
720p), a WEB or Blu-ray name without a resolution gets the one Radarr assumes, an XviD Blu-ray rip is a DVD,
full discs, DVD images and raw HD captures have rungs of their own, and the file extension is the last
witness. Unknown is left for names that say nothing at all. ``source_known`` tells a source read from the name
apart from one inferred from the resolution, so a quality profile can decide whether it takes the latter.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.releases import name_hints
from app.releases.fields import NameFields
from app.releases.quality import Quality, quality_for

# Radarr's quality for a bare file name, by extension (the last thing it looks at).
_EXTENSION_RUNG = {
    **dict.fromkeys(
        ("avi", "divx", "xvid", "wmv", "mpg", "mpeg", "mp4", "m4v", "mov", "ogm", "flv", "ts", "3gp", "rmvb"),
        ("tv", "480p"),
    ),
    "mkv": ("tv", "720p"),
    "m2ts": ("bluray", "720p"),
}


@dataclass(frozen=True, slots=True)
class Rung:
    """Where a name sits on the ladder, and how sure the name is of its source."""

    quality: Quality
    # Normalised source (bluray, webdl, webrip, tv, dvd, cam…), None when the name names none.
    source: str | None
    resolution: str | None
    source_known: bool


def read_rung(name: str, fields: NameFields) -> Rung:
    """The rung of ``name``, given what a parse path read from it."""
    resolution = name_hints.resolution_in(name)
    source = fields.source or name_hints.source_in(name)
    remux = name_hints.mentions_remux(name)
    fixed = _fixed_rung(name, source, resolution, remux)
    if fixed is not None:
        return Rung(fixed, source, resolution, True)
    if source is None:
        return _without_source(name, resolution, remux)
    if source == "bluray" and name_hints.sd_codec(name):
        return Rung(Quality.DVD, "dvd", "480p", True)  # an XviD/DivX Blu-ray rip is DVD quality
    if resolution is None:
        resolution = _assumed_resolution(name, source, fields, remux)
    if remux and source in ("bluray", "tv"):
        source = "remux"
    return Rung(quality_for(source, resolution), source, resolution, True)


def _fixed_rung(name: str, source: str | None, resolution: str | None, remux: bool) -> Quality | None:
    """Full discs, DVD images and raw broadcast captures, which have rungs of their own."""
    if source in ("bluray", None) and not remux and name_hints.is_br_disk(name):
        return Quality.BR_DISK
    if source in ("dvd", None) and name_hints.is_dvd_image(name):
        return Quality.DVD_R
    if source in ("tv", None) and resolution in ("1080p", None) and name_hints.is_raw_hd(name):
        return Quality.RAW_HD
    return None


def _assumed_resolution(name: str, source: str, fields: NameFields, remux: bool) -> str | None:
    """The resolution Radarr assumes when the name gives none."""
    if source == "bluray":
        if remux:
            return "1080p"
        return "480p" if fields.rip else "720p"
    if source in ("webdl", "webrip"):
        return "720p" if "[WEBDL]" in name or name_hints.says_anime_web(name) else "480p"
    if source == "tv" and (fields.high_resolution or name_hints.says_hd_tv(name)):
        return "720p"
    return None


def _without_source(name: str, resolution: str | None, remux: bool) -> Rung:
    """No source word: the resolution says HDTV (or a remux says Blu-ray), else the codec or the extension."""
    if resolution is not None:
        if remux:
            return Rung(quality_for("remux", resolution), "remux", resolution, True)
        return Rung(quality_for("tv", resolution), None, resolution, False)
    if name_hints.says_hd_tv(name):
        return Rung(Quality.HDTV_720P, "tv", "720p", True)
    if name_hints.x264_only(name):
        return Rung(Quality.SDTV, None, None, False)
    extension = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if extension in _EXTENSION_RUNG:
        source, assumed = _EXTENSION_RUNG[extension]
        return Rung(quality_for(source, assumed), None, None, False)
    return Rung(Quality.UNKNOWN, None, None, False)
