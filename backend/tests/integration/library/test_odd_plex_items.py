"""One odd Plex item never loses the page it comes in (issue 21, item 2): the mirror's upsert writes many
rows in one statement, and a value PostgreSQL refuses used to fail them all."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.integrations.plex_parse import PlexGuids, parse_page, parse_xml
from app.library.mirror import write_items
from app.library.models import LibraryItem
from tests.fixture_files import fixtures_dir

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


async def test_odd_values_are_written_as_unknown_and_an_unstorable_item_alone_is_left_out(
    db: AsyncSession,
) -> None:
    listing = (fixtures_dir() / "plex" / "plexopedia_section_all_movies_excerpt.xml").read_bytes()
    aladdin = parse_page(parse_xml(listing)).items[0]
    plain = [replace(aladdin, rating_key=str(1000 + n), title=f"Film {n}") for n in range(3)]
    # What a broken agent or a hand-edited database can hand over: ids and years past int32, a text
    # longer than its column, and a rating key too long to be stored without changing which item it is.
    odd = replace(aladdin, guids=PlexGuids(tmdb=2**40, imdb=aladdin.guids.imdb, tvdb=-(2**35)), year=2**31)
    long_text = replace(aladdin, rating_key="2001", resolution="4k-" + "x" * 100)
    unstorable = replace(aladdin, rating_key="9" * 40)
    page = [plain[0], odd, long_text, unstorable, *plain[1:]]

    counts = await write_items(db, page, section_key="1", synced_at=NOW)
    await db.commit()

    rows = {row.rating_key: row for row in (await db.scalars(select(LibraryItem))).all()}
    assert counts.added == len(page) - 1
    assert set(rows) == {item.rating_key for item in page} - {unstorable.rating_key}
    kept = rows[odd.rating_key]
    assert (kept.title, kept.tmdb_id, kept.tvdb_id, kept.year) == (odd.title, None, None, None)
    assert kept.imdb_id == odd.guids.imdb
    assert rows[long_text.rating_key].resolution == ("4k-" + "x" * 100)[:16]
