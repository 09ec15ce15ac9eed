"""The fast path must give guessit's answer whenever it answers at all."""

from __future__ import annotations

import pytest

from app.releases.fast_path import parse_fast
from app.releases.matching import normalise
from app.releases.parsing import finish, parse_release, parse_release_with_guessit
from tests.release_corpus import corpus_rows
from tests.unit.releases.accuracy import releases_fixture

# What the selection decides on and what the request's record shows (selection.RankedRelease.to_dict): the
# fast path must give guessit's answer in each. HDR, audio, group and edition are read by neither, so a name
# whose group or audio the fast path reads another way may still take it. The title is compared as matching
# sees it (matching.normalise: case, punctuation and accents aside).
COMPARED = [
    "year",
    "seasons",
    "episodes",
    "absolute_episodes",
    "is_season_pack",
    "is_complete_series",
    "resolution",
    "source",
    "source_known",
    "quality",
    "languages",
    "subtitle_languages",
    "language_tags",
    "codec",
    "proper",
    "repack",
    "revision",
]

# Typical French-tracker and scene names (the fixtures are mostly Radarr's odd cases).
TRACKER_NAMES = [
    "Le.Voyage.de.Chihiro.2001.MULTi.VFF.1080p.BluRay.x264-QTZ",
    "Dune (2021) MULTi VFF 2160p 10bit HDR BluRay DDP 5.1 x265-QTZ",
    "Dune.Part.Two.2024.MULTi.TRUEFRENCH.1080p.WEB-DL.DDP5.1.H.264-FiDELiO",
    "Amelie.2001.VOSTFR.720p.BluRay.DTS-HD.MA.5.1.x264-GHT",
    "The.Office.US.S02E03.720p.WEB-DL.DD5.1.H.264-NTb",
    "Kaamelott.S01.FRENCH.1080p.WEB.H264-ZT",
    "Lupin.S02E01.MULTi.1080p.NF.WEB-DL.DDP5.1.x264-Ulysse",
    "Show.S01E01E02.VFF.1080p.WEB.x264-GRP",
    "Movie.2019.SUBFRENCH.720p.BluRay.AAC2.0.x264-KAF",
    "Movie.2019.VF2.1080p.BluRay.REPACK.x265.10bit-GRP",
    "Movie.2019.PROPER.REPACK2.1080p.BluRay.x264-GRP",
    "Movie.2019.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP",
    # Fansub episodes counted from the first, hyphenated and accented titles, a site's tag after the group.
    "[HorribleSubs] Ao Haru Ride - 06 [480p].mkv",
    "[PuyaSubs!] Seirei Tsukai no Blade Dance - 05 [720p][32DD560E].mkv",
    "Spider-Man.Into.The.Spider-Verse.2018.TRUEFRENCH.BDRip.x264-NEO",
    "La guerre est déclarée (2011) VOF 1080p BluRay EAC3 5.1 x265-k7.mkv",
    "The.Hateful.Eight.2015.720p.BluRay.x264-SPARKS[rarbg]",
    "Platoon.1986.FRENCH.SUBFORCED.BRRip.x264.AC3-FUNKY",
    "Movie.Hills.2019.German.DL.AC3.Dubbed.1080p.BluRay.x264-muhHD",
    "Ed Wood (1994) - 1080p FR EN x264 ac3 mHDgz.mkv",
    "Brooklyn (2015) MULTi (VFF-VO-VFQ) [1080p] BluRay x264-PopHD.mkv",
    "The League - S06E10 - Epi Sexy.mkv",
    # Episode titles in lower and capitalised words; fansub tags in brackets (a disc, a frame size, codecs).
    "Mom.S06E08.Shots.and.the.Truth.About.Santa.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb",
    "[DeadFish] Tari Tari - 01 [BD][720p][AAC].mp4",
    "[Stratos-Subs]_Infinite_Stratos_-_12_(1280x720_H.264_AAC)_[379759DB]",
    # Tags guessit reads as a source, a language or nothing the selection uses (HDRip: a rip, no source).
    "Movie.2016.ITA.ENG.1080p.BluRay.DTSHD.x264-GRP",
    "Movie 2016 Multi 2160p UHD Bluray HEVC10 DTSHD 7.1-Zeus",
    "Movie.2016.1080p.WEB-DL.HDRip.AC3D.x264-GRP",
    "Movie.2016.DVDScr.XviD.PAL-GRP",
    "Kes.1969.1080p.BluRay.FLAC1.0.x264-DON.mkv",
    "Movie.Title.2015.Open.Matte.1080i.HDTV.DD5.1.MPEG2",  # the codec last, not a group
    "Some.Movie.2019.1080p.WEB-DL.DD5.1.H.264",  # "264" last is the codec's, not a group
    "Second.Chance.S01E02.One.More.Notch.1080p.WEB-DL.DD5.1.H264-SC[rartv]",
    # Episode ranges, a site's address before the name, Sonarr's bracketed quality after the episode.
    "Movie.Name.S03E01-06.DUAL.BDRip.AC3-HELLYWOOD",
    "www.Torrenting.com - Movie.2008.720p.X264-DIMENSION",
    "Show Name - S01E01 - Title [HDTV-720p]",
    # An alternative title in parentheses after the year; an episode's details among its tags.
    "Le prestige (2006) (The Prestige) 720p x264 AAC 5.1 MULTI [NOEX]",
    "L agence [2011] MULTi AC3 1080p x264-GOLDORAK.mkv",
    "Dexter.S08E12.FINAL.MULTi.1080p.BluRay.x264-MiND.mkv",
    # A season written in words, and a whole season, as French trackers name their packs.
    "Fargo.Saison.1.COMPLETE.FRENCH.720p.HDTV.x264-GRP",
    "The.Bear.S02.COMPLETE.MULTi.1080p.WEB.H264-GRP",
    "The Bear Season 2 1080p WEB x264-GRP",
    # More streaming services (Max in capitals only), an episode written as two words, "10bits".
    "The.Bear.S02E03.MULTi.1080p.MAX.WEB-DL.DDP5.1.H.264-GRP",
    "One.Piece.S01E07.VOSTFR.1080p.ADN.WEB-DL.AAC2.0.H.264-GRP",
    "The.Bear.S02.E03.FRENCH.WEB.x264-GRP",
    "Oppenheimer.2023.FRENCH.1080p.WEB.10bits.x265-GRP",
    # No year: a language closes the title when tags follow ("The_Italian_Job" alone keeps its title).
    "Das.Appartement.GERMAN.AC3D.DL.720p.BluRay.x264-TVP",
    # ...but not a group written before the title.
    "FoV-Show.Name.S01E01.720p.HDTV.x264.mkv",
    "[Erai-raws] Fumetsu no Anata e - 03 [720p][Multiple Subtitle].mkv",
    "Show.Name.S02E07.Shiva.AC3.Dubbed.WEBRip.x264",  # "Dubbed" alone: guessit's undetermined language
    "DC's Legends of Tomorrow 2016 - S02E02",  # an episode after " - " is no group
    "Show.S01E02.Ita.Es.De.720p.WEB-DL.x264-GRP",  # guessit reads languages in the episode title
    "The_Italian_Job.mkv",
    "Movie.2019.1080p.BluRay.x264.NLsubs",  # Dutch subtitles to guessit, not a group
    "Show.S01E02.720p.HDTV.x264.EngSub",
    "Show.S01.720p.WEB.x264.E05",  # an episode, a part or a year last is no group
    "Movie.2013.720p.WEB.x264.Part2",
    "Movie.2019.1080p.WEB-DL.x264.ENG-SC",  # guessit: English of the Seychelles (en-SC), not a group
    "Movie.2019.German.DL.WEB.x264-GRP",  # guessit loses the dual language into the WEB source
    "Show.S02E10.iTALiAN.NF.WEB.DTS-W4F",  # guessit loses a language written beside a service
    "Kaamelott.2019.iTALiAN.DSNP.EAC3.10bit.x265-SiGMA",  # a service with no source word
    "Movie.2019.1080p.WEB-DL.BDRip.x264-GRP",  # two sources: guessit keeps one by rules of its own
    "Show.S01E01.Family.Matters.ITA.TRUEFRENCH.BDRip-GRP",  # a language right after an episode title
    "Movie.2019.1080p.2160p.x264-GRP",  # two resolutions
    "Movie.2021.AVC.1080i-QTZ",  # guessit reads no codec in "AVC.1080i"
    "Ghosts.2021.WEB-DL.FRENCH.SUBFORCED.SPANISH.x264-QTZ",  # subtitles to guessit after SUBFORCED
    "The.Crown.S01E01.ITA.ENG.NORDiC.FRENCH-QTZ",  # guessit keeps only some of many languages
    "Show.Name.S02.AV1.1080p-GRP",  # AV1 right after a season is an episode title to guessit
    "Show.Name.Saison.2.Episode.3.FRENCH.720p-GRP",  # an episode written in words
    "Dark.2024.AVC.10bit.x265-GRP",  # two codecs: guessit keeps one by rules of its own
]


