"""Contract tests: every recorded Plex response parses with our raw-XML parser, its quirks handled."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from defusedxml import DefusedXmlException

from app.integrations.plex_parse import PlexGuids, legacy_guids, parse_page, parse_sections, parse_xml
from tests.fixture_files import fixtures_dir

PLEX = fixtures_dir() / "plex"


def _load(name: str):
    return parse_xml((PLEX / name).read_bytes())


@pytest.mark.parametrize("path", sorted(PLEX.glob("*.xml")), ids=lambda p: p.name)
def test_every_plex_fixture_parses(path: Path) -> None:
    container = parse_xml(path.read_bytes())
    assert container.tag == "MediaContainer"
    if "sections" in path.name:
        assert parse_sections(container)
    else:
        page = parse_page(container)
        assert page.items, "a listing fixture must give at least one item"
        assert all(item.rating_key and item.title for item in page.items)


def test_sections_keep_their_windows_locations_and_types() -> None:
    sections = {s.key: s for s in parse_sections(_load("plexopedia_library_sections.xml"))}
    assert sections["2"].type == "movie"
    assert sections["2"].locations == ("M:\\Media\\Movies",)
    assert sections["4"].type == "show"
    assert sections["4"].agent == "com.plexapp.agents.thetvdb"
    assert {s.type for s in sections.values()} == {"movie", "show", "artist", "photo"}


def test_size_is_not_the_number_of_children_and_no_total_without_paging() -> None:
    page = parse_page(_load("plexopedia_section_all_movies_excerpt.xml"))
    assert len(page.items) == 1  # the container says size="217": only the paging headers bring totalSize
    assert page.total_size is None


def test_legacy_imdb_agent_guid_gives_the_imdb_id() -> None:
    (movie,) = parse_page(_load("plexopedia_section_all_movies_excerpt.xml")).items
    assert movie.guid == "com.plexapp.agents.imdb://tt0103639?lang=en"
    assert movie.guids == PlexGuids(imdb="tt0103639")
    assert movie.year == 1992
    assert movie.section_key == "2"
    assert movie.added_at == datetime.fromtimestamp(1450147195, UTC)
    assert movie.file_paths == (
        "M:\\Media\\Movies\\Aladdin (1992)\\Aladdin (1992) [480p h.264][AAC AC3].mkv",
    )
    assert movie.resolution is None  # this listing's Media has no videoResolution


def test_new_agent_guid_children_give_all_three_ids() -> None:
    (movie,) = parse_page(_load("plexopedia_metadata_movie_65547.xml")).items
    assert movie.guid == "plex://movie/5d776827eb5d26001f1ddab7"
    assert movie.guids == PlexGuids(tmdb=812, imdb="tt0103639", tvdb=285)
    assert movie.resolution == "480p"
    assert not movie.is_4k


def test_recently_added_keeps_edition_file_names() -> None:
    (movie,) = parse_page(_load("plexopedia_recently_added_excerpt.xml")).items
    assert movie.file_paths[0].endswith("{edition-The Coppola Restoration}.mkv")
    assert movie.resolution == "1080p"
    assert movie.guids == PlexGuids()  # plex:// guid without includeGuids: no external id yet


def test_show_with_legacy_tvdb_agent() -> None:
    (show,) = parse_page(_load("plexopedia_section_all_shows_excerpt.xml")).items
    assert show.type == "show"
    assert show.guids == PlexGuids(tvdb=74205)
    assert show.file_paths == ()


def test_episode_knows_its_season_show_and_numbers() -> None:
    (episode,) = parse_page(_load("plexopedia_season_children_episodes_excerpt.xml")).items
    assert episode.type == "episode"
    assert (episode.season_number, episode.episode_number) == (1, 1)
    assert episode.parent_rating_key == "275480"
    assert episode.grandparent_rating_key == "275479"
    assert episode.section_key == "4"  # from the container: the episode element does not say


@pytest.mark.parametrize(
    ("guid", "expected"),
    [
        ("com.plexapp.agents.imdb://tt0103639?lang=en", PlexGuids(imdb="tt0103639")),
        ("com.plexapp.agents.themoviedb://812?lang=fr", PlexGuids(tmdb=812)),
        ("com.plexapp.agents.thetvdb://74205?lang=en", PlexGuids(tvdb=74205)),
        # An episode's legacy guid names its show: that id must not be taken for the episode's own.
        ("com.plexapp.agents.thetvdb://74205/1/2?lang=en", PlexGuids()),
        ("plex://movie/5d776827eb5d26001f1ddab7", PlexGuids()),
        ("local://12345", PlexGuids()),
        ("com.plexapp.agents.none://abc", PlexGuids()),
    ],
)
def test_legacy_agent_guids(guid: str, expected: PlexGuids) -> None:
    assert legacy_guids(guid) == expected


def test_4k_flag_and_best_resolution_across_several_media() -> None:
    xml = (
        '<MediaContainer size="1"><Video ratingKey="1" type="movie" title="Dune" year="2021">'
        '<Media videoResolution="1080"><Part file="/m/Dune.mkv"/></Media>'
        '<Media videoResolution="4k"><Part file="/m/Dune.2160p.part1.mkv"/>'
        '<Part file="/m/Dune.2160p.part2.mkv"/>'
        "</Media></Video></MediaContainer>"
    )
    (movie,) = parse_page(parse_xml(xml)).items
    assert movie.is_4k
    assert movie.resolution == "2160p"
    assert len(movie.file_paths) == 3


def test_entity_expansion_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<MediaContainer t="&b;"/>'
    )
    with pytest.raises(DefusedXmlException):
        parse_xml(bomb)


# A recently-added answer where the TV part comes grouped by show, as some listings send it (a library-wide
# recentlyAdded, hubs, or a section listing that wraps episodes in their show's Directory). Modelled on the
# recorded Plexopedia samples: the container of plexopedia_recently_added_excerpt.xml (for the TV section of
# plexopedia_library_sections.xml), the show Directory of plexopedia_section_all_shows_excerpt.xml and the
# episode Video of plexopedia_season_children_episodes_excerpt.xml (The Joy of Painting, ratingKeys 275479,
# 275480, 275481). The second season and its episode are written in the same shape; a nested episode may leave
# out what its enclosing Directory already says (season, show). A music album, also in a library-wide list, is
# not ours.
_GROUPED_RECENTLY_ADDED = """<?xml version="1.0" encoding="UTF-8"?>
<MediaContainer size="3" allowSync="1" identifier="com.plexapp.plugins.library" librarySectionID="4"
    librarySectionTitle="TV Shows" librarySectionUUID="3bbbe6f7-628f-4983-ae5d-7c05779c4c28"
    mediaTagPrefix="/system/bundle/media/flags/" mediaTagVersion="1710434120" title1="TV Shows"
    title2="Recently Added" viewGroup="show" viewMode="65592">
