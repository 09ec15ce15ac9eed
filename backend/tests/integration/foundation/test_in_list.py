"""db.InList: a list bound at execution finds the same rows on PostgreSQL (an array) and SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import InList
from app.profiles.models import Profile
from tests import factories

pytestmark = pytest.mark.integration

_NAMES = ("Léa", "Emma", "Papa", "Jules")
_BY_NAMES = select(Profile.name).where(InList(Profile.name, "names")).order_by(Profile.name)


async def _found(session: AsyncSession, names: list[str]) -> list[str]:
    return list(await session.scalars(_BY_NAMES, {"names": names}))


@pytest.mark.parametrize("database", ["postgresql", "sqlite"])
async def test_the_same_rows_for_any_list_on_both_databases(
    database: str, db: AsyncSession, sqlite_db: AsyncSession
) -> None:
    session = db if database == "postgresql" else sqlite_db
    for name in _NAMES:
        await factories.profile(session, name)

    assert await _found(session, []) == []
    assert await _found(session, ["Léa"]) == ["Léa"]
    assert await _found(session, ["Léa", "Nobody", "Emma"]) == ["Emma", "Léa"]
    assert await _found(session, [*_NAMES, *_NAMES]) == sorted(_NAMES)


async def test_postgresql_runs_one_statement_whatever_the_lists_length(db: AsyncSession) -> None:
    sent: set[str] = set()
    engine = db.bind.sync_engine  # type: ignore[union-attr]

    def note(*args: object) -> None:
        sent.add(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        for length in (1, 2, 5, 0):
            await _found(db, list(_NAMES)[:length])
    finally:
        event.remove(engine, "before_cursor_execute", note)
    # One text, so asyncpg prepares it once and PostgreSQL can keep one plan for it.
    assert len(sent) == 1
    assert "= ANY" in sent.pop()
