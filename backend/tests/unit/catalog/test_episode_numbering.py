"""Absolute episode numbers land on TMDB's seasons: by its "Absolute" episode group, else by season counts."""

from __future__ import annotations

from typing import Any

import pytest

from app.catalog.episode_numbering import from_episode_group, from_seasons
from app.integrations.tmdb_episodes import ABSOLUTE, episode_group, episode_groups, season_details
from app.integrations.tmdb_models import show_details

# A show's details as TMDB sends them (trimmed): specials, a season of 26, a season of 24.
SHOW = {
    "id": 90001,
    "name": "Show Title",
    "seasons": [
        {"air_date": "2019-03-30", "episode_count": 3, "id": 1, "name": "Specials", "season_number": 0},
        {"air_date": "2019-04-06", "episode_count": 26, "id": 2, "name": "Season 1", "season_number": 1},
        {"air_date": "2020-10-03", "episode_count": 24, "id": 3, "name": "Season 2", "season_number": 2},
    ],
}


def _grouped(season: int, episode: int, order: int) -> dict[str, Any]:
    # The episode fields an episode group carries (TMDB v3 "TV Episode Group Details"), plus its `order`.
    return {"air_date": "2019-04-06", "episode_number": episode, "id": season * 1000 + episode,
            "name": f"Episode {episode}", "overview": "", "production_code": "", "season_number": season,
            "show_id": 90002, "still_path": None, "vote_average": 0.0, "vote_count": 0,
            "order": order}  # fmt: skip


# A show TMDB splits into a season of 12 and a second "season" of 13: its "Absolute" group runs on, and
# lists a special between them (order kept as TMDB sends it: groups and episodes out of order).
ABSOLUTE_GROUP = {
    "description": "Absolute ordering places all episodes in a single ordered season.",
    "episode_count": 26,
    "group_count": 2,
    "id": "5f1573a33852020036d50619",
    "name": "Absolute Order",
    "network": None,
    "type": 2,
    "groups": [
        {"id": "g2", "name": "Specials", "order": 1, "locked": True, "episodes": [_grouped(0, 1, 0)]},
        {
            "id": "g1",
            "name": "Episodes",
            "order": 0,
            "locked": True,
            "episodes": [_grouped(2, n - 12, n - 1) for n in range(25, 12, -1)]
            + [_grouped(1, n, n - 1) for n in range(1, 13)],
        },
    ],
}


def test_the_running_count_over_the_seasons_leaves_the_specials_out() -> None:
    numbering = from_seasons(show_details(SHOW).seasons)

    assert numbering.source == "season counts"
    assert numbering.episode_of(7) == (1, 7)  # "[Group] Show Title - 07" fills S01E07
    assert numbering.episode_of(26) == (1, 26)
    assert numbering.episode_of(27) == (2, 1)  # "… - 27 …" fills S02E01
    assert numbering.episode_of(50) == (2, 24)
    assert numbering.episode_of(51) is None  # not aired, or TMDB does not know it yet
    assert numbering.episode_of(0) is None


def test_a_batch_is_placed_in_its_season_and_one_straddling_two_seasons_is_not() -> None:
    numbering = from_seasons(show_details(SHOW).seasons)

    assert numbering.place(range(1, 13)) == (1, tuple(range(1, 13)))
    assert numbering.place([28, 27]) == (2, (1, 2))
    assert numbering.place([25, 26, 27]) is None  # one file holding S01E25-S02E01 cannot be named
    assert numbering.place([50, 51]) is None
    assert numbering.place([]) is None


def test_an_absolute_episode_group_decides_over_the_season_counts() -> None:
    group = episode_group(ABSOLUTE_GROUP)
    numbering = from_episode_group(group)

    assert group.type == ABSOLUTE
    assert numbering.source == "episode group"
    assert numbering.episode_of(1) == (1, 1)
    assert numbering.episode_of(12) == (1, 12)
    assert numbering.episode_of(13) == (2, 1)  # TMDB's second season starts at the 13th episode
    assert numbering.episode_of(25) == (2, 13)
    assert numbering.episode_of(26) is None  # the special is not in the running count


def test_the_episode_groups_listing_is_read_with_its_types() -> None:
    listing = {
        "id": 37854,
        "results": [
            {"description": "Aired order", "episode_count": 1035, "group_count": 22,
             "id": "5f1573c81c6aa700377f841f", "name": "Seasons", "network": None, "type": 1},
            {"description": "", "episode_count": 1060, "group_count": 2, "id": "5f1573a33852020036d50619",
             "name": "Absolute Order", "network": None, "type": 2},
        ],
    }  # fmt: skip

    groups = episode_groups(listing)

    assert [(g.name, g.type, g.episode_count) for g in groups] == [
        ("Seasons", 1, 1035),
        ("Absolute Order", ABSOLUTE, 1060),
    ]


@pytest.mark.parametrize("runtime", [62, None])
def test_a_season_details_answer_gives_each_episode_its_title(runtime: int | None) -> None:
    # Trimmed from jdrouet/tmdb-api assets/tv-season-details.json (TMDB's /tv/1399/season/1 as recorded).
    answer = {
        "_id": "5256c89f19c2956ff6046d47",
        "air_date": "2011-04-18",
        "episodes": [
            {"air_date": "2011-04-24", "episode_number": 2, "episode_type": "standard", "id": 63057,
             "name": "The Kingsroad", "overview": "", "production_code": "102", "runtime": 56,
             "season_number": 1, "show_id": 1399, "still_path": None, "vote_average": 7.76, "vote_count": 204,
             "crew": [], "guest_stars": []},
            {"air_date": "2011-04-17", "episode_number": 1, "episode_type": "standard", "id": 63056,
             "name": "Winter Is Coming", "overview": "", "production_code": "101", "runtime": runtime,
             "season_number": 1, "show_id": 1399, "still_path": None, "vote_average": 7.86, "vote_count": 307,
             "crew": [], "guest_stars": []},
        ],
        "name": "Season 1",
        "overview": "",
        "id": 3624,
        "poster_path": "/wgfKiqzuMrFIkU1M68DDDY8kGC1.jpg",
        "season_number": 1,
        "vote_average": 8.3,
    }  # fmt: skip

    season = season_details(answer)

    assert season.season_number == 1
    assert [(e.episode_number, e.name) for e in season.episodes] == [
        (1, "Winter Is Coming"),
        (2, "The Kingsroad"),
    ]
    assert season.episodes[0].runtime_minutes == runtime