<Directory ratingKey="275479" key="/library/metadata/275479/children"
    guid="plex://show/5d9c086e3c3f87001f34fc00" studio="WIPB" type="show" title="The Joy of Painting"
    contentRating="TV-G" index="1" year="1983" thumb="/library/metadata/275479/thumb/1673348103"
    art="/library/metadata/275479/art/1673348103" leafCount="403" viewedLeafCount="0" childCount="31"
    addedAt="1619709963" updatedAt="1673348103">
<Genre tag="Documentary" />
<Video ratingKey="275481" key="/library/metadata/275481" parentRatingKey="275480"
    grandparentRatingKey="275479" guid="plex://episode/5d9c12c8705e7a001e76391f"
    parentGuid="plex://season/602e683d88e0a9002df8a4ff" grandparentGuid="plex://show/5d9c086e3c3f87001f34fc00"
    type="episode" title="A Walk in the Woods" titleSort="Walk in the Woods"
    grandparentKey="/library/metadata/275479" parentKey="/library/metadata/275480"
    grandparentTitle="The Joy of Painting" parentTitle="The Joy of Painting" contentRating="TV-G"
    index="1" parentIndex="1" year="1983" duration="1681271" originallyAvailableAt="1983-01-11"
    addedAt="1619709963" updatedAt="1674982811">
<Media id="334942" duration="1681271" bitrate="827" width="640" height="480" aspectRatio="1.33"
    audioChannels="2" audioCodec="aac" videoCodec="h264" videoResolution="480" container="mp4"
    videoFrameRate="NTSC">
<Part id="335274" key="/library/parts/335274/1619732910/file.mp4" duration="1681271"
    file="M:\\Media\\TV Shows\\The Joy of Painting\\Season 01\\Bob Ross - The Joy of Painting - s01e01.mp4"
    size="175144278" container="mp4" />
