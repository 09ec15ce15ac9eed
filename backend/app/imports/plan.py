"""From a torrent's file list to the files to put in the library and their Plex names, without touching disk.

Steps: refuse unsafe names; keep videos and subtitles; drop samples and extras; pick the film (the largest
video that looks like it, plus its other CDs) or the requested episodes (the largest file per episode); give
each subtitle to its video with its language; name everything the Plex way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal, Protocol

from app.imports import classify, naming
from app.imports.guess import FileGuess, guess_file
from app.imports.results import SkippedFile, SkipReason
from app.imports.safe_paths import UnsafeName, display_name, source_parts
from app.imports.subtitles import SubtitleTags, starts_with_name, subtitle_tags
from app.imports.target import Episode, ImportTarget
from app.releases.matching import title_matches


class SourceFile(Protocol):
    """A file of the torrent as qBittorrent lists it (`app.integrations.qbittorrent.TorrentFile` is one).

    `priority` (0: skipped) and `progress` are read too when the object has them.
    """

    @property
    def name(self) -> str: ...  # relative to the save path, top folder included for multi-file torrents

    @property
    def size(self) -> int: ...


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """One file to put in the library: where it comes from and its path under the films or shows root."""

    source: str  # the torrent's relative name, already checked by `source_parts`
    source_parts: tuple[str, ...]
    size: int
    destination: tuple[str, ...]
    kind: Literal["video", "subtitle"]
    episodes: tuple[Episode, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What to import, what to leave and why; `problem` when nothing can be named at all."""

    files: tuple[PlannedFile, ...]
    skipped: tuple[SkippedFile, ...]
    missing_episodes: tuple[Episode, ...] = ()
    problem: str | None = None


@dataclass(slots=True)
class _Candidate:
    name: str
    parts: tuple[str, ...]
    size: int
    guess: FileGuess = field(default_factory=FileGuess)

    @property
    def stem(self) -> str:
        return PurePosixPath(self.parts[-1]).stem


@dataclass(slots=True)
class _Chosen:
    """A video kept for the library, before naming: its CD number (films) or season and episodes (shows)."""

    candidate: _Candidate
    cd: int | None = None
    season: int | None = None
    episodes: tuple[int, ...] = ()
    subtitles: dict[tuple[str, str], tuple[_Candidate, SubtitleTags]] = field(default_factory=dict)


class _Skips:
    def __init__(self) -> None:
        self.items: list[SkippedFile] = []

    def add(self, name: str, code: SkipReason, reason: str) -> None:
        self.items.append(SkippedFile(source=display_name(name), code=code, reason=reason))


def plan_import(target: ImportTarget, files: Iterable[SourceFile]) -> ImportPlan:
    """Decide which files of the torrent go into the library, under which Plex names (no disk access)."""
    skips = _Skips()
    title_words = {word for title in target.all_titles for word in classify.words(title)}
    videos: list[_Candidate] = []
    subtitles: list[_Candidate] = []
    for file in files:
        name, size = str(file.name), int(file.size)
        try:
            parts = source_parts(name)
        except UnsafeName as exc:
            skips.add(name, SkipReason.UNSAFE_NAME, f"unsafe name, never opened: {exc}")
            continue
        # qBittorrent also lists the files it was told to skip, and those not finished yet.
        if getattr(file, "priority", 1) == 0 or getattr(file, "progress", 1.0) < 1.0:
            skips.add(name, SkipReason.NOT_ON_DISK, "not downloaded (skipped or unfinished in qBittorrent)")
            continue
        kind, code, reason = classify.kind_of(parts)
        if code is not None:
            skips.add(name, code, reason)
        elif classify.is_sample(parts, title_words):
            skips.add(name, SkipReason.SAMPLE, "a sample")
        elif (extra := classify.extra_reason(parts, title_words)) is not None:
            skips.add(
                name, SkipReason.EXTRA, f"an extra, not the {'film' if target.is_movie else 'show'}: {extra}"
            )
        elif size <= 0:
            skips.add(name, SkipReason.NOT_MEDIA, "an empty file")
        else:
            (videos if kind == "video" else subtitles).append(_Candidate(name, parts, size))
    if target.is_movie:
        # In a show's pack a short episode can be a tenth of a long one (Kaamelott's first seasons against
        # its last): there a sample is only a smaller copy of an episode (see _choose_episodes).
        videos = _drop_small_samples(videos, skips)
    try:
        naming.title_folder(target)
    except naming.Unnameable as exc:
        return ImportPlan(files=(), skipped=tuple(skips.items), problem=str(exc))
    chosen = (
        _choose_film(target, videos, skips) if target.is_movie else _choose_episodes(target, videos, skips)
    )
    _attach_subtitles(target, chosen, subtitles, skips)
    planned = _name_all(target, chosen)
    found = {episode for item in planned for episode in item.episodes}
    missing = tuple(sorted(target.expected_episodes() - found)) if not target.is_movie else ()
    return ImportPlan(files=tuple(planned), skipped=tuple(skips.items), missing_episodes=missing)


