"""Build backend/tests/data/release_corpus/corpus.tsv from public parser test suites (run once, offline).

Run: uv run python benchmarks/build_release_corpus.py
Inputs, none fetched at run time:
- guessit's own test YAML (movies.yml, episodes.yml, various.yml), shipped inside the installed guessit wheel;
- Radarr's parser cases recorded in ../shared/fixtures/releases/ (quality, movie title, repack);
- release names of thcolin/oleoo's fixtures (French tracker names), transcribed with their title and year into
  backend/tests/data/release_corpus/sources/oleoo_names.txt.
Sonarr's parser fixtures and parse-torrent-title's test files are left out on purpose: the project is measured
on them separately.

The quality rung is what Radarr would call the name: Radarr's recorded answer where there is one, otherwise
``radarr_quality`` below, a reading of Radarr's public QualityParser rules (source words, the last one wins;
remux, full disc and raw-HD modifiers; a resolution with no source word is HDTV, an SD one SDTV; the file
extension as a last resort). It is written here, apart from the application's parser, so the corpus does not
grade the parser with its own rules; the README gives its agreement with Radarr's recorded cases.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import guessit
import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "backend" / "tests" / "data" / "release_corpus"
SHARED = ROOT.parent / "shared" / "fixtures" / "releases"
GUESSIT_ORIGIN = f"guessit-io/guessit@v{guessit.__version__} guessit/test/"
RADARR_ORIGIN = "Radarr/Radarr@1b9662d58823ff02b7162282e84e4aed95db0126 src/NzbDrone.Core.Test/ParserTests/"
OLEOO_ORIGIN = {
    "releases.txt": "thcolin/oleoo@0a7447f0fb77c3060db020201ab43d584f3e5a83 tests/fixtures/releases.txt",
    "accepted.json": "thcolin/oleoo@26fe44fa3aa708884bbc244a76abb5f58292162e tests/fixtures/accepted.json",
}
COLUMNS = [
    "name",
    "kind",
    "title",
    "year",
    "season",
    "episodes",
    "absolute",
    "resolution",
    "source",
    "quality",
    "french_audio",
    "french_subtitles",
    "proper",
    "repack",
    "origin",
]

# --- Radarr's rules, as read from its public QualityParser --------------------------------------------------
_X = re.IGNORECASE | re.VERBOSE
_SOURCE_RE = re.compile(
    r"""\b(?:
    (?P<bluray>(?:Blu-?Ray|BD)(?:480|576|720|1080|2160)p|M?Blu[-_.\ ]?Ray|HD[-_.\ ]?DVD|BD(?!$)|UHD2?BD|
        BDISO|BDMux|BD25|BD50|BR[-_.\ ]?DISK)|
    (?P<webdl>WEB[-_.\ ]?DL(?:mux)?|AmazonHD|AmazonSD|iTunesHD|MaxdomeHD|NetflixU?HD|WebHD|HBOMaxHD|DisneyHD|
        [.\ ]WEB[.\ ](?:[xh][\ .]?26[45]|AVC|HEVC|DDP?5[.\ ]1)|[.\ ]WEB$|
        (?:\d{3,4}0p)[-.\ ](?:Hybrid[-_.\ ]?)?WEB[-.\ ]|
        [-.\ ]WEB[-.\ ]\d{3,4}0p|(?:AMZN|NF|DP)[.\ -]WEB[.\ -](?!Rip))|
    (?P<webrip>WebRip|Web-Rip|WEBMux)|
    (?P<hdtv>HDTV)|
    (?P<bdrip>BDRip|BDLight|HD[-_.\ ]?DVDRip|UHDBDRip)|
    (?P<brrip>BRRip)|
    (?P<dvdr>\d?x?M?DVD-?[R59])|
    (?P<dvd>DVD(?!-R)|DVDRip|xvidvd)|
    (?P<dsr>WS[-_.\ ]DSR|DSR)|
    (?P<regional>R[0-9]|REGIONAL)|
    (?P<scr>SCR|SCREENER|DVDSCR|DVDSCREENER)|
    (?P<ts>TS[-_.\ ]|TELESYNCH?|HD-TS|HDTS|PDVD|TSRip|HDTSRip)|
    (?P<tc>TC|TELECINE|HD-TC|HDTC)|
    (?P<cam>CAMRIP|(?:NEW)?CAM|HD-?CAM(?:Rip)?|HQCAM)|
    (?P<wp>WORKPRINT|WP)|
    (?P<pdtv>PDTV)|
    (?P<sdtv>SDTV)|
    (?P<tvrip>TVRip)
    )(?:\b|$|[\ .])""",
    _X,
)
_RESOLUTION_RE = re.compile(
    r"""\b(?:(?P<r360>360p)|(?P<r480>480[ip]|640x480|848x480)|(?P<r540>540p)|(?P<r576>576[ip])|
    (?P<r720>720[ip]|1280x720|960p)|(?P<r1080>1080[ip]|1920x1080|1440p|FHD|4kto1080p)|
    (?P<r2160>2160[ip]|3840x2160|4k[-_.\ ](?:UHD|HEVC|BD|H\.?265)|(?:UHD|HEVC|BD|H\.?265)[-_.\ ]4k))\b""",
    _X,
)
_IMPLIED_2160_RE = re.compile(r"\b(?:UHD|4K)\b", re.IGNORECASE)
_REMUX_RE = re.compile(
    r"(?:[_. \[]|\d{4}p-|\bHybrid-)(?:(?:BD|UHD)[-_. ]?)?Remux\b|(?:(?:BD|UHD)[-_. ]?)?Remux[-_. ]\d{4}p",
    re.I,
)
_BRDISK_RE = re.compile(r"\b(?:COMPLETE|ISO|BDISO|BD-?25|BD-?50|BD-?66|BR.?DISK|UNTOUCHED)\b", re.IGNORECASE)
_DISC_CODEC_RE = re.compile(r"\b(?:AVC|HEVC|VC[-_. ]?1|MVC|MPEG[-_. ]?2|BDMV|ISO)\b", re.IGNORECASE)
_NOT_DISC_RE = re.compile(
    r"\b(?:(?<!HD[._ -])DVD|BDRip|720p|MKV|XviD|WMV|d3g|(?:BD)?REMUX|[xh][-_. ]?26[45]|German.*[DM]L)\b",
    re.IGNORECASE,
)
_RAWHD_RE = re.compile(r"\b(?:RawHD|Raw[-_. ]HD|MPEG[-_. ]?2)\b", re.IGNORECASE)
_CODEC_RE = re.compile(
    r"\b(?:(?P<x264>x264)|(?P<h264>h264)|(?P<xvidhd>XvidHD)|(?P<xvid>X-?vid)|(?P<divx>divx))\b", re.I
)
_OTHER_SOURCE_RE = re.compile(r"(?P<hdtv>HD[-_. ]TV)|(?P<sdtv>SD[-_. ]TV)", re.IGNORECASE)
_ANIME_BLURAY_RE = re.compile(r"bd(?:720|1080|2160)|(?<=[-_. (\[])bd(?=[-_. )\]])", re.IGNORECASE)
_ANIME_WEB_RE = re.compile(r"\[WEB\]|[\[\(]WEB[ .]", re.IGNORECASE)
_HIGH_DEF_PDTV_RE = re.compile(r"hr[-_. ]ws", re.IGNORECASE)
_PROPER_RE = re.compile(r"\bproper\b", re.IGNORECASE)
_REPACK_RE = re.compile(r"\b(?:repack\d?|rerip\d?)\b", re.IGNORECASE)
# Radarr's quality by file extension, used when the name says nothing else.
_EXTENSION_QUALITY = {
    "avi": ("tv", "480p"), "divx": ("tv", "480p"), "xvid": ("tv", "480p"), "wmv": ("tv", "480p"),
    "mpg": ("tv", "480p"), "mpeg": ("tv", "480p"), "mp4": ("tv", "480p"), "m4v": ("tv", "480p"),
    "mov": ("tv", "480p"), "ogm": ("tv", "480p"), "flv": ("tv", "480p"), "ts": ("tv", "480p"),
    "mkv": ("tv", "720p"), "m2ts": ("bluray", "720p"), "iso": ("dvd", "480p"), "vob": ("dvd", "480p"),
}  # fmt: skip


def _resolution(name: str) -> str | None:
    match = _RESOLUTION_RE.search(name)
    if match:
        group = match.lastgroup or ""
        return {"r360": "480p", "r480": "480p", "r540": "480p", "r576": "576p"}.get(group, group[1:] + "p")
    return "2160p" if _IMPLIED_2160_RE.search(name) else None


def _rung(source: str, resolution: str | None) -> str:
    """The ladder label for a Radarr source and resolution (the application's Quality values)."""
    if source in ("cam", "telesync", "telecine", "screener", "dvd", "dvdr", "brdisk", "rawhd", "unknown"):
        return {
            "cam": "CAM",
            "telesync": "TELESYNC",
            "telecine": "TELECINE",
            "screener": "DVDSCR",
            "dvd": "DVD",
        }.get(
            source,
            {"dvdr": "DVD-R", "brdisk": "BR-DISK", "rawhd": "Raw-HD", "unknown": "Unknown"}.get(source, ""),
        )
    if source == "tv":
        return {"720p": "HDTV-720p", "1080p": "HDTV-1080p", "2160p": "HDTV-2160p"}.get(
            resolution or "", "SDTV"
        )
    if source == "remux":
        if resolution in ("1080p", "2160p"):
            return f"Remux-{resolution}"
        return f"Bluray-{resolution or '1080p'}"
    label = {"webdl": "WEBDL", "webrip": "WEBRip", "bluray": "Bluray"}[source]
    if source in ("webdl", "webrip") and resolution == "576p":
        resolution = "480p"
    return f"{label}-{resolution}"


def radarr_quality(raw: str) -> tuple[str, str | None]:
    """(source, resolution) as Radarr's QualityParser reads ``raw``; source ``unknown`` when it cannot."""
    name = raw.strip().replace("_", " ")
    sources = list(_SOURCE_RE.finditer(name))
    source_match = sources[-1] if sources else None
    kind = source_match.lastgroup if source_match else None
    resolution = _resolution(name)
    codec = _CODEC_RE.search(name)
    remux = bool(_REMUX_RE.search(name))
    sd_codec = bool(codec and (codec.group("xvid") or codec.group("divx")))
    encode = _NOT_DISC_RE.search(name) or (
        re.search(r"\b1080p\b", name, re.I) and re.search(r"\bHEVC\b", name, re.I)
    )
    if (
        kind == "bluray"
        and not remux
        and not encode
        and (_BRDISK_RE.search(name) or _DISC_CODEC_RE.search(name))
    ):
        return "brdisk", resolution or "1080p"
    if _RAWHD_RE.search(name) and kind in (None, "hdtv"):
        return "rawhd", "1080p"
    if kind == "bluray":
        glued = re.search(r"(480|576|720|1080|2160)p", name, re.IGNORECASE)
        resolution = resolution or (glued.group(1) + "p" if glued else None)
        if sd_codec:
            return "dvd", "480p"
        if remux:
            return "remux", resolution or "1080p"
        return "bluray", resolution or "720p"
    if kind in ("webdl", "webrip"):
        if resolution is None:
            resolution = "720p" if "[WEBDL]" in raw else "480p"
        return kind, resolution
    if kind == "hdtv":
        if remux:
            return "remux", resolution or "1080p"
        if resolution is None and "[HDTV]" in raw:
            resolution = "720p"
        return "tv", resolution
    if kind in ("bdrip", "brrip"):
        if sd_codec:
            return "dvd", "480p"
        return "bluray", resolution or "480p"
    if kind == "wp":
        return "cam", resolution
    if kind in ("dvd", "regional"):
        return "dvd", "480p"
    if kind == "dvdr":
        return "dvdr", "480p"
    if kind == "scr":
        return "screener", "480p"
    if kind in ("cam", "ts", "tc"):
        return {"cam": "cam", "ts": "telesync", "tc": "telecine"}[kind], resolution
    if kind in ("pdtv", "sdtv", "dsr", "tvrip"):
        if resolution in ("720p", "1080p", "2160p"):
            return "tv", resolution
        return "tv", "720p" if _HIGH_DEF_PDTV_RE.search(name) else "480p"
    if _ANIME_BLURAY_RE.search(name):
        if resolution in ("480p", "576p"):
            return "dvd", "480p"
        return ("remux" if remux else "bluray"), resolution or "720p"
    if _ANIME_WEB_RE.search(name):
        return "webdl", resolution or "720p"
    if resolution is not None:
        if remux:
            return "remux", resolution
        return "tv", resolution
    if codec and codec.group("x264"):
        return "tv", "480p"
    other = _OTHER_SOURCE_RE.search(name)
    if other:
        return "tv", "720p" if other.group("hdtv") else "480p"
    extension = raw.strip().rsplit(".", 1)[-1].lower() if "." in raw else ""
    if extension in _EXTENSION_QUALITY:
        return _EXTENSION_QUALITY[extension]
    return "unknown", None


def radarr_revision(raw: str) -> tuple[bool, bool]:
    """(proper, repack) as Radarr's modifiers read them."""
    return bool(_PROPER_RE.search(raw)), bool(_REPACK_RE.search(raw))


# --- French tags, the tracker convention ---------------------------------------------------------------
_FRENCH_AUDIO_RE = re.compile(
    r"(?<![A-Za-z0-9])(MULTI|TRUEFRENCH|FRENCH|VFF|VFQ|VFI|VF2|VOF|VF|FR)(?![A-Za-z0-9])", re.IGNORECASE
)
_FRENCH_SUBS_RE = re.compile(
    r"(?<![A-Za-z0-9])(VOSTFR|VOSTF|STFR|SUBFRENCH|FASTSUB|ST[ .]FR)(?![A-Za-z0-9])", re.I
)


@dataclass
class Row:
    """One corpus line; an empty string means the source does not say."""

    name: str
    kind: str = ""
    title: str = ""
    year: str = ""
    season: str = ""
    episodes: str = ""
    absolute: str = ""
    resolution: str = ""
    source: str = ""
    quality: str = ""
    french_audio: str = ""
    french_subtitles: str = ""
    proper: str = ""
    repack: str = ""
    origin: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def fill_quality(self) -> None:
        """Radarr's reading of the name for every quality field still empty."""
        source, resolution = radarr_quality(self.name)
        self.source = self.source or source
        self.resolution = self.resolution or (resolution or "")
        self.quality = self.quality or _rung(source, resolution)
        proper, repack = radarr_revision(self.name)
        self.proper = self.proper or _flag(proper)
        self.repack = self.repack or _flag(repack)

    def as_record(self) -> dict[str, str]:
        """The TSV fields."""
        return {column: str(getattr(self, column)) for column in COLUMNS}


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def guessit_rows() -> Iterator[Row]:
    """Every guessit test name that is a plain file or release name (no folder path, no custom options)."""
    test_dir = resources.files("guessit") / "test"
    for file_name in ("movies.yml", "episodes.yml", "various.yml"):
        cases = yaml.safe_load((test_dir / file_name).read_text(encoding="utf-8"))
        default = cases.get("__default__") or {}
        for name, expected in cases.items():
            if name.startswith("__") or not isinstance(expected, dict) or "options" in expected:
                continue
            if "/" in name or "\\" in name or not expected.get("title"):
                continue
            kind = expected.get("type") or default.get("type")
            if kind not in ("movie", "episode"):
                continue
            yield _guessit_row(name, kind, expected, GUESSIT_ORIGIN + file_name)


def _guessit_row(name: str, kind: str, expected: dict[str, Any], origin: str) -> Row:
    title = expected["title"]
    if isinstance(title, list):
        title = title[0]
    years = [year for year in _as_list(expected.get("year")) if isinstance(year, int)]
    seasons = [season for season in _as_list(expected.get("season")) if isinstance(season, int)]
    episodes = sorted({episode for episode in _as_list(expected.get("episode")) if isinstance(episode, int)})
    absolute = [number for number in _as_list(expected.get("absolute_episode")) if isinstance(number, int)]
    languages = {str(language).casefold() for language in _as_list(expected.get("language"))}
    subtitles = {str(language).casefold() for language in _as_list(expected.get("subtitle_language"))}
    row = Row(
        name=name,
        kind="movie" if kind == "movie" else "episode",
        title=str(title),
        year=str(years[0]) if years else "none",
        season=str(seasons[0]) if seasons else "",
        episodes=",".join(str(episode) for episode in episodes),
        absolute=",".join(str(number) for number in absolute),
        french_audio=_flag(bool({"fr", "french", "mul", "multiple languages"} & languages)),
        french_subtitles=_flag(bool({"fr", "french"} & subtitles)),
        origin=origin,
    )
    row.fill_quality()
    return row


def _shared_rows(file_name: str) -> list[dict[str, str]]:
    with (SHARED / file_name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def radarr_rows() -> Iterator[Row]:
    """Radarr's recorded quality, repack and movie-title cases; only what Radarr asserts is filled."""
    for case in _shared_rows("radarr_quality_parser_cases.tsv"):
        source, resolution = _radarr_recorded(case)
        proper = case["proper"] == "true"
        yield Row(
            name=case["title"],
            resolution=resolution,
            source=source,
            quality=_rung(source, resolution or None),
            proper=_flag(proper and not _REPACK_RE.search(case["title"])),
            repack=_flag(bool(_REPACK_RE.search(case["title"]))) if proper else "no",
            origin=RADARR_ORIGIN + "QualityParserFixture.cs",
        )
    for case in _shared_rows("radarr_movie_title_cases.tsv"):
        yield Row(
            name=case["release_title"],
            kind="movie",
            title=case["movie_title"],
            year="" if case["year"] in ("", "0") else case["year"],
            origin=RADARR_ORIGIN + "ParserFixture.cs",
        )


def _radarr_recorded(case: dict[str, str]) -> tuple[str, str]:
    source, resolution, modifier = case["source"], case["resolution"], case["modifier"]
    resolution = "" if resolution == "unknown" else resolution
    if modifier == "BRDISK":
        return "brdisk", resolution
    if modifier == "RAWHD":
        return "rawhd", resolution
    if source == "DVD":
        return ("dvdr" if modifier == "REMUX" else "dvd"), resolution
    if source == "BLURAY" and modifier == "REMUX":
        return "remux", resolution
    mapping = {"BLURAY": "bluray", "WEBDL": "webdl", "WEBRIP": "webrip", "TV": "tv", "CAM": "cam"}
    mapping |= {"TELESYNC": "telesync", "TELECINE": "telecine", "UNKNOWN": "unknown"}
    return mapping[source], resolution


def oleoo_rows() -> Iterator[Row]:
    """French tracker names from thcolin/oleoo with the title and year written down by hand."""
    section = "releases.txt"
    for line in (OUT_DIR / "sources" / "oleoo_names.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# accepted.json"):
            section = "accepted.json"
        if not line.strip() or line.startswith("#"):
            continue
        name, title, year, season, episodes = (part.strip() for part in line.split(" | "))
        row = Row(
            name=name,
            kind="episode" if season or episodes else "movie",
            title=title,
            year=year or "none",
            season=season,
            episodes=episodes,
            french_audio=_flag(bool(_FRENCH_AUDIO_RE.search(name))),
            french_subtitles=_flag(bool(_FRENCH_SUBS_RE.search(name))),
            origin=OLEOO_ORIGIN[section],
        )
        row.fill_quality()
        yield row


def main() -> None:
    """Write corpus.tsv and print how it is made up."""
    rows: dict[str, Row] = {}
    for row in (*radarr_rows(), *oleoo_rows(), *guessit_rows()):
        rows.setdefault(row.name, row)  # the first source wins: Radarr's recorded answers come first
    with (OUT_DIR / "corpus.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n"
        )
        writer.writeheader()
        for row in rows.values():
            writer.writerow(row.as_record())
    french = sum(bool(_FRENCH_AUDIO_RE.search(n) or _FRENCH_SUBS_RE.search(n)) for n in rows)
    print(f"{len(rows)} names, {french} with a French tag ({french / len(rows):.0%})")
    recorded = _shared_rows("radarr_quality_parser_cases.tsv")
    agree = sum(
        _rung(*radarr_quality(case["title"]))
        == _rung(_radarr_recorded(case)[0], _radarr_recorded(case)[1] or None)
        for case in recorded
    )
    print(f"radarr_quality agrees with Radarr's recorded cases: {agree}/{len(recorded)}")
    if "-v" in sys.argv:
        for case in recorded:
            ours = _rung(*radarr_quality(case["title"]))
            theirs = _rung(_radarr_recorded(case)[0], _radarr_recorded(case)[1] or None)
            if ours != theirs:
                print(f"  {case['title']!r}: rules {ours}, Radarr {theirs}")


if __name__ == "__main__":
    main()