</Media>
</Video>
<Directory ratingKey="275496" key="/library/metadata/275496/children" parentRatingKey="275479"
    guid="plex://season/602e683d88e0a9002df8a500" type="season" title="Season 2"
    parentTitle="The Joy of Painting" index="2" leafCount="13" addedAt="1619709990" updatedAt="1659190890">
<Video ratingKey="275497" key="/library/metadata/275497" guid="plex://episode/5d9c12c8705e7a001e763930"
    type="episode" title="Meadow Lake" index="1" year="1984" duration="1683420" addedAt="1619709990"
    updatedAt="1674982840">
<Media id="334960" duration="1683420" videoResolution="480" container="mp4">
<Part id="335292"
    file="M:\\Media\\TV Shows\\The Joy of Painting\\Season 02\\Bob Ross - The Joy of Painting - s02e01.mp4" />
</Media>
</Video>
</Directory>
</Directory>
<Directory ratingKey="301122" key="/library/metadata/301122/children" type="album" title="Kind of Blue"
    parentTitle="Miles Davis" librarySectionID="8" addedAt="1704040000" />
<Video ratingKey="293776" key="/library/metadata/293776" guid="plex://movie/5d7768257228e5001f1dccce"
    type="movie" title="The Godfather Part III" librarySectionID="2" year="1990" addedAt="1704040658"
    updatedAt="1710405033">
<Media id="359530" videoResolution="1080" container="mkv"><Part id="359932"
    file="M:\\Media\\Movies\\The Godfather Part III (1990)\\The Godfather Part III (1990).mkv" /></Media>
</Video>
</MediaContainer>
"""


def test_episodes_nested_in_their_show_directory_are_listed_with_their_show_and_season(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="app.integrations.plex_parse"):
        page = parse_page(parse_xml(_GROUPED_RECENTLY_ADDED))
    by_key = {item.rating_key: item for item in page.items}
    episodes = [item for item in page.items if item.type == "episode"]
    assert [(e.title, e.season_number, e.episode_number) for e in episodes] == [
        ("A Walk in the Woods", 1, 1),
        ("Meadow Lake", 2, 1),
    ]
    first, second = episodes
    assert (first.grandparent_rating_key, first.parent_rating_key) == ("275479", "275480")
    # Told only by the enclosing season and show Directories:
    assert (second.grandparent_rating_key, second.parent_rating_key) == ("275479", "275496")
    assert second.section_key == "4"
    assert second.file_paths[0].endswith("s02e01.mp4")
    assert by_key["275496"].type == "season" and by_key["275496"].season_number == 2
    assert by_key["275479"].type == "show" and by_key["293776"].type == "movie"
    assert by_key["293776"].section_key == "2"
    # Plex pages the top-level entries: three here, however many are nested.
    assert page.entries == 3
    # The album is not a library item of ours: skipped, and said why.
    assert "301122" not in by_key
    notes = [r.getMessage() for r in caplog.records if r.name == "app.integrations.plex_parse"]
    assert any("Kind of Blue" in note and "album" in note for note in notes), notes


# A home hub answer (GET /hubs: `Hub` elements wrapping the items), modelled on the same recorded episode.
_HUB_ANSWER = """<MediaContainer size="1" allowSync="1" identifier="com.plexapp.plugins.library">
<Hub hubKey="/library/metadata/275481" key="/hubs/home/recentlyAdded?type=2" title="Recently Added TV"
    type="episode" hubIdentifier="home.television.recent" context="hub.home.television.recent" size="1"
    more="1" style="hero">
<Video ratingKey="275481" key="/library/metadata/275481" parentRatingKey="275480"
    grandparentRatingKey="275479" type="episode" title="A Walk in the Woods"
    grandparentTitle="The Joy of Painting" index="1" parentIndex="1" librarySectionID="4"
    addedAt="1619709963" updatedAt="1674982811" />
</Hub>
</MediaContainer>"""


def test_episodes_inside_a_hub_are_listed() -> None:
    (episode,) = parse_page(parse_xml(_HUB_ANSWER)).items
    assert (episode.rating_key, episode.season_number, episode.episode_number) == ("275481", 1, 1)
    assert episode.grandparent_rating_key == "275479"
    assert episode.section_key == "4"
