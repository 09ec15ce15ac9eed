"""A request's download as the monitor last saw it in qBittorrent, written by the monitor's own code
(record_download, then apply_status), for screens that show progress without a real torrent."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.downloads.models import Download
from app.downloads.service import apply_status, record_download
from app.integrations.qbittorrent import to_status

SIZE = 4_000_000_000


async def download_seen(
    db: AsyncSession, request_id: int, *, progress: float, eta_seconds: int | None
) -> Download:
    """The request's torrent at `progress` (0 to 1), done in `eta_seconds` (None: qBittorrent cannot say)."""
    info_hash = f"{request_id:040x}"
    row = await record_download(
        db, request_id=request_id, release_id=None, info_hash=info_hash, name="copy", save_path="/downloads"
    )
    seen = {
        "hash": info_hash,
        "state": "downloading" if eta_seconds is not None else "stalledDL",
        "progress": progress,
        "eta": eta_seconds if eta_seconds is not None else 8_640_000,
        "size": SIZE,
        "downloaded": int(SIZE * progress),
    }
    apply_status(row, to_status(seen), utcnow())
    await db.commit()
    return row