def _fixture_names() -> list[str]:
    names = []
    for file_name, column in (
        ("radarr_quality_parser_cases.tsv", "title"),
        ("radarr_movie_title_cases.tsv", "release_title"),
        ("sonarr_single_episode_cases.tsv", "release_title"),
        ("radarr_repack_cases.tsv", "title"),
    ):
        names += [row[column].strip() for row in releases_fixture(file_name)]
    return names


# Titles guessit reshapes (a country) are left to it on purpose; a film's closing "Part Two" is read here.
LEFT_TO_GUESSIT = {
    "The.Office.US.S02E03.720p.WEB-DL.DD5.1.H.264-NTb",
    "FoV-Show.Name.S01E01.720p.HDTV.x264.mkv",
    "[Erai-raws] Fumetsu no Anata e - 03 [720p][Multiple Subtitle].mkv",
    "Show.Name.S02E07.Shiva.AC3.Dubbed.WEBRip.x264",
    "DC's Legends of Tomorrow 2016 - S02E02",
    "Show.S01E02.Ita.Es.De.720p.WEB-DL.x264-GRP",
    "The_Italian_Job.mkv",
    "Movie.2019.1080p.BluRay.x264.NLsubs",
    "Show.S01E02.720p.HDTV.x264.EngSub",
    "Show.S01.720p.WEB.x264.E05",
    "Movie.2013.720p.WEB.x264.Part2",
    "Movie.2019.1080p.WEB-DL.x264.ENG-SC",
    "Movie.2019.German.DL.WEB.x264-GRP",
    "Show.S02E10.iTALiAN.NF.WEB.DTS-W4F",
    "Kaamelott.2019.iTALiAN.DSNP.EAC3.10bit.x265-SiGMA",
    "Movie.2019.1080p.WEB-DL.BDRip.x264-GRP",
    "Show.S01E01.Family.Matters.ITA.TRUEFRENCH.BDRip-GRP",
    "Movie.2019.1080p.2160p.x264-GRP",
    "Movie.2021.AVC.1080i-QTZ",
    "Ghosts.2021.WEB-DL.FRENCH.SUBFORCED.SPANISH.x264-QTZ",
    "The.Crown.S01E01.ITA.ENG.NORDiC.FRENCH-QTZ",
    "Show.Name.S02.AV1.1080p-GRP",
    "Show.Name.Saison.2.Episode.3.FRENCH.720p-GRP",
    "Dark.2024.AVC.10bit.x265-GRP",
}


