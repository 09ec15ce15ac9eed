"""Which files of a torrent are imported: the film or requested episodes, never samples, extras, programs."""

from __future__ import annotations

from app.imports import ImportTarget, SkipReason, plan_import
from app.integrations.qbittorrent import TorrentFile

GB = 1024**3
MB = 1024**2
FILM = ImportTarget.movie("Inception", 2010)
RELEASE = "Inception.2010.1080p.BluRay.x264-SPARKS"


def torrent(*files: tuple[str, int]) -> list[TorrentFile]:
    """Files as qBittorrent lists them, finished."""
    return [TorrentFile(name=name, size=size, progress=1.0, priority=1) for name, size in files]


def skipped(plan) -> dict[str, SkipReason]:  # type: ignore[no-untyped-def]
    return {item.source.rsplit("/", 1)[-1]: item.code for item in plan.skipped}


def test_keeps_the_film_and_explains_every_file_left_out() -> None:
    plan = plan_import(
        FILM,
        torrent(
            (f"{RELEASE}/{RELEASE.lower()}.mkv", 8 * GB),
            (f"{RELEASE}/Sample/{RELEASE.lower()}-sample.mkv", 60 * MB),
            (f"{RELEASE}/{RELEASE}.nfo", 4_000),
            (f"{RELEASE}/Codec/setup.exe", 2 * MB),
            (f"{RELEASE}/Trailers/Inception Trailer 1.mp4", 200 * MB),
            (f"{RELEASE}/Featurettes/The Dream Architecture.mkv", 900 * MB),
            (f"{RELEASE}/Inception-behindthescenes.mkv", 1 * GB),
            (f"{RELEASE}/{RELEASE}.part01.rar", 1 * GB),
            (f"{RELEASE}/{RELEASE}.r00", 1 * GB),
            (f"{RELEASE}/disc.iso", 1 * GB),
            (f"{RELEASE}/cover.jpg", 300_000),
        ),
    )
    assert [item.destination for item in plan.files] == [("Inception (2010)", "Inception (2010).mkv")]
    assert skipped(plan) == {
        f"{RELEASE.lower()}-sample.mkv": SkipReason.SAMPLE,
        f"{RELEASE}.nfo": SkipReason.NOT_MEDIA,
        "setup.exe": SkipReason.EXECUTABLE,
        "Inception Trailer 1.mp4": SkipReason.EXTRA,
        "The Dream Architecture.mkv": SkipReason.EXTRA,
        "Inception-behindthescenes.mkv": SkipReason.EXTRA,
        f"{RELEASE}.part01.rar": SkipReason.ARCHIVE,
        f"{RELEASE}.r00": SkipReason.ARCHIVE,
        "disc.iso": SkipReason.NOT_MEDIA,
        "cover.jpg": SkipReason.NOT_MEDIA,
    }
    assert all(item.reason for item in plan.skipped)


def test_a_sample_is_recognised_by_its_size_even_when_not_named_so() -> None:
    plan = plan_import(FILM, torrent((f"{RELEASE}/a.mkv", 8 * GB), (f"{RELEASE}/b.mkv", 300 * MB)))
    assert [item.source for item in plan.files] == [f"{RELEASE}/a.mkv"]
    assert skipped(plan) == {"b.mkv": SkipReason.SAMPLE}
    assert "300.0 MB" in plan.skipped[0].reason


def test_a_smaller_video_that_is_not_a_sample_is_still_not_the_film() -> None:
    plan = plan_import(FILM, torrent((f"{RELEASE}/a.mkv", 8 * GB), (f"{RELEASE}/b.mkv", 3 * GB)))
    assert [item.source for item in plan.files] == [f"{RELEASE}/a.mkv"]
    assert skipped(plan) == {"b.mkv": SkipReason.NOT_THE_FILM}


def test_the_video_naming_the_film_wins_over_a_larger_other_film() -> None:
    plan = plan_import(
        FILM,
        torrent(
            ("Nolan.Collection/Interstellar.2014.1080p.BluRay.x264-SPARKS.mkv", 12 * GB),
            ("Nolan.Collection/Inception.2010.1080p.BluRay.x264-SPARKS.mkv", 8 * GB),
        ),
    )
    assert [item.source for item in plan.files] == [
        "Nolan.Collection/Inception.2010.1080p.BluRay.x264-SPARKS.mkv"
    ]


def test_a_film_in_two_cds_keeps_both_parts() -> None:
    plan = plan_import(
        ImportTarget.movie("Heat", 1995),
        torrent(
            ("Heat.1995.DVDRip.XviD/Heat.1995.CD1.avi", 700 * MB),
            ("Heat.1995.DVDRip.XviD/Heat.1995.CD2.avi", 690 * MB),
        ),
    )
    assert [item.destination[-1] for item in plan.files] == ["Heat (1995) - pt1.avi", "Heat (1995) - pt2.avi"]


def test_words_of_the_title_do_not_make_a_file_an_extra_or_a_sample() -> None:
    show = ImportTarget.show("Trailer Park Boys", 2001, seasons=[1])
    plan = plan_import(show, torrent(("Trailer.Park.Boys.S01E01.720p.WEB.x264-GRP.mkv", 1 * GB)))
    assert [item.destination[-1] for item in plan.files] == ["Trailer Park Boys (2001) - s01e01.mkv"]
    free = ImportTarget.movie("Free Samples", 2012)
    plan = plan_import(free, torrent(("Free.Samples.2012.1080p.WEB.x264-GRP.mkv", 4 * GB)))
    assert [item.destination[-1] for item in plan.files] == ["Free Samples (2012).mkv"]


def test_a_torrent_of_archives_only_imports_nothing_and_says_why() -> None:
    plan = plan_import(
        FILM, torrent((f"{RELEASE}/{RELEASE}.rar", 4 * GB), (f"{RELEASE}/{RELEASE}.r00", 4 * GB))
    )
    assert plan.files == ()
    assert set(skipped(plan).values()) == {SkipReason.ARCHIVE}


def test_an_empty_video_is_left_out() -> None:
    plan = plan_import(FILM, torrent((f"{RELEASE}/{RELEASE}.mkv", 0)))
    assert plan.files == ()
    assert skipped(plan) == {f"{RELEASE}.mkv": SkipReason.NOT_MEDIA}