def _drop_small_samples(videos: list[_Candidate], skips: _Skips) -> list[_Candidate]:
    if not videos:
        return videos
    largest = max(video.size for video in videos)
    kept = []
    for video in videos:
        if video.size < largest * classify.SAMPLE_SIZE_RATIO:
            skips.add(
                video.name,
                SkipReason.SAMPLE,
                f"a sample: {_size(video.size)}, against {_size(largest)} for the main video",
            )
        else:
            kept.append(video)
    return kept


def _choose_film(target: ImportTarget, videos: list[_Candidate], skips: _Skips) -> list[_Chosen]:
    """The film is the largest video that names it (the largest video if none does), with its other CDs."""
    for video in videos:
        video.guess = guess_file(video.name, "movie")
    named = [video for video in videos if title_matches(video.guess.title, target.all_titles)]
    unnamed = [video for video in videos if not _another_film(target, video.guess)]
    pool = sorted(named or unnamed, key=lambda video: video.size, reverse=True)
    if not pool:
        for video in videos:
            words = f"{video.guess.title} ({video.guess.year})"
            skips.add(video.name, SkipReason.NOT_THE_FILM, f"named {words}, not the film asked for")
        return []
    main = pool[0]
    chosen = [_Chosen(main, cd=main.guess.cd)]
    if main.guess.cd is not None:
        cds = {main.guess.cd}
        for video in pool[1:]:
            if video.guess.cd is not None and video.guess.cd not in cds:
                cds.add(video.guess.cd)
                chosen.append(_Chosen(video, cd=video.guess.cd))
    kept = {id(item.candidate) for item in chosen}
    for video in videos:
        if id(video) not in kept:
            skips.add(
                video.name, SkipReason.NOT_THE_FILM, f"another video ({_size(video.size)}), not the film"
            )
    if len(chosen) == 1:
        chosen[0].cd = None  # a lone "CD1" is the whole film
    return sorted(chosen, key=lambda item: item.cd or 0)


def _another_film(target: ImportTarget, guess: FileGuess) -> bool:
    """True when the file names another film: a title that is not ours and a year that is not ours either.

    An obfuscated name ("a1b2c3.mkv") carries no year, so it is never called another film.
    """
    if not guess.title or guess.year is None or target.year is None:
        return False
    return abs(guess.year - target.year) > 1 and not title_matches(guess.title, target.all_titles)


def _choose_episodes(target: ImportTarget, videos: list[_Candidate], skips: _Skips) -> list[_Chosen]:
    """Every video holding a requested episode; when two hold the same episodes, the larger one."""
    chosen: list[_Chosen] = []
    covered: dict[Episode, int] = {}  # episode -> size of the file kept for it
    for video in sorted(videos, key=lambda video: (-video.size, video.name)):
        season, numbers = _season_and_episodes(target, video.name)
        if season is None or not numbers:
            skips.add(video.name, SkipReason.NO_EPISODE_NUMBER, _no_episode_number(target, numbers))
            continue
        episodes = naming.episodes_of(season, numbers)
        wanted = [episode for episode in episodes if target.wants(*episode)]
        if not wanted:
            skips.add(video.name, SkipReason.NOT_REQUESTED, f"{_episode_label(episodes)} was not requested")
            continue
        if all(episode in covered for episode in wanted):
            kept = min(covered[episode] for episode in wanted)
            if video.size < kept * classify.SAMPLE_SIZE_RATIO:
                skips.add(video.name, SkipReason.SAMPLE, f"a sample of {_episode_label(episodes)}")
            else:
                label = _episode_label(episodes)
                skips.add(video.name, SkipReason.DUPLICATE, f"a larger file already holds {label}")
            continue
        for episode in episodes:
            covered.setdefault(episode, video.size)
        chosen.append(_Chosen(video, season=season, episodes=numbers))
    return sorted(chosen, key=lambda item: (item.season or 0, item.episodes))


def _season_and_episodes(target: ImportTarget, name: str) -> tuple[int | None, tuple[int, ...]]:
    """A file's season and episodes; numbered from the show's first episode (anime), placed by TMDB."""
    guess = guess_file(name, "episode")
    if guess.season is None and guess.episodes and target.absolute_numbering is not None:
        placed = target.absolute_numbering.place(guess.episodes)
        if placed is not None:
            return placed
    return guess.season, guess.episodes


