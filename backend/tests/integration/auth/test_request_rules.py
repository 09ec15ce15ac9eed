"""Who may request what: approval by a parent, quotas and rating limits, own requests only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
import redis
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.server import serve
from app.appliance.simulators.tmdb import TmdbScenario, create_app
from app.db import utcnow
from app.media_requests.models import MediaRequest
from app.profiles.models import Profile, Role
from app.settings.service import put_setting
from tests import factories
from tests.integration.auth.conftest import Family
from tests.support.auth import app_client
from tests.support.broker_queue import queued

pytestmark = pytest.mark.integration

FIGHT_CLUB = {"media_type": "movie", "tmdb_id": 550, "title": "Fight Club", "year": 1999}
NEMO = {"media_type": "movie", "tmdb_id": 12, "title": "Le Monde de Nemo", "year": 2003}
BLUEY = {"media_type": "tv", "tmdb_id": 82728, "title": "Bluey"}


def _certified(fr: str) -> list[dict[str, object]]:
    return [{"iso_3166_1": "FR", "release_dates": [{"certification": fr, "type": 3}]}]


@pytest.fixture
def tmdb_url() -> Iterator[str]:
    scenario = TmdbScenario()
    scenario.movies[550] = {"id": 550, "title": "Fight Club", "release_date": "1999-10-15"}
    scenario.movies[12] = {"id": 12, "title": "Finding Nemo", "release_date": "2003-05-30"}
    scenario.movies[13] = {"id": 13, "title": "Unrated", "release_date": "2003-05-30"}
    scenario.release_dates[550] = _certified("16")
    scenario.release_dates[12] = _certified("U")
    scenario.shows[82728] = {
        "id": 82728,
        "name": "Bluey",
        "seasons": [{"season_number": n, "name": f"Season {n}", "episode_count": 50} for n in (0, 1, 2, 3)],
    }
    scenario.shows[1399] = {
        "id": 1399,
        "name": "Le Trône de fer",
        "seasons": [{"season_number": 1, "episode_count": 10}],
    }
    scenario.content_ratings[1399] = [
        {"iso_3166_1": "US", "rating": "TV-MA"},
        {"iso_3166_1": "FR", "rating": "16"},
    ]
    scenario.content_ratings[82728] = [{"iso_3166_1": "FR", "rating": "TP"}]
    with serve(create_app(scenario)) as base_url:
        yield base_url


@pytest.fixture
async def tmdb(db: AsyncSession, tmdb_url: str) -> None:
    await put_setting(db, "tmdb", {"api_key": "simkey", "base_url": f"{tmdb_url}/3", "language": "fr-FR"})
    await db.commit()


async def _limit(db: AsyncSession, profile: Profile, **values: object) -> None:
    for name, value in values.items():
        setattr(profile, name, value)
    await db.commit()


async def test_a_child_request_waits_for_a_parent_who_approves_it(
    family: Family, broker: redis.Redis, tmdb: None
) -> None:
    async with app_client(profile=family.child) as emma, app_client(profile=family.admin) as papa:
        asked = await emma.post("/api/v1/requests", json=NEMO)
        assert asked.status_code == 201
        assert (asked.json()["status"], asked.json()["requested_by"]) == (
            "AWAITING_APPROVAL",
            family.child.id,
        )
        assert broker.llen("requests") == 0  # nothing is searched before a parent says yes

        queue = (await papa.get("/api/v1/requests", params={"status": "AWAITING_APPROVAL"})).json()
        assert [item["title"] for item in queue["items"]] == ["Le Monde de Nemo"]
        assert (await emma.post(f"/api/v1/requests/{asked.json()['id']}/approve")).status_code == 403

        approved = await papa.post(f"/api/v1/requests/{asked.json()['id']}/approve")
        assert approved.status_code == 200
        assert approved.json()["status"] == "PENDING"
        [search] = queued(broker)
        assert search.args == (asked.json()["id"],)
        assert approved.json()["celery_task_id"] == search.id

        again = await papa.post(f"/api/v1/requests/{asked.json()['id']}/approve")
        assert again.status_code == 409
        assert again.json()["detail"] == "a request that is PENDING is not waiting for approval"
        timeline = (await emma.get(f"/api/v1/requests/{asked.json()['id']}")).json()["timeline"]
        assert [(e["to_status"], e["reason"], e["actor"]) for e in timeline] == [
            ("AWAITING_APPROVAL", "Waiting for a parent to approve", "Emma"),
            ("PENDING", "Approved by Papa", "Papa"),
        ]


async def test_a_denied_request_closes_with_the_reason_in_its_timeline(
    family: Family, broker: redis.Redis, tmdb: None
) -> None:
    async with app_client(profile=family.child) as emma, app_client(profile=family.admin) as papa:
        asked = (await emma.post("/api/v1/requests", json=NEMO)).json()
        no_reason = await papa.post(f"/api/v1/requests/{asked['id']}/deny", json={"reason": " "})
        assert no_reason.status_code == 422
        denied = await papa.post(f"/api/v1/requests/{asked['id']}/deny", json={"reason": "Already on DVD"})
        assert denied.status_code == 200
        assert (denied.json()["status"], denied.json()["error"]) == ("DENIED", "Already on DVD")
        detail = (await emma.get(f"/api/v1/requests/{asked['id']}")).json()
        assert detail["timeline"][-1]["reason"] == "Denied: Already on DVD"
        assert broker.llen("requests") == 0
        # Denied is closed: the title can be asked for again.
        assert (await emma.post("/api/v1/requests", json=NEMO)).status_code == 201


async def test_members_see_and_cancel_only_their_own_requests(family: Family, tmdb: None) -> None:
    async with (
        app_client(profile=family.member) as lea,
        app_client(profile=family.child) as emma,
        app_client(profile=family.admin) as papa,
    ):
        mine = (await lea.post("/api/v1/requests", json=NEMO)).json()
        theirs = (await papa.post("/api/v1/requests", json=FIGHT_CLUB)).json()
        assert mine["requested_by"] == family.member.id and mine["status"] == "PENDING"

        listed = (await lea.get("/api/v1/requests")).json()
        assert [item["id"] for item in listed["items"]] == [mine["id"]]
        assert (
            await lea.get("/api/v1/requests", params={"requested_by": family.admin.id})
        ).status_code == 403
        someone_elses = await lea.get(f"/api/v1/requests/{theirs['id']}")
        assert (someone_elses.status_code, someone_elses.json()["code"]) == (403, "not_yours")
        assert (await emma.delete(f"/api/v1/requests/{mine['id']}")).status_code == 403
        assert (await papa.get("/api/v1/requests")).json()["total"] == 2

        cancelled = await lea.delete(f"/api/v1/requests/{mine['id']}")
        assert cancelled.json()["status"] == "CANCELLED"
        timeline = (await lea.get(f"/api/v1/requests/{mine['id']}")).json()["timeline"]
        assert timeline[-1]["reason"] == "Cancelled by Léa"


async def test_only_a_parent_requests_on_behalf_of_someone(family: Family, tmdb: None) -> None:
    async with app_client(profile=family.member) as lea, app_client(profile=family.admin) as papa:
        refused = await lea.post("/api/v1/requests", json={**NEMO, "requested_by": family.child.id})
        assert (refused.status_code, refused.json()["code"]) == (403, "parents_only")
        made = await papa.post("/api/v1/requests", json={**NEMO, "requested_by": family.child.id})
        # A parent's own decision: no approval step, even for a child who usually needs one.
        assert (made.json()["requested_by"], made.json()["status"]) == (family.child.id, "PENDING")


async def test_a_title_above_the_childs_rating_is_refused_in_her_language(
    family: Family, db: AsyncSession, tmdb: None
) -> None:
    await _limit(db, family.child, max_rating="12", auto_approve=True)
    english = await factories.profile(
        db, "Tom", Role.CHILD, max_rating="PG-13", language="en", auto_approve=True
    )
    async with app_client(profile=family.child) as emma, app_client(profile=english) as tom:
        refused = await emma.post("/api/v1/requests", json=FIGHT_CLUB)
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Ce titre est classé 16, au-dessus de la limite de Emma (12)."
        # The kiosk words the refusal in its own language from the code and its facts.
        assert (refused.json()["code"], refused.json()["params"]) == (
            "rating",
            {"name": "Emma", "certification": "16", "limit": "12"},
        )
        in_english = await tom.post("/api/v1/requests", json=FIGHT_CLUB)
        assert in_english.json()["detail"] == "This title is rated 16, above Tom's limit (PG-13)."

        allowed = await emma.post("/api/v1/requests", json=NEMO)  # "U": for everyone
        assert (allowed.status_code, allowed.json()["status"]) == (201, "PENDING")
        unrated = await emma.post("/api/v1/requests", json={**NEMO, "tmdb_id": 13, "title": "Unrated"})
        assert unrated.json()["status"] == "AWAITING_APPROVAL"  # no certification: a parent checks
        held = (await emma.get(f"/api/v1/requests/{unrated.json()['id']}")).json()["timeline"][0]
        assert (
            held["reason"] == "Waiting for a parent: the rating of this title could not be checked (limit 12)"
        )
        # Stored as a code with the limit: the kiosk says why in the family's language.
        assert held["details"] == {"code": "awaiting_approval", "why": "rating_unchecked", "limit": "12"}


async def test_a_show_is_held_to_the_childs_limit_by_its_french_tv_rating(
    family: Family, db: AsyncSession, tmdb: None
) -> None:
    await _limit(db, family.child, max_rating="12", auto_approve=True)
    thrones = {"media_type": "tv", "tmdb_id": 1399, "title": "Le Trône de fer", "seasons": [1]}
    async with app_client(profile=family.child) as emma:
        refused = await emma.post("/api/v1/requests", json=thrones)
        allowed = await emma.post("/api/v1/requests", json={**BLUEY, "seasons": [1]})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Ce titre est classé 16, au-dessus de la limite de Emma (12)."
    assert (allowed.status_code, allowed.json()["status"]) == (201, "PENDING")


async def test_when_tmdb_cannot_tell_the_rating_a_parent_decides(family: Family, db: AsyncSession) -> None:
    await _limit(db, family.child, max_rating="12", auto_approve=True)  # TMDB is not configured here
    async with app_client(profile=family.child) as emma:
        held = await emma.post("/api/v1/requests", json=FIGHT_CLUB)
    assert (held.status_code, held.json()["status"]) == (201, "AWAITING_APPROVAL")


async def test_the_film_quota_counts_the_window_and_says_when_the_next_one_is_possible(
    family: Family, db: AsyncSession, tmdb: None
) -> None:
    await _limit(db, family.member, movie_quota=2, movie_quota_days=7)
    async with app_client(profile=family.member) as lea:
        left = (await lea.get("/api/v1/profiles/me/allowance")).json()
        assert left["movies"]["message"] == "Léa peut encore demander 2 films cette semaine"
        assert left["seasons"] is None
        first = (await lea.post("/api/v1/requests", json=NEMO)).json()
        assert (await lea.get("/api/v1/profiles/me/allowance")).json()["movies"]["message"] == (
            "Léa peut encore demander 1 film cette semaine"
        )
        await lea.post("/api/v1/requests", json={**NEMO, "tmdb_id": 13, "title": "Autre"})

        refused = await lea.post("/api/v1/requests", json=FIGHT_CLUB)
        assert refused.status_code == 403
        assert refused.json()["detail"].startswith(
            "Léa a déjà demandé 2 films (autorisés) cette semaine ; prochaine demande possible le "
        )
        params = refused.json()["params"]
        assert refused.json()["code"] == "quota" and params.pop("next_at") is not None
        assert params == {"name": "Léa", "kind": "movie", "limit": 2, "days": 7, "remaining": 0, "asked": 1}
        # At her quota, a film already asked for is still that request, not a refusal.
        again = await lea.post("/api/v1/requests", json=NEMO)
        assert (again.status_code, again.json()["id"]) == (200, first["id"])
        # A cancelled request gives its place back.
        await lea.delete(f"/api/v1/requests/{first['id']}")
        assert (await lea.post("/api/v1/requests", json=FIGHT_CLUB)).status_code == 201

        # Requests older than the window no longer count.
        await db.execute(update(MediaRequest).values(created_at=utcnow() - timedelta(days=8)))
        await db.commit()
        assert (await lea.get("/api/v1/profiles/me/allowance")).json()["movies"]["remaining"] == 2


async def test_the_season_quota_counts_every_season_of_a_whole_show(
    family: Family, db: AsyncSession, tmdb: None
) -> None:
    await _limit(db, family.admin, language="en")
    english = await factories.profile(
        db, "Tom", Role.MEMBER, language="en", season_quota=2, season_quota_days=30
    )
    async with app_client(profile=english) as tom:
        whole = await tom.post("/api/v1/requests", json=BLUEY)  # seasons 1-3 today: one too many
        assert whole.status_code == 403
        assert whole.json()["detail"] == (
            "Tom can request 2 more seasons this month; this request has 3. Pick fewer seasons."
        )
        two = await tom.post("/api/v1/requests", json={**BLUEY, "seasons": [1, 2]})
        assert two.status_code == 201
        left = (await tom.get("/api/v1/profiles/me/allowance")).json()["seasons"]
        assert (left["remaining"], left["message"]) == (0, "Tom cannot request more seasons this month")


async def test_a_whole_show_whose_seasons_cannot_be_counted_waits_for_a_parent_saying_why(
    family: Family, db: AsyncSession, tmdb: None
) -> None:
    zoe = await factories.profile(db, "Zoé", Role.MEMBER, season_quota=2, season_quota_days=30)
    unknown = {**BLUEY, "tmdb_id": 999_999, "title": "Inconnue"}  # TMDB does not know it
    async with app_client(profile=zoe) as kiosk:
        held = await kiosk.post("/api/v1/requests", json=unknown)
        assert (held.status_code, held.json()["status"]) == (201, "AWAITING_APPROVAL")
        first = (await kiosk.get(f"/api/v1/requests/{held.json()['id']}")).json()["timeline"][0]
    assert first["reason"] == "Waiting for a parent: the seasons of this show could not be counted"
    assert first["details"] == {"code": "awaiting_approval", "why": "seasons_uncounted"}


async def test_the_api_key_and_admins_are_not_held_by_quotas(
    family: Family, db: AsyncSession, client: httpx.AsyncClient
) -> None:
    await _limit(db, family.admin, movie_quota=1, movie_quota_days=7)
    async with app_client(profile=family.admin) as papa:
        for movie in (NEMO, FIGHT_CLUB):
            assert (await papa.post("/api/v1/requests", json=movie)).status_code == 201
    scripted = await client.post("/api/v1/requests", json={**NEMO, "tmdb_id": 13, "title": "Script"})
    assert (scripted.status_code, scripted.json()["requested_by"]) == (201, None)
