"""Take a closed request's torrents out of qBittorrent with their data; the library is never touched."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.downloads.service import downloads_of, mark_removed
from app.integrations.qbittorrent import QbittorrentClient


async def remove_request_torrents(session: AsyncSession, qbit: QbittorrentClient, request_id: int) -> int:
    """Delete the request's torrents and downloaded files (committed); returns how many."""
    rows = await downloads_of(session, request_id)
    for row in rows:
        await qbit.delete(row.info_hash, delete_files=True)
        mark_removed(row, "its request was cancelled")
    await session.commit()
    return len(rows)
