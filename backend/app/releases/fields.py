"""What either parse path (guessit or the fast path) reads from a name, before the shared finishing steps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class NameFields:
    """Mutable scratch record filled by one parse path; parsing.py turns it into a ParsedRelease."""

    title: str = ""
    year: int | None = None
    seasons: list[int] = field(default_factory=list)
    episodes: list[int] = field(default_factory=list)
    resolution: str | None = None
    # Normalised source: cam, telesync, telecine, screener, tv, dvd, webdl, webrip, bluray.
    source: str | None = None
    remux: bool = False
    rip: bool = False
    high_resolution: bool = False
    complete: bool = False
    complete_series: bool = False
    codec: str | None = None
    hdr: list[str] = field(default_factory=list)
    audio: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    subtitle_languages: list[str] = field(default_factory=list)
    group: str | None = None
    edition: str | None = None
    via_guessit: bool = True
