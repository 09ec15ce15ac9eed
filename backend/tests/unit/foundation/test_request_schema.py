"""What the kiosk may send when it asks for something, and what counts as the same media."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.media_requests.schemas import RequestCreate
from app.media_requests.service import media_key


def test_seasons_are_sorted_and_deduplicated() -> None:
    data = RequestCreate(media_type="tv", tmdb_id=1399, title="Game of Thrones", seasons=[2, 1, 2])
    assert data.seasons == [1, 2]
    assert media_key(data) == "tv:1399:s1,2"


def test_same_show_other_seasons_is_other_media() -> None:
    one = RequestCreate(media_type="tv", tmdb_id=1399, title="GoT", seasons=[1])
    two = RequestCreate(media_type="tv", tmdb_id=1399, title="GoT", seasons=[2])
    assert media_key(one) != media_key(two)


def test_a_film_has_no_seasons() -> None:
    with pytest.raises(ValidationError, match="a film has no seasons or episodes"):
        RequestCreate(media_type="movie", tmdb_id=603, title="The Matrix", seasons=[1])


def test_episode_keys_must_be_season_numbers() -> None:
    with pytest.raises(ValidationError, match="'one' is not one"):
        RequestCreate(media_type="tv", tmdb_id=1, title="x", episodes={"one": [1]})


@pytest.mark.parametrize(
    "body",
    [
        {"media_type": "book", "tmdb_id": 1, "title": "x"},
        {"media_type": "movie", "tmdb_id": 0, "title": "x"},
        {"media_type": "movie", "tmdb_id": 1, "title": "   "},
        {"media_type": "movie", "tmdb_id": 1, "title": "x", "imdb_id": "12345"},
        {"media_type": "movie", "tmdb_id": 1, "title": "x", "surprise": True},
    ],
)
def test_bad_input_is_refused(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RequestCreate.model_validate(body)
