"""Pure rules of the settings: write-only secrets, merging a change over what is stored, knobs read back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from app.releases.quality_profiles import DEFAULT_PROFILES
from app.settings.errors import SettingsRejected
from app.settings.integrations.indexers import IndexerIn, merged_indexer
from app.settings.integrations.notifications import TargetIn, resolved
from app.settings.integrations.plex import PlexSettings
from app.settings.integrations.tmdb import TmdbSettingsIn, merged_tmdb
from app.settings.pipeline import _from_stored
from app.settings.quality_profiles import QualityProfileModel
from app.settings.secrets import kept, secret_id, shown


def test_a_secret_is_shown_as_set_kept_on_set_or_none_and_replaced_otherwise() -> None:
    assert (shown("abc"), shown(""), shown(None)) == ("set", None, None)
    assert (kept(None, "old"), kept("set", "old"), kept("new ", "old"), kept("", "old")) == (
        "old",
        "old",
        "new",
        "",
    )
    assert kept("set", None) == ""


def test_a_stored_plex_setting_is_shown_without_its_token() -> None:
    stored = {"url": "http://plex:32400", "token": "t0k", "path_mappings": [["/media", "/srv"]]}
    out = PlexSettings.from_stored(stored).out()
    assert out.model_dump() == {
        "configured": True,
        "url": "http://plex:32400",
        "token": "set",
        "path_mappings": [{"plex_path": "/media", "local_path": "/srv"}],
    }
    assert PlexSettings.from_stored(None).out().configured is False


def test_an_indexer_keeps_its_key_and_extra_stored_fields() -> None:
    stored = {"id": 4, "name": "Old", "base_url": "http://old", "api_key": "k", "timeout": 40.0}
    merged = merged_indexer(IndexerIn(name="New", url="http://new/api/", categories=[5000, 2000]), stored)
    assert merged == {
        "id": 4,
        "name": "New",
        "base_url": "http://new/api",
        "api_key": "k",
        "timeout": 40.0,
        "categories": [2000, 5000],
        "enabled": True,
        "flavour": "torznab",
    }
    with pytest.raises(SettingsRejected, match="API key is needed"):
        merged_indexer(IndexerIn(name="New", url="http://new"), None)


def test_tmdb_accepts_a_token_alone_but_not_nothing() -> None:
    merged = merged_tmdb(TmdbSettingsIn(access_token="tok"), {"api_key": "old-key"})
    assert (merged["api_key"], merged["access_token"], merged["language"]) == ("old-key", "tok", "fr-FR")
    with pytest.raises(SettingsRejected):
        merged_tmdb(TmdbSettingsIn(api_key="", access_token=""), {"api_key": "old-key"})


def test_pipeline_knobs_fall_back_one_by_one_when_a_stored_value_no_longer_fits() -> None:
    knobs = _from_stored({"research_interval_hours": 0.01, "stalled_threshold_minutes": 30, "retired": 1})
    assert (knobs.research_interval, knobs.stalled_threshold) == (timedelta(hours=6), timedelta(minutes=30))
    assert _from_stored(None).research_window == timedelta(days=14)


def test_shipped_profiles_survive_the_editor_round_trip() -> None:
    for profile in DEFAULT_PROFILES:
        assert QualityProfileModel.of(profile).to_profile() == profile


def test_a_profile_with_sizes_out_of_order_is_refused() -> None:
    data = {**DEFAULT_PROFILES[0].to_dict(), "min_mb_per_minute": 50, "max_mb_per_minute": 40}
    with pytest.raises(ValidationError, match="the largest size is below the smallest size"):
        QualityProfileModel.model_validate(data)


def test_targets_are_kept_by_id_added_by_url_and_never_repeated() -> None:
    stored = ["tgram://bot/1", "json://host/a"]
    items = [
        TargetIn(id=secret_id("json://host/a")),
        TargetIn(url="json://host/a"),
        TargetIn(url="json://host/b"),
    ]
    assert resolved(items, stored, "targets") == ["json://host/a", "json://host/b"]
    with pytest.raises(ValidationError, match="either the id of a stored target or the URL"):
        TargetIn(id="x", url="json://host/a")
