"""The old copy a replacement leaves behind (a better copy, or another one a parent asked for), deleted only
once Plex lists the request again after the new import's scan: until then Plex keeps the old one.

The import sets a same-name old file aside under a hidden name (Plex skips hidden files) and writes what to
delete under `old_copies` in its COMPLETED event (library-relative); an import that fails puts the old file
back instead (completion.py).
"""

from __future__ import annotations

import logging

import anyio.to_thread
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.imports import remove_from_library
from app.media_requests.models import RequestEvent
from app.media_requests.states import RequestStatus
from app.settings.folders import folders_in_force

OLD_COPIES = "old_copies"

log = logging.getLogger(__name__)


async def drop_old_copies(session: AsyncSession, request_id: int) -> list[str]:
    """Delete the old copies the request's last import left for after Plex's scan; the names it held.

    Called when the request leaves COMPLETED for AVAILABLE or PARTIALLY_AVAILABLE; files already gone are
    skipped, so a second call does nothing.
    """
    details = await session.scalar(
        select(RequestEvent.details)
        .where(RequestEvent.request_id == request_id, RequestEvent.to_status == RequestStatus.COMPLETED)
        .order_by(RequestEvent.id.desc())
        .limit(1)
    )
    names = [str(name) for name in (details or {}).get(OLD_COPIES, [])]
    if names:
        library = (await folders_in_force(session)).library_root
        try:
            await anyio.to_thread.run_sync(remove_from_library, library, names)
        except OSError:
            # Only disk space is at stake: the request's move to available must not fail for it.
            log.warning("request %s: could not delete its old copy", request_id, exc_info=True)
    return names
