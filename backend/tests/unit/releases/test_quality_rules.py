"""The rung of real names that say less than "1080p.BluRay": the source is inferred the way Radarr and
Sonarr infer it, and Unknown is left for names that say nothing. Names from tests/data/release_corpus."""

from __future__ import annotations

import pytest

from app.releases.parsing import parse_release
from app.releases.quality import Quality


@pytest.mark.parametrize(
    ("name", "quality", "source_known"),
    [
        # No source word: the resolution says an HDTV capture at that resolution (oleoo's French fixtures).
        ("Zombieland.Double.Tap.2019.FRENCH.1080p.HDLight.x264.AC3-TOXIC.mkv", Quality.HDTV_1080P, False),
        ("Les 4 Fantastiques 2015 Truefrench 720p x264 AAC PIXEL", Quality.HDTV_720P, False),
        ("Citizenfour (2014) [1080p]", Quality.HDTV_1080P, False),
        # German groups' streaming words are WEB-DL.
        ("Preacher S01E01 Pilot German DD51 DL 720p AmazonHD x264-TVS", Quality.WEBDL_720P, True),
        ("Scream S02E01 German DD51 DL 720p NetflixHD x264-TVS", Quality.WEBDL_720P, True),
        ("Movie Name.S04E25.720p.iTunesHD.AVC-TVS", Quality.WEBDL_720P, True),
        # HD-DVD is a Blu-ray-class source, not a full disc.
        ("Fear.and.Loathing.in.Las.Vegas.720p.HDDVD.DTS.x264-ESiR.mkv", Quality.BLURAY_720P, True),
        # An XviD rip of a Blu-ray is DVD quality.
        ("Big.Eyes.2014.FRENCH.BDRip.XviD-GLUPS", Quality.DVD, True),
        # A WEB name without a resolution: Radarr's 480p.
        ("Les.Gorilles.2014.TRUEFRENCH.WEBRip.XviD-SVR", Quality.WEBRIP_480P, True),
        # A full UHD disc (disc codec, no encoder) and a 1080p HEVC encode of one.
        (
            "Fantastic Beasts and Where to Find Them 2016 Multi 2160p UHD BluRay HEVC HDR Atmos7.1-DDR",
            Quality.BR_DISK,
            True,
        ),
        ("Victoria.S01.1080p.BluRay.HEVC.DTSMA.LPCM.PGS-OZM", Quality.BLURAY_1080P, True),
    ],
)
def test_the_rung_is_radarrs(name: str, quality: Quality, source_known: bool) -> None:
    parsed = parse_release(name)
    assert (parsed.quality, parsed.source_known) == (quality, source_known)


def test_a_streaming_tag_alone_says_web_dl() -> None:
    # Radarr needs the WEB word; a service tag is a web download all the same (documented improvement).
    parsed = parse_release("Movie.Title.2019.1080p.AMZN.x264-GRP")
    assert (parsed.quality, parsed.source_known) == (Quality.WEBDL_1080P, True)


def test_fhd_is_1080p() -> None:
    assert parse_release("Some.Show.S02E03.FHD.x264-GRP").resolution == "1080p"


def test_a_range_of_years_in_the_title_is_not_the_release_year() -> None:
    parsed = parse_release("The.Story.of.1982-1992.2017.1080p.WEB-DL.x264-GRP")
    assert parsed.year == 2017


def test_unknown_is_left_for_names_that_say_nothing() -> None:
    assert parse_release("Les.Magiciens.1976.VHSRip.XViD.MKO").quality == Quality.UNKNOWN


def test_a_numbered_episode_before_the_year_is_a_film_title() -> None:
    parsed = parse_release("Star Wars Episode 4 Un Nouvel espoir 1977 Truefrench BDrip x264-BBer")
    assert (parsed.year, parsed.seasons, parsed.episodes) == (1977, (), ())


def test_a_complete_series_is_an_episode_release() -> None:
    parsed = parse_release("Breaking.Bad.COMPLETE.1080p.BluRay.x264-GRP")
    assert parsed.is_complete_series and not parsed.seasons
