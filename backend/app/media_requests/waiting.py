"""Why a request is waiting, kept as a code and its parameters that the kiosk words in the family's language
("qBittorrent ne répond pas, on réessaie à 21 h 05", "l'indexeur YggTorrent ne répond pas").

A step that meets a service down is tried again later (app/workers/retry.py); before it goes back to the
queue, the request's timeline gets a note saying what failed and when the next try is. The note's English
`reason` is for scripts and the audit trail; the screens read `details` (code, params).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from app.integrations.torznab import IndexersUnreachable
from app.media_requests.completion import ImportProblem
from app.media_requests.models import MediaRequest
from app.media_requests.service import note
from app.media_requests.states import ACTIVE_STATUSES

QBITTORRENT_UNREACHABLE = "qbittorrent_unreachable"
INDEXERS_UNREACHABLE = "indexers_unreachable"
SERVICE_UNREACHABLE = "service_unreachable"
# The library's disk (full, unplugged: ImportProblem) or anything else without a service's name
# (the database away, a connection dropped): said without the error's class name.
LIBRARY_UNREACHABLE = "library_unreachable"
SOMETHING_UNREACHABLE = "something_unreachable"
WAITING_CODES = frozenset(
    {
        QBITTORRENT_UNREACHABLE,
        INDEXERS_UNREACHABLE,
        SERVICE_UNREACHABLE,
        LIBRARY_UNREACHABLE,
        SOMETHING_UNREACHABLE,
    }
)


@dataclass(frozen=True)
class Waiting:
    """What the request waits for: a code, its parameters (retry_at in ISO 8601 UTC) and an English line."""

    code: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)

    def details(self) -> dict[str, Any]:
        """The timeline event's details."""
        return {"code": self.code, **self.params}


def waiting_for(exc: BaseException, retry_at: datetime, timezone: str) -> Waiting:
    """Why a step that failed with `exc` waits until `retry_at`."""
    at = retry_at.astimezone(ZoneInfo(timezone)).strftime("%H:%M")
    params: dict[str, Any] = {"retry_at": retry_at.isoformat()}
    if isinstance(exc, IndexersUnreachable):
        names = ", ".join(exc.indexers) or "the indexers"
        return Waiting(
            INDEXERS_UNREACHABLE,
            f"No indexer answered ({names}); trying again at {at}",
            {**params, "indexers": list(exc.indexers)},
        )
    service = str(getattr(exc, "service", "") or "")
    if service == "qBittorrent":
        return Waiting(QBITTORRENT_UNREACHABLE, f"qBittorrent is not answering; trying again at {at}", params)
    if service:
        return Waiting(
            SERVICE_UNREACHABLE,
            f"{service} is not answering; trying again at {at}",
            {**params, "service": service},
        )
    if isinstance(exc, ImportProblem):
        return Waiting(
            LIBRARY_UNREACHABLE, f"The library cannot take the files ({exc}); trying again at {at}", params
        )
    shown = type(exc).__name__
    return Waiting(SOMETHING_UNREACHABLE, f"{shown}: {exc}; trying again at {at}", params)


async def note_waiting(session: AsyncSession, request_id: int, waiting: Waiting) -> None:
    """Write on the request's timeline why it waits (committed); nothing once the request has moved on."""
    request = await session.get(MediaRequest, request_id)
    if request is None or request.status not in ACTIVE_STATUSES:
        return
    note(session, request, waiting.reason, details=waiting.details())
    await session.commit()
