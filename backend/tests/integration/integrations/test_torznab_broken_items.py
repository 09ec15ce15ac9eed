"""One broken item in an indexer's answer costs that item only: the simulator serves a page where one
title holds &#0; (as Jackett passes on a tracker's NUL), one a raw control character, one has no title and
one is cut short; the client keeps the good releases and says which items it left out and why."""

from __future__ import annotations

from typing import Any

import pytest

from app.appliance.simulators.server import serve
from app.appliance.simulators.torznab import SimIndexer, SimItem, TorznabScenario, create_app, jackett_url
from app.integrations.torznab import SearchQuery, TorznabClient, TorznabIndexer

pytestmark = pytest.mark.integration

FIGHT_CLUB: dict[str, Any] = {"imdb": "0137523", "tmdb": 550, "categories": [2000]}
GOOD = ["Fight.Club.1999.MULTi.1080p.BluRay.x264-SIM", "Fight.Club.1999.2160p.UHD.BluRay.x265-SIM"]


async def _search(items: list[SimItem]) -> Any:
    scenario = TorznabScenario(indexers=[SimIndexer(id="1", name="YggSim", items=items)])
    with serve(create_app(scenario)) as base_url:
        indexer = TorznabIndexer(name="YggSim", base_url=jackett_url(base_url, "1"), api_key="simkey")
        async with TorznabClient([indexer]) as client:
            return await client.search(SearchQuery(kind="movie", title="Fight Club", year=1999, tmdb_id=550))


async def test_items_that_are_not_well_formed_are_skipped_and_the_rest_is_used() -> None:
    results = await _search(
        [
            SimItem(title=GOOD[0], **FIGHT_CLUB),
            SimItem(title="Fight.Club.1999.NUL", title_xml="Fight.Club.1999&#0;.720p.WEB-SIM", **FIGHT_CLUB),
            SimItem(title="Fight.Club.1999.BEL", title_xml="Fight.Club.1999\x07.DVDRip-SIM", **FIGHT_CLUB),
            SimItem(title="Fight.Club.1999.AMP", title_xml="Fight & Club 1999 <b>1080p", **FIGHT_CLUB),
            SimItem(title=GOOD[1], **FIGHT_CLUB),
        ]
    )
    assert results.failures == ()
    assert [item.title for item in results.items] == GOOD
    assert len(results.skipped) == 3
    nul, bel, markup = results.skipped
    assert "Fight.Club.1999.720p.WEB-SIM" in nul and "&#0;" in nul and "YggSim" in nul
    assert "U+0007" in bel
    assert "malformed XML" in markup


async def test_an_item_without_a_title_is_skipped_with_a_note() -> None:
    results = await _search(
        [SimItem(title="untitled", title_xml="", **FIGHT_CLUB), SimItem(title=GOOD[0], **FIGHT_CLUB)]
    )
    assert [item.title for item in results.items] == [GOOD[0]]
    (note,) = results.skipped
    assert "no title" in note and "YggSim" in note
