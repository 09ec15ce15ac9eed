"""Contract tests: every recorded Plex response parses with our raw-XML parser, its quirks handled."""

from __future__ import annotations

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
