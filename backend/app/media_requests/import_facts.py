"""What the import needs from TMDB for a show: episode titles for the names, and the absolute numbering."""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.show_episodes import show_episodes
from app.imports import ImportTarget
from app.integrations.errors import IntegrationError
from app.settings.errors import NotConfigured
from app.settings.integrations.tmdb import tmdb_client

log = logging.getLogger(__name__)


async def with_tmdb_episodes(session: AsyncSession, target: ImportTarget, tmdb_id: int) -> ImportTarget:
    """`target` with TMDB's episode titles and absolute numbering; as it is for a film or without TMDB.

    TMDB failing does not hold the import back: episodes are then named without their titles, and files
    numbered from the first episode are skipped with the reason (the family can ask a parent to retry).
    """
    if target.is_movie:
        return target
    try:
        tmdb = await tmdb_client(session)
    except NotConfigured:
        return target
    try:
        facts = await show_episodes(tmdb, tmdb_id, target.seasons | set(target.episodes))
    except IntegrationError as exc:
        log.warning("TMDB gave no episode titles for show %s, naming without them: %s", tmdb_id, exc)
        return target
    return replace(
        target,
        episode_titles={**facts.titles, **target.episode_titles},
        absolute_numbering=facts.numbering,
    )
