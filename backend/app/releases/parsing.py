"""Release-name parsing: ``parse_release(name)`` gives a ParsedRelease with its rung on the quality ladder.

guessit is the reference parser. Most indexer names follow the scene layout, which a strict fast path reads in
a fraction of guessit's time; any name the fast path is not sure of goes to guessit
(docs/decisions/0013-release-parsing.md has the figures). Results are cached by name: the same release comes
from several indexers and from every re-search.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from app.releases import name_hints
from app.releases.fast_path import parse_fast
from app.releases.fields import NameFields
from app.releases.guessit_path import parse_with_guessit
from app.releases.quality import Quality
from app.releases.quality_rules import read_rung

PARSE_CACHE_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class ParsedRelease:
    """Everything the selection needs to know about one release name."""

    name: str
    title: str
    year: int | None
    season: int | None
    seasons: tuple[int, ...]
    episodes: tuple[int, ...]
    # Episode numbers counted from the show's first episode, as anime fansubs write them ("Show - 07"):
    # the episodes of a name that gives no season. catalog.episode_numbering maps them onto TMDB's seasons.
    absolute_episodes: tuple[int, ...]
    is_season_pack: bool
    # Every season in one pack ("Show.COMPLETE.SERIES", "Show.INTEGRALE"), no season number written.
    is_complete_series: bool
    resolution: str | None
    source: str | None
    # False when the source was not written but inferred (a resolution alone reads as HDTV, as Radarr has it):
    # a quality profile says whether it takes such a release.
    source_known: bool
    codec: str | None
    hdr: tuple[str, ...]
    audio: tuple[str, ...]
    # Audio languages as ISO 639-1 codes, plus "multi" for MULTi releases.
    languages: tuple[str, ...]
    subtitle_languages: tuple[str, ...]
    # The French tracker tags as written (canonical spelling): MULTI, TRUEFRENCH, VFF, VOSTFR…
    language_tags: tuple[str, ...]
    group: str | None
    proper: bool
    repack: bool
    revision: int
    edition: str | None
    quality: Quality
    parsed_by: str

    @property
    def has_french_audio(self) -> bool:
        """True when a French audio track is announced (French tags, or MULTi, which on French trackers
        means French plus the original)."""
        return "fr" in self.languages or "multi" in self.languages

    @property
    def has_french_subtitles(self) -> bool:
        """True when French subtitles are announced (VOSTFR, SUBFRENCH)."""
        return "fr" in self.subtitle_languages


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def parse_release(name: str) -> ParsedRelease:
    """Parse a release name (fast path when it is sure, guessit otherwise); cached by name."""
    name = name.strip()
    fields = parse_fast(name)
    if fields is None:
        fields = parse_with_guessit(name)
    return finish(name, fields)


def parse_release_with_guessit(name: str) -> ParsedRelease:
    """Parse with guessit only, uncached: the reference the fast path is measured against."""
    return finish(name, parse_with_guessit(name))


def clear_parse_cache() -> None:
    """Forget every cached parse (benchmarks measure the cold cost with it)."""
    parse_release.cache_clear()


def finish(name: str, fields: NameFields) -> ParsedRelease:
    """Apply the steps shared by both paths: name hints, languages, quality, revision."""
    tags = name_hints.french_tags(name)
    languages = list(fields.languages)
    subtitles = list(fields.subtitle_languages)
    if any(tag in name_hints.FRENCH_AUDIO_TAGS for tag in tags) and "fr" not in languages:
        languages.append("fr")
    if "MULTI" in tags and "multi" not in languages:
        languages.append("multi")
    if any(tag in name_hints.FRENCH_SUBTITLE_TAGS for tag in tags):
        if "fr" not in subtitles:
            subtitles.append("fr")
        if not any(tag in name_hints.FRENCH_AUDIO_TAGS for tag in tags) and "fr" in languages:
            languages.remove("fr")  # VOSTFR: the original audio, French only in the subtitles
    proper, repack, revision = name_hints.revision(name)
    rung = read_rung(name, fields)
    seasons = tuple(fields.seasons)
    episodes = tuple(fields.episodes)
    return ParsedRelease(
        name=name,
        title=fields.title,
        year=fields.year,
        season=seasons[0] if seasons else None,
        seasons=seasons,
        episodes=episodes,
        absolute_episodes=episodes if not seasons else (),
        is_season_pack=bool(seasons) and not episodes,
        is_complete_series=fields.complete_series,
        resolution=rung.resolution or fields.resolution,
        source=rung.source,
        source_known=rung.source_known,
        codec=fields.codec,
        hdr=tuple(fields.hdr),
        audio=tuple(fields.audio),
        languages=tuple(sorted(languages)),
        subtitle_languages=tuple(sorted(subtitles)),
        language_tags=tags,
        group=fields.group,
        proper=proper,
        repack=repack,
        revision=revision,
        edition=fields.edition,
        quality=rung.quality,
        parsed_by="guessit" if fields.via_guessit else "fast",
    )
