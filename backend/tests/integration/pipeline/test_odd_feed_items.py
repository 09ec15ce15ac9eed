"""One odd item in an indexer's answer never loses the search's other verdicts (issue 21, item 2): the
verdicts go in as one multi-row insert, and a value PostgreSQL refuses used to fail the whole search."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appliance.simulators.seeder import Swarm
from app.media_requests.processing import process_request
from app.media_requests.schemas import RequestCreate
from app.releases.models import Release
from tests import factories
from tests.support.pipeline import Pipeline, offer

pytestmark = pytest.mark.integration

FILM = RequestCreate(media_type="movie", tmdb_id=27205, title="Inception", year=2010)


async def test_a_seeders_count_past_int32_is_kept_as_unknown_and_the_search_goes_on(
    db: AsyncSession, pipeline: Pipeline, seeders: Swarm
) -> None:
    good = seeders.seed(
        "Inception.2010.1080p.BluRay.x264-GRP", {"Inception.2010.1080p.BluRay.x264-GRP.mkv": 1_000_000}
    )
    offer(pipeline.scenario, good, good.name, seeders=150, tmdb=FILM.tmdb_id)
    offer(pipeline.scenario, None, "Inception.2010.CAM.x264-BAD", seeders=2**40, tmdb=FILM.tmdb_id)
    request = await factories.media_request(db, **FILM.model_dump(), celery_task_id="test-task")

    result = await process_request(db, request_id=request.id, task_id="test-task")

    assert result.status == "DOWNLOADING", result.detail
    verdicts = {r.title: r for r in await db.scalars(select(Release).where(Release.request_id == request.id))}
    assert verdicts[good.name].chosen and verdicts[good.name].seeders == 150
    odd = verdicts["Inception.2010.CAM.x264-BAD"]
    assert (odd.rejected, odd.seeders) == (True, None)
