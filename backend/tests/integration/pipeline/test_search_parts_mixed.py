"""A show request mixing whole seasons and single episodes searches every season it names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.media_types import MediaType
from app.releases.targets import search_parts

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class _Wanted:
    id: int = 1
    media_type: MediaType = MediaType.TV
    title: str = "Game of Thrones"
    year: int | None = 2011
    tmdb_id: int = 1399
    imdb_id: str | None = None
    tvdb_id: int | None = None
    requested_seasons: Sequence[int] | None = None
    requested_episodes: Mapping[str, Sequence[int]] | None = None


async def test_whole_season_and_single_episodes_of_another_are_both_searched(db: AsyncSession) -> None:
    # TMDB is not set up here: the parts come from the request alone.
    wanted = _Wanted(requested_seasons=[1], requested_episodes={"3": [2, 5]})

    parts = await search_parts(db, wanted, frozenset())

    assert [(part.season, part.query.season) for part in parts] == [(1, 1), (3, 3)]
    assert parts[0].target.episodes == {}
    assert parts[1].target.episodes == {3: (2, 5)}


async def test_single_episodes_alone_search_their_seasons_only(db: AsyncSession) -> None:
    parts = await search_parts(db, _Wanted(requested_episodes={"2": [4]}), frozenset())

    assert [part.season for part in parts] == [2]
    assert parts[0].target.episodes == {2: (4,)}
