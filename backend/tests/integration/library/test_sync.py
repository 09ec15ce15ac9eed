"""The Plex sync against the Plex simulator on real PostgreSQL: mirror, incremental, outages, removal."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.integrations.plex import PlexClient
from app.library.models import LibraryItem, LibrarySection, SyncRun
from app.library.service import delete_old_sync_runs, run_plex_sync
from app.library.sync import sync_library
from app.media_requests.availability import after_sync
from app.settings.service import put_setting
from tests import factories
from tests.integration.library.conftest import OPTIONS
from tests.support.plex_sim import PlexSim

pytestmark = pytest.mark.integration

# The simulated library: 120 movies; 6 shows, 12 seasons, 36 episodes.
MOVIES, SHOWS, SEASONS, EPISODES = 120, 6, 12, 36
EVERYTHING = MOVIES + SHOWS + SEASONS + EPISODES


async def _count(db: AsyncSession, **where: object) -> int:
    query = select(func.count()).select_from(LibraryItem).filter_by(**where)
    return int(await db.scalar(query) or 0)


async def _checkpoint(db: AsyncSession, section_key: str) -> datetime | None:
    db.expire_all()
    return await db.scalar(select(LibrarySection.checkpoint).where(LibrarySection.section_key == section_key))


async def _item(db: AsyncSession, rating_key: str) -> LibraryItem | None:
    db.expire_all()
    return await db.get(LibraryItem, rating_key)


async def test_a_full_sync_mirrors_movies_shows_seasons_and_episodes_with_their_guids(
    db: AsyncSession, plex: PlexClient
) -> None:
    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)

    assert (run.status, run.added, run.updated, run.removed) == ("success", EVERYTHING, 0, 0)
    assert run.finished_at is not None and run.details is not None and run.details["seconds"] >= 0
    counts = [await _count(db, item_type=kind) for kind in ("movie", "show", "season", "episode")]
    assert counts == [MOVIES, SHOWS, SEASONS, EPISODES]

    modern = await _item(db, "10000001")
    assert modern is not None
    assert (modern.tmdb_id, modern.imdb_id, modern.title, modern.year) == (101, "tt1000001", "Tide 1", 1951)
    assert modern.added_at is not None and modern.updated_at is not None
    assert modern.file_paths == ["/data/media/Movies/Tide 1 (1951)/Tide 1 (1951).mkv"]
    old_imdb_agent = await _item(db, "10000000")  # only `guid="com.plexapp.agents.imdb://tt1000000"`
    assert old_imdb_agent is not None and (old_imdb_agent.imdb_id, old_imdb_agent.tmdb_id) == (
        "tt1000000",
        None,
    )
    two_versions = await _item(db, "10000005")  # a 1080p file and a 2160p file
    assert two_versions is not None and two_versions.is_4k and two_versions.resolution == "2160p"
    assert len(two_versions.file_paths or []) == 2

    show = await _item(db, "20010000")
    assert show is not None and (show.tmdb_id, show.tvdb_id, show.imdb_id) == (5001, 70001, "tt2000001")
    old_tvdb_agent = await _item(db, "20000000")
    assert old_tvdb_agent is not None and (old_tvdb_agent.tvdb_id, old_tvdb_agent.tmdb_id) == (70000, None)
    episode = await _item(db, "20012003")  # show 1, season 2, episode 3
    assert episode is not None and episode.item_type == "episode"
    assert (episode.season_number, episode.episode_number) == (2, 3)
    assert (episode.parent_rating_key, episode.grandparent_rating_key) == ("20012000", "20010000")
    season = await _item(db, "20012000")
    assert season is not None and (season.item_type, season.season_number) == ("season", 2)

    sections = {row.section_key: row for row in await db.scalars(select(LibrarySection))}
    assert set(sections) == {"1", "2"}
    assert all(row.checkpoint is not None and row.last_full_sync_at is not None for row in sections.values())


async def test_a_second_full_sync_of_an_unchanged_library_writes_nothing(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    plex_sim.scenario.touched["10000007"] = plex_sim.scenario.base_added_at + 10**6
    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    assert (run.status, run.added, run.updated, run.removed) == ("success", 0, 1, 0)


async def test_an_incremental_sync_reads_only_what_changed_since_the_checkpoint(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    scenario = plex_sim.scenario
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    listed_by_full = scenario.items_listed
    assert listed_by_full == EVERYTHING

    new_keys = scenario.add_movies(3)
    scenario.touched["10000004"] = scenario.base_added_at + 10**6  # an edited title, say
    scenario.items_listed = 0
    run = await sync_library(
        db,
        plex,
        on_mirrored=after_sync(db),
        full=False,
        options=replace(OPTIONS, overlap=timedelta(minutes=1)),
    )

    assert (run.kind, run.status, run.added, run.updated, run.removed) == ("incremental", "success", 3, 1, 0)
    # The 4 changes, plus what was updated in the minute before each section's checkpoint (2 + 2 here).
    assert scenario.items_listed <= 8
    for key in new_keys:
        assert await _item(db, key) is not None
    checkpoint = await db.scalar(select(LibrarySection.checkpoint).where(LibrarySection.section_key == "1"))
    assert checkpoint is not None and int(checkpoint.timestamp()) == scenario.base_added_at + 10**6


async def test_an_incremental_sync_of_a_section_never_synced_reads_it_whole(
    db: AsyncSession, plex: PlexClient
) -> None:
    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=False, options=OPTIONS)
    assert (run.status, run.added) == ("success", EVERYTHING)
    assert run.details is not None and {s["mode"] for s in run.details["sections"]} == {"full"}


async def test_what_left_plex_is_removed_when_every_page_came_back_whole(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    plex_sim.scenario.removed |= {"10000003", "10000077", "20012003", "20050000"}  # show 5 went entirely
    for key in ("20051000", "20052000"):
        plex_sim.scenario.removed.add(key)
    for season in (1, 2):
        for episode in (1, 2, 3):
            plex_sim.scenario.removed.add(str(20_050_000 + season * 1000 + episode))

    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)

    assert (run.status, run.removed) == ("success", 2 + 1 + 1 + 2 + 6)
    for key in ("10000003", "10000077", "20012003", "20050000", "20051002"):
        assert await _item(db, key) is None
    assert await _count(db) == EVERYTHING - 12


async def test_a_plex_outage_mid_listing_removes_nothing(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    """Seerr #2296: Plex unreachable half-way must not read as "everything was deleted"."""
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    plex_sim.scenario.removed.add("10000003")
    plex_sim.scenario.failing_page_start = 50  # the second page of every listing answers 500

    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)

    assert (run.status, run.removed) == ("failed", 0)
    assert run.error is not None and "HTTP 500" in run.error
    assert run.details is not None and run.details["retryable"] is True
    # The parents' list words it from its code (« Plex répond par une erreur… »), the English as a detail.
    assert (run.details["why"], run.details["service"]) == ("service_failed", "Plex")
    assert await _count(db) == EVERYTHING
    assert await _item(db, "10000003") is not None


