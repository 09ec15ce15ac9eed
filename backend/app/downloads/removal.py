"""Take torrents out of qBittorrent with their data (a closed request's, a replaced one); not the library."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from app.downloads.models import Download
from app.downloads.service import downloads_of, mark_removed
from app.integrations.qbittorrent import QbittorrentClient


async def remove_request_torrents(session: AsyncSession, qbit: QbittorrentClient, request_id: int) -> int:
    """Delete the request's torrents and downloaded files (committed); returns how many."""
    rows = await downloads_of(session, request_id)
    await remove_downloads(session, qbit, rows, reason="its request was cancelled")
    return len(rows)


async def remove_downloads(
    session: AsyncSession, qbit: QbittorrentClient, rows: Sequence[Download], *, reason: str
) -> None:
    """Delete these torrents and their downloaded files (committed); the rows stay as history."""
    for row in rows:
        await qbit.delete(row.info_hash, delete_files=True)
        mark_removed(row, reason)
    await session.commit()
