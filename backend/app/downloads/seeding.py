"""Remove torrents that have seeded enough (ratio or time, from Settings); the library keeps its files.

Imports hardlink or copy into the library, so deleting the torrent's data never touches what Plex plays.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.downloads.models import Download, DownloadState
from app.downloads.service import mark_removed
from app.integrations.qbittorrent import QbittorrentClient, TorrentStatus
from app.settings.pipeline import PipelineSettings, pipeline_settings


def goal_met(torrent: TorrentStatus, settings: PipelineSettings) -> bool:
    """True when the ratio or seeding-time goal is reached (or qBittorrent stopped it at its limit)."""
    if torrent.state is DownloadState.SEEDING_DONE:
        return True
    if settings.seeding_ratio_goal is not None and torrent.ratio >= settings.seeding_ratio_goal:
        return True
    minutes = settings.seeding_minutes_goal
    return minutes is not None and torrent.seeding_time >= minutes * 60


async def cleanup_finished_torrents(
    session: AsyncSession, qbit: QbittorrentClient, *, imported: Collection[int]
) -> list[str]:
    """Delete the finished torrents of `imported` requests past their seeding goal; their names (committed).

    Only the request domain knows which requests are imported: only their torrents may go.
    """
    if not imported:
        return []
    rows = list(
        await session.scalars(
            select(Download).where(
                Download.state != DownloadState.REMOVED,
                Download.completed_at.is_not(None),
                Download.request_id.in_(imported),
            )
        )
    )
    if not rows:
        return []
    settings = await pipeline_settings(session)
    torrents = {status.info_hash: status for status in await qbit.list_torrents()}
    removed = []
    for row in rows:
        torrent = torrents.get(row.info_hash)
        if torrent is None or goal_met(torrent, settings):
            if torrent is not None:
                await qbit.delete(row.info_hash, delete_files=True)
            mark_removed(row, "seeding goal reached")
            removed.append(row.name)
    await session.commit()
    return removed
