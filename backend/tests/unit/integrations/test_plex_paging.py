"""Paging a Plex listing whose entries hold nested items: the offset moves by what Plex counts (top-level)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import Element

from app.integrations.plex import PlexClient, PlexConfig
from app.integrations.plex_parse import parse_xml


def _show(key: int, episodes: int) -> str:
    """A show Directory holding its episodes, in the shape of the recorded Plexopedia show and episode samples
    (plexopedia_section_all_shows_excerpt.xml, plexopedia_season_children_episodes_excerpt.xml)."""
    nested = "".join(
        f'<Video ratingKey="{key * 100 + n}" key="/library/metadata/{key * 100 + n}" '
        f'parentRatingKey="{key * 10}" type="episode" title="Episode {n}" index="{n}" parentIndex="1" '
        f'addedAt="1619709963" updatedAt="1674982811" />'
        for n in range(1, episodes + 1)
    )
    return (
        f'<Directory ratingKey="{key}" key="/library/metadata/{key}/children" type="show" '
        f'title="Show {key}" index="1" year="1983" addedAt="1619709963" updatedAt="1673348103">'
        f'<Genre tag="Documentary" />{nested}</Directory>'
    )


class _GroupedPlex(PlexClient):
    """Answers /library/sections/4/all like Plex pages it: by top-level entry, `totalSize` counting those."""

    shows = (_show(1, 2), _show(2, 2), _show(3, 1))

    def __init__(self) -> None:
        super().__init__(PlexConfig(url="http://plex.invalid:32400", token="t"))
        self.starts: list[int] = []

    def _get(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        action: str,
    ) -> Element | None:
        assert headers is not None
        start, size = int(headers["X-Plex-Container-Start"]), int(headers["X-Plex-Container-Size"])
        self.starts.append(start)
        chosen = self.shows[start : start + size]
        return parse_xml(
            f'<MediaContainer size="{len(chosen)}" totalSize="{len(self.shows)}" offset="{start}" '
            f'librarySectionID="4" identifier="com.plexapp.plugins.library">'
            f"{''.join(chosen)}</MediaContainer>"
        )


async def test_nested_episodes_do_not_push_the_next_page_past_unread_entries() -> None:
    plex = _GroupedPlex()
    pages = [page async for page in plex.iter_section("4", page_size=2)]
    await plex.close()
    assert plex.starts == [0, 2]
    keys = [item.rating_key for page in pages for item in page.items]
    assert keys == ["1", "101", "102", "2", "201", "202", "3", "301"]
    episode = next(item for page in pages for item in page.items if item.rating_key == "301")
    assert (episode.grandparent_rating_key, episode.season_number, episode.episode_number) == ("3", 1, 1)
