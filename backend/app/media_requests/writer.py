"""The API's way to create requests: the ones that arrive together share one transaction.

A kiosk tapping « Demander » gets its own transaction at once; when many calls arrive at the same
moment (several kiosks, a script), they are written in one batch, a group commit (app/batching.py),
instead of each paying for its own connection, checks and commit.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from app.batching import Batcher, PerLoop
from app.db import autocommit_session, get_engine, get_sessionmaker
from app.media_requests import service
from app.media_requests.service import Created, NewRequest


def _session() -> AsyncSession:
    # On PostgreSQL a batch's rows and events go in one statement (media_requests/insertion.py), so
    # the write needs no transaction around it: BEGIN and COMMIT would double its round trips.
    if get_engine().dialect.name == "postgresql":
        return autocommit_session()
    return get_sessionmaker()()


async def _write(batch: Sequence[NewRequest]) -> list[Created | Exception]:
    async with _session() as session:
        return await service.create_requests(session, batch)


_batchers: PerLoop[Batcher[NewRequest, Created]] = PerLoop(lambda: Batcher(_write))


async def create_request(new: NewRequest) -> Created:
    """`service.create_request` in its own transaction, shared with the calls arriving meanwhile."""
    return await _batchers.get().submit(new)