async def test_plex_down_from_the_start_removes_nothing_and_says_so(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    plex_sim.scenario.outage_status = 503
    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    assert (run.status, run.removed, run.details and run.details["retryable"]) == ("failed", 0, True)
    assert await _count(db) == EVERYTHING


async def test_a_short_page_keeps_that_sections_items_and_checkpoint(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    movie_checkpoint = await _checkpoint(db, "1")
    plex_sim.scenario.removed |= {"10000003", "20012003"}
    plex_sim.scenario.touched["10000009"] = plex_sim.scenario.base_added_at + 10**6
    plex_sim.scenario.short_page_start = 50  # only the movie listing has a page starting at 50

    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)

    assert run.status == "partial"
    assert run.details is not None
    movies, shows = run.details["sections"]
    assert (movies["complete"], movies["removed"], shows["complete"], shows["removed"]) == (False, 0, True, 1)
    assert any("came back with 25 of 50" in note for note in movies["notes"])
    assert await _item(db, "10000003") is not None, "the movie section was not listed whole"
    assert await _item(db, "20012003") is None, "the show section was, so its removal went ahead"
    assert await _checkpoint(db, "1") == movie_checkpoint


async def test_a_total_size_that_disagrees_with_the_items_removes_nothing(
    db: AsyncSession, plex: PlexClient, plex_sim: PlexSim
) -> None:
    await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)
    checkpoints = [await _checkpoint(db, key) for key in ("1", "2")]
    plex_sim.scenario.removed |= {"10000003", "20012003"}
    plex_sim.scenario.touched["10000009"] = plex_sim.scenario.base_added_at + 10**6
    plex_sim.scenario.total_size_skew = 1  # Plex counts one more item than it lists

    run = await sync_library(db, plex, on_mirrored=after_sync(db), full=True, options=OPTIONS)

    assert (run.status, run.removed, run.updated) == ("partial", 0, 1)
    assert run.details is not None
    assert all(not section["complete"] and section["notes"] for section in run.details["sections"])
    assert await _item(db, "10000003") is not None and await _item(db, "20012003") is not None
    assert [await _checkpoint(db, key) for key in ("1", "2")] == checkpoints


async def test_a_section_switched_off_in_settings_is_forgotten_by_the_next_full_sync(
    db: AsyncSession, plex_configured: PlexSim
) -> None:
    first = await run_plex_sync(db, full=True, options=OPTIONS)
    assert first.added == EVERYTHING
    await put_setting(db, "plex_sync", {"sections": ["1"]})
    await db.commit()

    run = await run_plex_sync(db, full=True)

    assert (run.status, run.removed) == ("success", SHOWS + SEASONS + EPISODES)
    assert await _count(db) == MOVIES
    assert [s["key"] for s in (run.details or {})["sections"]] == ["1"]


async def test_without_a_plex_connection_the_run_is_skipped_with_what_to_do(db: AsyncSession) -> None:
    run = await run_plex_sync(db, full=False)
    assert run.status == "skipped"
    assert run.error is not None and "Plex is not set up yet" in run.error
    assert run.details is not None and run.details["why"] == "not_set_up"


async def test_sync_runs_older_than_30_days_are_forgotten(db: AsyncSession) -> None:
    now = utcnow()
    for age_days in (45, 31, 2):
        started = now - timedelta(days=age_days)
        await factories.sync_run(db, started_at=started)
    assert await delete_old_sync_runs(db) == 2
    assert await db.scalar(select(func.count()).select_from(SyncRun)) == 1
