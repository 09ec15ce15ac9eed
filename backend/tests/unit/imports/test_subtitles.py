"""Subtitles land beside their video, tagged with their language the way Plex reads it."""

from __future__ import annotations

import pytest

from app.imports import ImportTarget, SkipReason, plan_import
from app.imports.subtitles import subtitle_tags
from app.integrations.qbittorrent import TorrentFile

GB = 1024**3
RELEASE = "Amelie.2001.1080p.BluRay.x264-GRP"
FILM = ImportTarget.movie("Amélie", 2001, alternative_titles=["Le Fabuleux Destin d'Amélie Poulain"])


def torrent(*files: tuple[str, int]) -> list[TorrentFile]:
    return [TorrentFile(name=name, size=size, progress=1.0, priority=1) for name, size in files]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (f"{RELEASE}/{RELEASE}.fr.srt", ".fr"),
        (f"{RELEASE}/{RELEASE}.fre.srt", ".fr"),
        (f"{RELEASE}/{RELEASE}.French.srt", ".fr"),
        (f"{RELEASE}/{RELEASE}.VF.srt", ".fr"),
        (f"{RELEASE}/{RELEASE}.VOSTFR.srt", ".fr"),
        (f"{RELEASE}/{RELEASE}.en.forced.srt", ".en.forced"),
        (f"{RELEASE}/{RELEASE}.eng.SDH.srt", ".en.sdh"),
        (f"{RELEASE}/{RELEASE}.pt-BR.srt", ".pt"),
        (f"{RELEASE}/Subs/2_English.srt", ".en"),
        (f"{RELEASE}/Subs/English (SDH).srt", ".en.sdh"),
        (f"{RELEASE}/Subs/3_French_Forced.srt", ".fr.forced"),
        (f"{RELEASE}/Subs/fre.srt", ".fr"),
        (f"{RELEASE}/Subs/Français.ass", ".fr"),
        (f"{RELEASE}/French/{RELEASE}.srt", ".fr"),
        (f"{RELEASE}/Subs/Spanish/{RELEASE}.srt", ".es"),
        (f"{RELEASE}/amelie.2001.1080p.bluray.x264-grp.de.srt", ".de"),
        # No language said: no tag rather than a guess.
        (f"{RELEASE}/{RELEASE}.srt", ""),
        (f"{RELEASE}/Subs/{RELEASE}.srt", ""),
        (f"{RELEASE}/Subs/track3.srt", ""),
        # The release's own words (its audio language, its group) are not the subtitle's language.
        ("Amelie.2001.FRENCH.1080p.BluRay.x264-ITA/Amelie.2001.FRENCH.1080p.BluRay.x264-ITA.srt", ""),
        ("Amelie.2001.1080p/Amelie.2001.1080p.BluRay.x264-ITA.srt", ""),
        ("The.Italian.Job.2003.1080p/The.Italian.Job.2003.srt", ""),
    ],
)
def test_the_language_is_read_from_the_name_or_its_folder(name: str, expected: str) -> None:
    video = name.split("/", 1)[0]
    parts = tuple(name.split("/"))
    assert subtitle_tags(parts, [video], has_top_folder=True).suffix == expected


def test_subtitles_are_named_after_the_film_with_their_language() -> None:
    plan = plan_import(
        FILM,
        torrent(
            (f"{RELEASE}/{RELEASE}.mkv", 8 * GB),
            (f"{RELEASE}/Subs/2_English.srt", 90_000),
            (f"{RELEASE}/Subs/3_English.srt", 60_000),
            (f"{RELEASE}/Subs/4_French.srt", 80_000),
            (f"{RELEASE}/Subs/5_French.forced.srt", 3_000),
            (f"{RELEASE}/Subs/6_Klingon.srt", 50_000),
        ),
    )
    assert [item.destination[-1] for item in plan.files] == [
        "Amélie (2001).mkv",
        "Amélie (2001).srt",
        "Amélie (2001).en.srt",
        "Amélie (2001).fr.srt",
        "Amélie (2001).fr.forced.srt",
    ]
    assert {item.destination[0] for item in plan.files} == {"Amélie (2001)"}
    # Two English subtitles cannot share one name: the larger (usually the full one) is kept.
    assert [(item.source.rsplit("/", 1)[-1], item.code) for item in plan.skipped] == [
        ("3_English.srt", SkipReason.DUPLICATE)
    ]


def test_each_subtitle_of_a_season_pack_goes_to_its_episode() -> None:
    pack = "Show.S01.1080p.WEB.x264-GRP"
    show = ImportTarget.show("Show", 2020, seasons=[1], episode_titles={(1, 1): "Pilot"})
    plan = plan_import(
        show,
        torrent(
            (f"{pack}/Show.S01E01.1080p.WEB.x264-GRP.mkv", GB),
            (f"{pack}/Show.S01E02.1080p.WEB.x264-GRP.mkv", GB),
            (f"{pack}/Show.S01E01.1080p.WEB.x264-GRP.fr.srt", 50_000),
            (f"{pack}/Subs/Show.S01E02.1080p.WEB.x264-GRP/2_English.srt", 50_000),
            (f"{pack}/Subs/Show.S01E02.French.srt", 50_000),
            (f"{pack}/Subs/Show.S01E05.French.srt", 50_000),
            (f"{pack}/Subs/French.srt", 50_000),
        ),
    )
    assert [item.destination[-1] for item in plan.files] == [
        "Show (2020) - s01e01 - Pilot.mkv",
        "Show (2020) - s01e01 - Pilot.fr.srt",
        "Show (2020) - s01e02.mkv",
        "Show (2020) - s01e02.en.srt",
        "Show (2020) - s01e02.fr.srt",
    ]
    assert sorted((item.source.rsplit("/", 1)[-1], item.code) for item in plan.skipped) == [
        ("French.srt", SkipReason.SUBTITLE_WITHOUT_VIDEO),
        ("Show.S01E05.French.srt", SkipReason.SUBTITLE_WITHOUT_VIDEO),
    ]


def test_a_subtitle_of_an_episode_not_requested_is_left_out() -> None:
    show = ImportTarget.show("Show", 2020, episodes={"1": [1]})
    plan = plan_import(
        show,
        torrent(
            ("P/Show.S01E01.mkv", GB),
            ("P/Show.S01E02.mkv", GB),
            ("P/Show.S01E02.en.srt", 50_000),
        ),
    )
    assert ("Show.S01E02.en.srt", SkipReason.NOT_REQUESTED) in [
        (item.source.rsplit("/", 1)[-1], item.code) for item in plan.skipped
    ]


def test_a_subtitle_in_the_sample_or_extras_folder_is_left_out() -> None:
    plan = plan_import(
        FILM,
        torrent(
            (f"{RELEASE}/{RELEASE}.mkv", 8 * GB),
            (f"{RELEASE}/Sample/sample.en.srt", 1_000),
            (f"{RELEASE}/Extras/Making of.fr.srt", 1_000),
        ),
    )
    assert [item.code for item in plan.skipped] == [SkipReason.SAMPLE, SkipReason.EXTRA]