def _no_episode_number(target: ImportTarget, absolute: tuple[int, ...]) -> str:
    if not absolute:
        return "no season and episode number in its name"
    numbers = str(absolute[0]) if len(set(absolute)) == 1 else f"{min(absolute)}-{max(absolute)}"
    if target.absolute_numbering is None:
        return f"episode {numbers} counted from the first one, and TMDB was not asked where it falls"
    return f"episode {numbers} counted from the first one falls outside TMDB's seasons, or across two"


def _attach_subtitles(
    target: ImportTarget, chosen: list[_Chosen], subtitles: Sequence[_Candidate], skips: _Skips
) -> None:
    """Give each subtitle to its video; one subtitle per video, language and flags (the largest wins)."""
    top_folder = _has_top_folder([item.candidate for item in chosen] + list(subtitles))
    stems = [item.candidate.stem for item in chosen]
    if top_folder and subtitles:
        stems.append(subtitles[0].parts[0])  # subtitles are often named after the release
    for subtitle in sorted(subtitles, key=lambda sub: (-sub.size, sub.name)):
        owner = _owner(target, chosen, subtitle, skips)
        if owner is None:
            continue
        tags = subtitle_tags(subtitle.parts, stems, top_folder)
        key = (tags.suffix, classify.extension(subtitle.parts))
        if key in owner.subtitles:
            label = tags.suffix.lstrip(".") or "untagged"
            skips.add(
                subtitle.name, SkipReason.DUPLICATE, f"a larger {label} subtitle for the same video is kept"
            )
            continue
        owner.subtitles[key] = (subtitle, tags)


def _owner(
    target: ImportTarget, chosen: list[_Chosen], subtitle: _Candidate, skips: _Skips
) -> _Chosen | None:
    """The video a subtitle belongs to: named after it or its folder, by episode, or the only video."""
    if not chosen:
        skips.add(subtitle.name, SkipReason.SUBTITLE_WITHOUT_VIDEO, "no video of the torrent was imported")
        return None
    folders = [part.casefold() for part in subtitle.parts[:-1]]
    named_after = [
        item
        for item in chosen
        if starts_with_name(subtitle.stem, item.candidate.stem) or item.candidate.stem.casefold() in folders
    ]
    if named_after:
        return max(named_after, key=lambda item: len(item.candidate.stem))
    if target.is_movie:
        cd = guess_file(subtitle.name, "movie").cd
        return next((item for item in chosen if item.cd == cd), chosen[0])
    season, numbers = _season_and_episodes(target, subtitle.name)
    if season is not None and numbers:
        for item in chosen:
            if item.season == season and numbers[0] in item.episodes:
                return item
        episodes = naming.episodes_of(season, numbers)
        if not any(target.wants(*episode) for episode in episodes):
            skips.add(
                subtitle.name, SkipReason.NOT_REQUESTED, f"{_episode_label(episodes)} was not requested"
            )
        else:
            skips.add(
                subtitle.name, SkipReason.SUBTITLE_WITHOUT_VIDEO, f"no video for {_episode_label(episodes)}"
            )
        return None
    if len(chosen) == 1:
        return chosen[0]
    skips.add(subtitle.name, SkipReason.SUBTITLE_WITHOUT_VIDEO, "cannot tell which episode it belongs to")
    return None


def _name_all(target: ImportTarget, chosen: list[_Chosen]) -> list[PlannedFile]:
    planned: list[PlannedFile] = []
    for item in chosen:
        video = item.candidate
        ext = classify.extension(video.parts)
        episodes = naming.episodes_of(item.season, item.episodes) if item.season is not None else ()
        planned.append(_planned(target, item, video, ext, "", "video", episodes))
        for (suffix, sub_ext), (subtitle, _tags) in sorted(item.subtitles.items()):
            planned.append(_planned(target, item, subtitle, sub_ext, suffix, "subtitle", episodes))
    return planned


def _planned(
    target: ImportTarget,
    item: _Chosen,
    source: _Candidate,
    ext: str,
    tags: str,
    kind: Literal["video", "subtitle"],
    episodes: tuple[Episode, ...],
) -> PlannedFile:
    if item.season is not None:
        destination = naming.episode_path(target, item.season, item.episodes, ext, tags=tags)
    else:
        destination = naming.movie_path(target, ext, cd=item.cd, tags=tags)
    return PlannedFile(source.name, source.parts, source.size, destination, kind, episodes)


def _has_top_folder(candidates: Sequence[_Candidate]) -> bool:
    """True when every file sits under one common first folder (a multi-file torrent's own folder)."""
    firsts = {candidate.parts[0] for candidate in candidates if len(candidate.parts) > 1}
    return len(firsts) == 1 and all(len(candidate.parts) > 1 for candidate in candidates)


def _episode_label(episodes: Sequence[Episode]) -> str:
    return naming.episode_tag(episodes[0][0], [number for _, number in episodes]).upper()


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
