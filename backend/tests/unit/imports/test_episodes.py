"""Episodes: single files, multi-episode files, season packs with only the requested episodes kept."""

from __future__ import annotations

import csv
import re

import pytest

from app.imports import ImportTarget, SkipReason, plan_import
from app.integrations.qbittorrent import TorrentFile
from tests.fixture_files import fixtures_dir

GB = 1024**3
PACK = "Breaking.Bad.S01.1080p.BluRay.x264-ROVERS"


def torrent(*files: tuple[str, int]) -> list[TorrentFile]:
    return [TorrentFile(name=name, size=size, progress=1.0, priority=1) for name, size in files]


def season_pack(count: int = 7) -> list[TorrentFile]:
    return torrent(
        *(
            (f"{PACK}/Breaking.Bad.S01E{number:02d}.1080p.BluRay.x264-ROVERS.mkv", 2 * GB)
            for number in range(1, count + 1)
        )
    )


def test_a_single_episode_gets_the_plex_name_with_its_tmdb_title() -> None:
    show = ImportTarget.show(
        "Breaking Bad", 2008, episodes={"1": [2]}, episode_titles={(1, 2): "Cat's in the Bag..."}
    )
    plan = plan_import(show, torrent(("Breaking.Bad.S01E02.720p.HDTV.x264-CTU.mkv", 1 * GB)))
    assert [item.destination for item in plan.files] == [
        ("Breaking Bad (2008)", "Season 01", "Breaking Bad (2008) - s01e02 - Cat's in the Bag.mkv")
    ]
    assert plan.files[0].episodes == ((1, 2),)


def test_without_an_episode_title_the_name_stops_at_the_episode_number() -> None:
    show = ImportTarget.show("Breaking Bad", 2008, seasons=[1])
    plan = plan_import(show, torrent(("Breaking.Bad.S01E02.720p.HDTV.x264-CTU.mkv", 1 * GB)))
    assert plan.files[0].destination[-1] == "Breaking Bad (2008) - s01e02.mkv"


def test_a_multi_episode_file_is_named_with_the_range_and_both_titles() -> None:
    show = ImportTarget.show(
        "Doctor Who",
        2005,
        seasons=[4],
        episode_titles={(4, 12): "The Stolen Earth", (4, 13): "Journey's End"},
    )
    plan = plan_import(show, torrent(("Doctor.Who.2005.S04E12E13.720p.BluRay.x264-GRP.mkv", 3 * GB)))
    assert (
        plan.files[0].destination[-1]
        == "Doctor Who (2005) - s04e12-e13 - The Stolen Earth + Journey's End.mkv"
    )
    assert plan.files[0].episodes == ((4, 12), (4, 13))


def test_a_multi_episode_file_without_every_title_has_no_title() -> None:
    show = ImportTarget.show("Doctor Who", 2005, seasons=[4], episode_titles={(4, 12): "The Stolen Earth"})
    plan = plan_import(show, torrent(("Doctor.Who.2005.S04E12-E13.720p.BluRay.x264-GRP.mkv", 3 * GB)))
    assert plan.files[0].destination[-1] == "Doctor Who (2005) - s04e12-e13.mkv"


def test_a_season_pack_keeps_only_the_requested_episodes() -> None:
    show = ImportTarget.show("Breaking Bad", 2008, episodes={"1": [1, 3, 9]})
    plan = plan_import(show, season_pack())
    assert [item.destination[-1] for item in plan.files] == [
        "Breaking Bad (2008) - s01e01.mkv",
        "Breaking Bad (2008) - s01e03.mkv",
    ]
    left_out = {item.source.rsplit("/", 1)[-1][:19]: item.code for item in plan.skipped}
    assert left_out == {f"Breaking.Bad.S01E{n:02d}": SkipReason.NOT_REQUESTED for n in (2, 4, 5, 6, 7)}
    assert plan.missing_episodes == ((1, 9),)


def test_a_whole_season_request_takes_the_whole_pack_and_names_what_tmdb_titled_missing() -> None:
    titles = {(1, number): f"Episode {number}" for number in range(1, 9)}
    show = ImportTarget.show("Breaking Bad", 2008, seasons=[1], episode_titles=titles)
    plan = plan_import(show, season_pack(7))
    assert [item.episodes for item in plan.files] == [((1, n),) for n in range(1, 8)]
    assert plan.files[0].destination[-1] == "Breaking Bad (2008) - s01e01 - Episode 1.mkv"
    assert plan.missing_episodes == ((1, 8),)


def test_a_multi_season_pack_keeps_the_requested_season_in_its_own_folder() -> None:
    show = ImportTarget.show("The Wire", 2002, seasons=[2])
    files = torrent(
        ("The.Wire.Complete/Season 1/The.Wire.S01E01.mkv", GB),
        ("The.Wire.Complete/Season 2/The.Wire.S02E01.mkv", GB),
        ("The.Wire.Complete/Season 2/The.Wire.S02E02.mkv", GB),
    )
    plan = plan_import(show, files)
    assert [item.destination[:2] for item in plan.files] == [("The Wire (2002)", "Season 02")] * 2


