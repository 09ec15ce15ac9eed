"""The Settings API on the real app and PostgreSQL: secrets stay write-only, bad input gets a readable 422,
and what an admin saves is what the pipeline reads."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.states import MediaType
from app.profiles.models import Role
from app.releases.quality import Quality
from app.releases.quality_profile_choice import profile_for
from app.releases.quality_profiles import AudioPolicy
from app.settings.integrations.indexers import indexer_settings, load_enabled_indexers
from app.settings.integrations.plex import load_plex
from app.settings.integrations.qbittorrent import load_qbittorrent
from app.settings.integrations.tmdb import TmdbSettings
from app.settings.pipeline import pipeline_settings
from app.settings.service import get_setting
from tests import factories
from tests.support.auth import app_client

pytestmark = pytest.mark.integration

PLEX_TOKEN = "plex-token-Zq81xx"
QBT_PASSWORD = "qbt-password-W9ee"
INDEXER_KEY = "indexer-key-4Kpa0"
TMDB_KEY = "tmdb-key-77aLm"
TMDB_TOKEN = "eyJhbGciOiJIUzI1NiJ9.tmdb-token-Pq2"
APPRISE_URL = "json://kiosk:apprise-pass-H3b@127.0.0.1:9/admin"
PROFILE_URL = "tgram://123456789:bot-token-Xy7/987654"
SECRETS = (PLEX_TOKEN, QBT_PASSWORD, INDEXER_KEY, TMDB_KEY, TMDB_TOKEN, "apprise-pass-H3b", "bot-token-Xy7")

SETTINGS_PAGES = (
    "/api/v1/settings/plex",
    "/api/v1/settings/qbittorrent",
    "/api/v1/settings/indexers",
    "/api/v1/settings/tmdb",
    "/api/v1/settings/notifications",
    "/api/v1/settings/notifications/profiles",
    "/api/v1/settings/pipeline",
    "/api/v1/settings/quality-profiles",
)


def _errors(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {error["field"]: error["message"] for error in response.json()["errors"]}


async def _configure_everything(admin: httpx.AsyncClient, profile_id: int) -> list[httpx.Response]:
    return [
        await admin.put(
            "/api/v1/settings/plex",
            json={
                "url": "http://192.168.1.10:32400/",
                "token": PLEX_TOKEN,
                "path_mappings": [{"plex_path": "/media", "local_path": "/srv/library"}],
            },
        ),
        await admin.put(
            "/api/v1/settings/qbittorrent",
            json={"url": "http://127.0.0.1:8080", "username": "admin", "password": QBT_PASSWORD},
        ),
        await admin.post(
            "/api/v1/settings/indexers",
            json={
                "name": "Ygg",
                "url": "http://127.0.0.1:9117/api",
                "api_key": INDEXER_KEY,
                "flavour": "jackett",
            },
        ),
        await admin.put("/api/v1/settings/tmdb", json={"api_key": TMDB_KEY, "access_token": TMDB_TOKEN}),
        await admin.put(
            "/api/v1/settings/notifications",
            json={"admin_targets": [{"url": APPRISE_URL}], "admin_events": ["requested", "failed"]},
        ),
        await admin.put(
            f"/api/v1/settings/notifications/profiles/{profile_id}", json={"targets": [{"url": PROFILE_URL}]}
        ),
    ]


async def test_no_answer_ever_contains_a_secret(admin: httpx.AsyncClient, db: AsyncSession) -> None:
    profile = await factories.profile(db, "Léa")
    writes = await _configure_everything(admin, profile.id)
    assert [w.status_code for w in writes] == [200, 200, 201, 200, 200, 200]

    reads = [await admin.get(page) for page in SETTINGS_PAGES]
    assert all(r.status_code == 200 for r in reads)
    for response in (*writes, *reads):
        leaked = [secret for secret in SECRETS if secret in response.text]
        assert leaked == [], f"{response.request.url.path} returned {leaked}"

    plex, qbt, indexers, tmdb, notifications, profiles = (r.json() for r in reads[:6])
    assert (plex["token"], plex["url"], plex["configured"]) == ("set", "http://192.168.1.10:32400", True)
    assert plex["path_mappings"] == [{"plex_path": "/media", "local_path": "/srv/library"}]
    assert (qbt["password"], qbt["username"], qbt["category"]) == ("set", "admin", "plex-kiosk")
    assert [(i["name"], i["api_key"], i["flavour"]) for i in indexers] == [("Ygg", "set", "jackett")]
    assert (tmdb["api_key"], tmdb["access_token"], tmdb["language"], tmdb["region"]) == (
        "set",
        "set",
        "fr-FR",
        "FR",
    )
    assert [(t["service"], t["url"]) for t in notifications["admin_targets"]] == [("json", "set")]
    assert [(p["name"], [t["service"] for t in p["targets"]]) for p in profiles] == [("Léa", ["tgram"])]


async def test_a_secret_sent_back_as_set_or_left_out_is_kept_and_a_new_one_replaces_it(
    admin: httpx.AsyncClient, db: AsyncSession
) -> None:
    body = {"url": "http://plex.lan:32400", "token": PLEX_TOKEN}
    assert (await admin.put("/api/v1/settings/plex", json=body)).status_code == 200
    await admin.put("/api/v1/settings/plex", json={"url": "http://plex2.lan:32400", "token": "set"})
    await admin.put("/api/v1/settings/plex", json={"url": "http://plex3.lan:32400"})
    config = await load_plex(db)
    assert (config.url, config.token) == ("http://plex3.lan:32400", PLEX_TOKEN)

    await admin.put("/api/v1/settings/plex", json={"url": "http://plex3.lan:32400", "token": "new-token"})
    db.expire_all()
    assert (await load_plex(db)).token == "new-token"
    assert _errors(
        await admin.put("/api/v1/settings/plex", json={"url": "http://plex3.lan", "token": ""})
    ) == {"token": "Plex needs its token (X-Plex-Token) to answer"}


async def test_the_stored_shapes_are_the_adapters_configs(admin: httpx.AsyncClient, db: AsyncSession) -> None:
    await admin.put(
        "/api/v1/settings/qbittorrent",
        json={
            "url": "http://127.0.0.1:8080",
            "username": "admin",
            "password": QBT_PASSWORD,
            "category": "kiosk/films",
            "save_path": "/srv/downloads",
        },
    )
    await admin.put(
        "/api/v1/settings/tmdb", json={"access_token": TMDB_TOKEN, "language": "en-GB", "region": "GB"}
    )
    qbt = await load_qbittorrent(db)
    assert (qbt.url, qbt.username, qbt.password, qbt.category) == (
        "http://127.0.0.1:8080",
        "admin",
        QBT_PASSWORD,
        "kiosk/films",
    )
    assert (await get_setting(db, "qbittorrent"))["save_path"] == "/srv/downloads"
    tmdb = TmdbSettings.from_stored(await get_setting(db, "tmdb")).config()
    assert tmdb is not None
    assert (tmdb.access_token, tmdb.api_key, tmdb.language, tmdb.region) == (TMDB_TOKEN, "", "en-GB", "GB")


async def test_indexers_are_added_changed_and_removed(admin: httpx.AsyncClient, db: AsyncSession) -> None:
    first = await admin.post(
        "/api/v1/settings/indexers",
        json={
            "name": "Ygg",
            "url": "http://jackett:9117/api/v2.0/indexers/ygg/results/torznab/",
            "api_key": "k1",
        },
    )
    second = await admin.post(
        "/api/v1/settings/indexers",
        json={
            "name": "Nyaa",
            "url": "http://prowlarr:9696/5",
            "api_key": "k2",
            "categories": [5070, 2000, 5070],
        },
    )
    assert (first.status_code, second.status_code) == (201, 201)
    ygg, nyaa = first.json(), second.json()
    assert nyaa["categories"] == [2000, 5070]

    duplicate = await admin.post(
        "/api/v1/settings/indexers", json={"name": "ygg", "url": "http://x", "api_key": "k"}
    )
    assert _errors(duplicate) == {"name": "another indexer is already called 'ygg'"}
    changed = await admin.put(
        f"/api/v1/settings/indexers/{ygg['id']}",
        json={
            "name": "Ygg",
            "url": "http://jackett:9117/api/v2.0/indexers/ygg/results/torznab",
            "enabled": False,
        },
    )
    assert changed.status_code == 200 and changed.json()["enabled"] is False

    enabled = await load_enabled_indexers(db)
    assert [(i.name, i.api_key, i.base_url, i.categories) for i in enabled] == [
        ("Nyaa", "k2", "http://prowlarr:9696/5", (2000, 5070))
    ]
    stored = [indexer.config() for indexer in await indexer_settings(db)]
    assert [(i.name, i.api_key, i.enabled) for i in stored] == [("Ygg", "k1", False), ("Nyaa", "k2", True)]

    assert (await admin.delete(f"/api/v1/settings/indexers/{ygg['id']}")).status_code == 204
    assert [i["name"] for i in (await admin.get("/api/v1/settings/indexers")).json()] == ["Nyaa"]
    missing = await admin.put(
        f"/api/v1/settings/indexers/{ygg['id']}", json={"name": "Ygg", "url": "http://x"}
    )
    assert missing.status_code == 404
    assert missing.json()["detail"] == f"No indexer has the id {ygg['id']}"


async def test_invalid_input_is_refused_field_by_field(admin: httpx.AsyncClient) -> None:
    plex = await admin.put("/api/v1/settings/plex", json={"url": "ftp://plex", "token": "t", "colour": "red"})
    assert _errors(plex) == {
        "url": "must be an http:// or https:// address, e.g. http://192.168.1.10:32400",
        "colour": "is not a field this call takes",
    }
    qbt = await admin.put(
        "/api/v1/settings/qbittorrent",
        json={"url": "http://admin:pw@qbt:8080", "category": "/films", "save_path": "downloads"},
    )
    assert set(_errors(qbt)) == {"url", "category", "save_path"}
    tmdb = await admin.put(
        "/api/v1/settings/tmdb", json={"api_key": "k", "language": "french", "region": "fra"}
    )
    assert _errors(tmdb) == {
        "language": "must be a language tag such as fr-FR or en-US",
        "region": "must be a two-letter country code such as FR",
    }
    assert _errors(await admin.put("/api/v1/settings/tmdb", json={"language": "fr-FR"})) == {
        "api_key": "TMDB needs an API key (v3) or a read access token (v4)"
    }
    indexer = await admin.post(
        "/api/v1/settings/indexers", json={"name": "", "url": "http://x", "api_key": "k", "categories": [0]}
    )
    assert set(_errors(indexer)) == {"name", "categories.0"}
    pipeline = await admin.put("/api/v1/settings/pipeline", json={"research_interval_hours": 0})
    assert _errors(pipeline) == {"research_interval_hours": "must be at least 0.25"}
    notifications = await admin.put(
        "/api/v1/settings/notifications",
        json={"admin_targets": [{"url": "not a url"}], "admin_events": ["party"]},
    )
    assert set(_errors(notifications)) == {"admin_targets.0.url", "admin_events.0"}
    unknown_id = await admin.put(
        "/api/v1/settings/notifications", json={"admin_targets": [{"id": "0123abcd"}]}
    )
    assert _errors(unknown_id) == {"admin_targets": "no stored target has the id '0123abcd'"}


async def test_only_an_admin_reads_or_changes_settings(db: AsyncSession) -> None:
    member = await factories.profile(db, "Tom", Role.MEMBER)
    async with app_client() as anonymous, app_client(profile=member) as tom:
        for page in SETTINGS_PAGES:
            assert (await anonymous.get(page)).status_code == 401, page
            assert (await tom.get(page)).status_code == 403, page
        change = {"url": "http://x", "token": "t"}
        assert (await tom.put("/api/v1/settings/plex", json=change)).status_code == 403
        assert (await tom.post("/api/v1/settings/plex/test")).status_code == 403


async def test_pipeline_knobs_have_defaults_and_are_what_the_workers_read(
    admin: httpx.AsyncClient, db: AsyncSession
) -> None:
    defaults = (await admin.get("/api/v1/settings/pipeline")).json()
    assert defaults == {
        "research_interval_hours": 6.0,
        "research_window_days": 14,
        "stalled_threshold_minutes": 120,
        "seeding_ratio_goal": 1.0,
        "seeding_minutes_goal": 10080,
        "max_failed_releases": 5,
        "upgrade_window_days": 30,
        "new_episode_delay_hours": 6.0,
        "movies_4k_folder": None,
    }
    changed = {
        **defaults,
        "research_interval_hours": 2,
        "stalled_threshold_minutes": 45,
        "seeding_ratio_goal": None,
        "max_failed_releases": 3,
        "upgrade_window_days": 0,
    }
    assert (await admin.put("/api/v1/settings/pipeline", json=changed)).status_code == 200
    knobs = await pipeline_settings(db)
    assert (knobs.research_interval, knobs.stalled_threshold, knobs.seeding_ratio_goal) == (
        timedelta(hours=2),
        timedelta(minutes=45),
        None,
    )
    assert knobs.max_failed_releases == 3
    assert knobs.upgrade_window == timedelta(0)  # better copies never looked for


async def test_quality_profiles_saved_by_an_admin_rank_the_pipelines_requests(
    admin: httpx.AsyncClient, db: AsyncSession
) -> None:
    shipped = (await admin.get("/api/v1/settings/quality-profiles")).json()
    assert [p["name"] for p in shipped["profiles"]] == ["HD 1080p", "Ultra HD 4K", "Any"]
    assert (shipped["default_movie"], shipped["default_tv"]) == ("HD 1080p", "HD 1080p")
    assert shipped["qualities"][:2] == ["CAM", "TELESYNC"] and shipped["qualities"][-1] == "Raw-HD"

    french_tv = {
        "name": "Séries en VF",
        "allowed": ["HDTV-720p", "WEBDL-720p", "WEBDL-1080p"],
        "preferred": "WEBDL-1080p",
        "min_mb_per_minute": 5,
        "max_mb_per_minute": 60,
        "preferred_mb_per_minute": 20,
        "min_seeders": 3,
        "audio_policy": "require_french",
        "required_words": [],
        "forbidden_words": ["VOSTFR"],
        "preferred_words": ["MULTi"],
    }
    body = {
        "profiles": [*shipped["profiles"], french_tv],
        "default_movie": "Ultra HD 4K",
        "default_tv": "séries en vf",
    }
    saved = await admin.put("/api/v1/settings/quality-profiles", json=body)
    assert saved.status_code == 200, saved.text
    assert saved.json()["default_tv"] == "Séries en VF"

    tv = await profile_for(db, MediaType.TV)
    assert (tv.name, tv.preferred, tv.audio_policy, tv.min_seeders) == (
        "Séries en VF",
        Quality.WEBDL_1080P,
        AudioPolicy.REQUIRE_FRENCH,
        3,
    )
    assert tv.forbidden_words == ("VOSTFR",)
    assert (await profile_for(db, MediaType.MOVIE)).name == "Ultra HD 4K"


async def test_an_inconsistent_quality_profile_is_refused_with_the_reason(admin: httpx.AsyncClient) -> None:
    shipped = (await admin.get("/api/v1/settings/quality-profiles")).json()
    broken = {**shipped["profiles"][0], "preferred": "Remux-2160p"}
    response = await admin.put(
        "/api/v1/settings/quality-profiles",
        json={"profiles": [broken], "default_movie": "HD 1080p", "default_tv": "HD 1080p"},
    )
    assert _errors(response) == {
        "profiles.0": "HD 1080p: the preferred quality Remux-2160p must be among the allowed"
    }
    unknown = {**shipped["profiles"][0], "allowed": ["Bluray-1080p", "VHS"], "preferred": "Bluray-1080p"}
    response = await admin.put(
        "/api/v1/settings/quality-profiles",
        json={"profiles": [unknown], "default_movie": "HD 1080p", "default_tv": "Nope"},
    )
    errors = _errors(response)
    assert errors["profiles.0.allowed.1"] == "unknown quality 'VHS'"


async def test_notification_targets_are_kept_by_id_and_belong_to_a_profile(
    admin: httpx.AsyncClient, db: AsyncSession
) -> None:
    first = await admin.put("/api/v1/settings/notifications", json={"admin_targets": [{"url": APPRISE_URL}]})
    stored = first.json()["admin_targets"][0]
    both = await admin.put(
        "/api/v1/settings/notifications",
        json={
            "admin_targets": [{"id": stored["id"]}, {"url": "json://127.0.0.1:9/other"}],
            "admin_events": ["failed", "available"],
            "profile_events": ["available"],
            "language": "en",
        },
    )
    assert both.status_code == 200
    assert both.json()["admin_targets"][0]["id"] == stored["id"]
    assert (await get_setting(db, "notifications"))["admin_urls"] == [APPRISE_URL, "json://127.0.0.1:9/other"]
    assert (both.json()["admin_events"], both.json()["language"]) == (["failed", "available"], "en")

    missing = await admin.put("/api/v1/settings/notifications/profiles/999", json={"targets": []})
    assert (missing.status_code, missing.json()["detail"]) == (404, "No profile has the id 999")