@pytest.mark.parametrize("name", TRACKER_NAMES)
def test_plain_tracker_names_take_the_fast_path(name: str) -> None:
    assert (parse_fast(name) is None) == (name in LEFT_TO_GUESSIT)
    assert parse_release(name).parsed_by == ("guessit" if name in LEFT_TO_GUESSIT else "fast")


def _corpus_names() -> list[str]:
    """The release corpus (1,516 real names): the widest check of the fast path's vocabulary."""
    return [row["name"].strip() for row in corpus_rows()]


@pytest.mark.parametrize("name", list(dict.fromkeys(TRACKER_NAMES + _fixture_names() + _corpus_names())))
def test_fast_path_agrees_with_guessit(name: str) -> None:
    fields = parse_fast(name)
    if fields is None:
        return  # guessit reads this one; nothing to compare
    fast, reference = finish(name, fields), parse_release_with_guessit(name)
    differences = {key: (getattr(fast, key), getattr(reference, key)) for key in COMPARED}
    differences["title"] = (normalise(fast.title), normalise(reference.title))
    differences = {key: pair for key, pair in differences.items() if pair[0] != pair[1]}
    assert not differences, f"fast path vs guessit: {differences}"


def test_parse_reads_the_french_tags() -> None:
    vostfr = parse_release("Amelie.2001.VOSTFR.720p.BluRay.x264-GHT")
    assert not vostfr.has_french_audio and vostfr.has_french_subtitles
    multi = parse_release("Dune (2021) MULTi VFF 2160p 10bit HDR BluRay DDP 5.1 x265-QTZ")
    assert multi.has_french_audio and multi.language_tags == ("MULTI", "VFF")
    assert multi.quality.value == "Bluray-2160p" and multi.year == 2021 and multi.title == "Dune"
    quebec = parse_release("Movie.2019.VFQ.720p.WEB-DL.x264-GRP")
    assert quebec.has_french_audio and quebec.language_tags == ("VFQ",)


def test_a_fansub_episode_is_counted_from_the_first() -> None:
    episode = parse_release("[PuyaSubs!] Seirei Tsukai no Blade Dance - 05 [720p][32DD560E].mkv")
    assert episode.parsed_by == "fast" and episode.title == "Seirei Tsukai no Blade Dance"
    assert episode.absolute_episodes == (5,) and episode.seasons == () and episode.group == "PuyaSubs!"
    assert episode.resolution == "720p"


def test_a_fansub_episode_on_blu_ray_is_read_without_guessit() -> None:
    episode = parse_release("[DeadFish] Tari Tari - 01 [BD][720p][AAC].mp4")
    assert episode.parsed_by == "fast" and episode.title == "Tari Tari" and episode.absolute_episodes == (1,)
    assert episode.quality.value == "Bluray-720p"


def test_forced_french_subtitles_are_read_without_guessit() -> None:
    forced = parse_release("Platoon.1986.FRENCH.SUBFORCED.BRRip.x264.AC3-FUNKY")
    assert forced.parsed_by == "fast" and forced.has_french_subtitles and forced.has_french_audio


def test_season_pack_and_episodes_are_told_apart() -> None:
    pack = parse_release("Kaamelott.S01.FRENCH.1080p.WEB.H264-ZT")
    assert pack.is_season_pack and pack.season == 1 and pack.episodes == ()
    double = parse_release("Show.S01E01E02.VFF.1080p.WEB.x264-GRP")
    assert not double.is_season_pack and double.episodes == (1, 2)
