"""A show request takes fansub releases numbered from the first episode, placed in TMDB's seasons."""

from __future__ import annotations

from dataclasses import replace

from app.catalog.episode_numbering import from_seasons
from app.integrations.tmdb_models import show_details
from app.releases import Candidate, MediaTarget, select_release
from app.releases.absolute import placed
from app.releases.parsing import parse_release
from app.releases.quality_profiles import HD_1080P
from tests.unit.catalog.test_episode_numbering import SHOW

NUMBERING = from_seasons(show_details(SHOW).seasons)  # specials, then seasons of 26 and 24 episodes
GB = 1024**3
SEVENTH_WEB = "[Erai-raws] Show Title - 07 [1080p][WEB][A1B2C3D4].mkv"


def _offer(title: str) -> Candidate:
    return Candidate(title=title, size_bytes=int(1.4 * GB), seeders=80, info_hash=f"{abs(hash(title)):040x}")


def _target(season: int, episodes: tuple[int, ...] = ()) -> MediaTarget:
    return MediaTarget(
        media_type="tv",
        title="Show Title",
        year=2019,
        runtime_minutes=24,
        seasons=(season,),
        episodes={season: episodes} if episodes else {},
        absolute_numbering=NUMBERING,
    )


def test_episode_07_is_s01e07_and_episode_27_is_s02e01() -> None:
    seventh = placed(parse_release("[Group] Show Title - 07 (1080p) [A1B2C3D4].mkv"), NUMBERING)
    twenty_seventh = placed(parse_release("[Group] Show Title - 27 (1080p) [A1B2C3D4].mkv"), NUMBERING)

    assert (seventh.seasons, seventh.episodes, seventh.is_season_pack) == ((1,), (7,), False)
    assert (twenty_seventh.seasons, twenty_seventh.episodes) == ((2,), (1,))


def test_without_tmdb_or_past_its_last_episode_the_name_stays_unplaced() -> None:
    name = "[Group] Show Title - 07 (1080p) [A1B2C3D4].mkv"
    assert placed(parse_release(name), None).seasons == ()
    assert placed(parse_release("[Group] Show Title - 51 (1080p) [A1B2C3D4].mkv"), NUMBERING).seasons == ()


def test_the_requested_episode_is_picked_and_the_others_are_refused_for_their_real_season() -> None:
    selection = select_release(
        [
            _offer("[Erai-raws] Show Title - 07 [1080p][WEB][A1B2C3D4].mkv"),
            _offer("[Erai-raws] Show Title - 08 [1080p][WEB][B2C3D4E5].mkv"),
            _offer("[Erai-raws] Show Title - 33 [1080p][WEB][C3D4E5F6].mkv"),
        ],
        _target(1, (7,)),
        HD_1080P,
    )

    assert selection.chosen is not None
    assert selection.chosen.candidate.title == "[Erai-raws] Show Title - 07 [1080p][WEB][A1B2C3D4].mkv"
    assert (selection.chosen.parsed.season, selection.chosen.parsed.episodes) == (1, (7,))
    refused = {r.candidate.title: (r.code.value, r.message) for r in selection.rejected}
    assert refused == {
        "[Erai-raws] Show Title - 08 [1080p][WEB][B2C3D4E5].mkv": (
            "wrong_episode",
            "Episode 8 of season 1 was not requested.",
        ),
        "[Erai-raws] Show Title - 33 [1080p][WEB][C3D4E5F6].mkv": (
            "wrong_season",
            "Season 2 was not requested.",
        ),
    }


def test_a_second_season_part_takes_episode_27_as_its_first() -> None:
    selection = select_release(
        [_offer("[Erai-raws] Show Title - 27 [1080p][WEB][D4E5F6A7].mkv")], _target(2), HD_1080P
    )
    assert selection.chosen is not None
    assert (selection.chosen.parsed.season, selection.chosen.parsed.episodes) == (2, (1,))


def test_an_episode_tmdb_cannot_place_is_refused_with_that_reason() -> None:
    past_the_end = "[Erai-raws] Show Title - 51 [1080p][WEB][E5F6A7B8].mkv"
    without_tmdb = replace(_target(1), absolute_numbering=None)

    for target, name in ((_target(2), past_the_end), (without_tmdb, SEVENTH_WEB)):
        [refused] = select_release([_offer(name)], target, HD_1080P).rejected
        assert refused.code.value == "wrong_episode"
        assert refused.message.endswith(
            "is counted from the first one, and TMDB cannot say which season holds it."
        )
