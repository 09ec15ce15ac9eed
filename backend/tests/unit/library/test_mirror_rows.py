"""What the mirror keeps of a Plex item (from recorded Plex XML), and when a row counts as changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.integrations.plex_parse import parse_page, parse_xml
from app.library.mirror import fingerprint, item_row
from tests.fixture_files import fixtures_dir

PLEX = fixtures_dir() / "plex"
NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)


def _items(name: str):  # type: ignore[no-untyped-def]
    return parse_page(parse_xml((PLEX / name).read_bytes())).items


def test_a_movie_row_from_a_real_listing() -> None:
    aladdin = next(
        item for item in _items("plexopedia_section_all_movies_excerpt.xml") if item.title == "Aladdin"
    )
    row = item_row(aladdin, "2", NOW)
    assert row["rating_key"] == "65547"
    assert (row["section_key"], row["item_type"], row["year"]) == ("2", "movie", 1992)
    assert (row["imdb_id"], row["tmdb_id"], row["tvdb_id"]) == ("tt0103639", None, None)  # old IMDb agent
    assert row["added_at"] == datetime.fromtimestamp(1450147195, UTC)
    assert row["file_paths"] and all(isinstance(path, str) for path in row["file_paths"])
    assert row["synced_at"] == NOW
    assert row["fingerprint"] == fingerprint(aladdin, "2")


def test_an_episode_row_knows_its_season_and_show() -> None:
    first = _items("plexopedia_season_children_episodes_excerpt.xml")[0]
    row = item_row(first, "4", NOW)
    assert (row["item_type"], row["season_number"], row["episode_number"]) == ("episode", 1, 1)
    assert (row["parent_rating_key"], row["grandparent_rating_key"]) == ("275480", "275479")


def test_the_fingerprint_changes_with_any_mirrored_field_and_only_then() -> None:
    item = _items("plexopedia_section_all_movies_excerpt.xml")[0]
    same = fingerprint(item, "2")
    assert fingerprint(replace(item), "2") == same
    assert len(same) == 16
    assert fingerprint(replace(item, title=item.title + "!"), "2") != same
    assert fingerprint(replace(item, file_paths=(*item.file_paths, "/x.mkv")), "2") != same
    assert fingerprint(replace(item, is_4k=not item.is_4k), "2") != same
    assert fingerprint(item, "9") != same, "an item moved to another section is rewritten"