def test_the_episode_number_can_come_from_the_folders() -> None:
    show = ImportTarget.show("The Wire", 2002, seasons=[1])
    plan = plan_import(show, torrent(("The Wire Season 1/01 - The Target.avi", GB)))
    assert plan.files[0].destination[-1] == "The Wire (2002) - s01e01.avi"


def test_a_file_without_episode_number_is_left_out_with_a_reason() -> None:
    show = ImportTarget.show("The Wire", 2002, seasons=[1])
    plan = plan_import(
        show, torrent(("The.Wire.S01/The.Wire.S01E01.mkv", GB), ("The.Wire.S01/recap.mkv", GB))
    )
    assert [item.code for item in plan.skipped] == [SkipReason.NO_EPISODE_NUMBER]


def test_two_files_of_one_episode_keep_the_larger() -> None:
    show = ImportTarget.show("The Wire", 2002, seasons=[1])
    files = torrent(("W/The.Wire.S01E01.720p.mkv", GB), ("W/The.Wire.S01E01.1080p.mkv", 2 * GB))
    plan = plan_import(show, files)
    assert [item.source for item in plan.files] == ["W/The.Wire.S01E01.1080p.mkv"]
    assert [item.code for item in plan.skipped] == [SkipReason.DUPLICATE]


def test_specials_go_to_season_00() -> None:
    show = ImportTarget.show("Doctor Who", 2005, seasons=[0])
    plan = plan_import(show, torrent(("Doctor.Who.2005.S00E01.The.Christmas.Invasion.720p.mkv", GB)))
    assert plan.files[0].destination[1:] == ("Season 00", "Doctor Who (2005) - s00e01.mkv")


def _scene_episode_cases() -> list[tuple[str, int, int]]:
    path = fixtures_dir() / "releases" / "sonarr_single_episode_cases.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    scene = re.compile(r"\bs\d{1,2}e\d{1,3}\b", re.IGNORECASE)
    return [
        (row["release_title"], int(row["season"]), int(row["episode"]))
        for row in rows
        if scene.search(re.sub(r"[._]", " ", row["release_title"]))
    ]


@pytest.mark.parametrize(("release", "season", "episode"), _scene_episode_cases())
def test_real_episode_names_land_on_their_episode(release: str, season: int, episode: int) -> None:
    """Sonarr's recorded SxxEyy names, as the file of a single-episode torrent."""
    show = ImportTarget.show("Series Title", 2010, episodes={season: [episode]})
    plan = plan_import(show, torrent((f"{release}.mkv", GB)))
    assert [item.destination[1:] for item in plan.files] == [
        (f"Season {season:02d}", f"Series Title (2010) - s{season:02d}e{episode:02d}.mkv")
    ]


def test_short_episodes_beside_long_ones_are_not_taken_for_samples() -> None:
    """Kaamelott: seven-minute episodes in Livre I, fifty-minute ones in Livre VI, in one complete pack."""
    show = ImportTarget.show("Kaamelott", 2005)
    files = torrent(
        ("Kaamelott.Integrale/Livre I/Kaamelott.S01E01.FRENCH.DVDRip.mkv", 45 * 1024**2),
        ("Kaamelott.Integrale/Livre I/Kaamelott.S01E02.FRENCH.DVDRip.mkv", 44 * 1024**2),
        ("Kaamelott.Integrale/Livre VI/Kaamelott.S06E01.FRENCH.DVDRip.mkv", 1 * GB),
    )
    plan = plan_import(show, files)
    assert [item.episodes for item in plan.files] == [((1, 1),), ((1, 2),), ((6, 1),)]
    assert plan.skipped == ()


def test_a_small_unnamed_copy_of_an_episode_is_a_sample() -> None:
    show = ImportTarget.show("The Wire", 2002, seasons=[1])
    files = torrent(
        ("W/The.Wire.S01E01.1080p.mkv", 2 * GB), ("W/preview/The.Wire.S01E01.1080p.mkv", 30 * 1024**2)
    )
    plan = plan_import(show, files)
    assert [item.source for item in plan.files] == ["W/The.Wire.S01E01.1080p.mkv"]
    assert [item.code for item in plan.skipped] == [SkipReason.SAMPLE]


def test_what_a_show_request_wants() -> None:
    everything = ImportTarget.show("Show", 2020)
    assert everything.wants(1, 1) and everything.wants(7, 30)
    seasons = ImportTarget.show("Show", 2020, seasons=[2])
    assert seasons.wants(2, 9) and not seasons.wants(1, 1)
    episodes_only = ImportTarget.show("Show", 2020, episodes={"2": [3]})
    assert episodes_only.wants(2, 3) and not episodes_only.wants(2, 4) and not episodes_only.wants(1, 3)
    mixed = ImportTarget.show("Show", 2020, seasons=[1], episodes={2: [3]})
    assert mixed.wants(1, 12) and mixed.wants(2, 3) and not mixed.wants(2, 4)
