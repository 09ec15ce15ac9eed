"""Inserting new requests together with their first timeline event, atomically.

The API's hottest write. On PostgreSQL the requests and their events go in one statement (a
data-modifying WITH, the rows sent as one JSON array): in an autocommit session that is one round trip,
where two inserts in a transaction take four (BEGIN, two inserts, COMMIT), and each round trip costs
the API more CPU in SQLAlchemy and asyncpg than the server spends on it (decision 0005). SQLite has no
data-modifying WITH, so there the two inserts share the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, cast

from sqlalchemy import Select, String, Table, bindparam, column, func, insert, select
from sqlalchemy import cast as cast_sql
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from app.media_requests.models import MediaRequest, RequestEvent

_REQUESTS = cast(Table, MediaRequest.__table__)
_EVENTS = cast(Table, RequestEvent.__table__)
_INSERT_REQUESTS = insert(_REQUESTS).returning(_REQUESTS.c.id, sort_by_parameter_order=True)
_INSERT_EVENTS = insert(_EVENTS)

# The event's own columns; its request, and its time (the request's), come from the inserted row.
EVENT_KEYS = ("from_status", "to_status", "reason", "actor", "details")


async def insert_requests(
    session: AsyncSession, rows: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert `rows` into media_requests, each with its first event; the new ids, in order.

    Each event holds EVENT_KEYS. The media keys of `rows` must differ. Not committed: in a
    transaction the caller commits; in an autocommit session, PostgreSQL's single statement is its own
    transaction. A second active request for the same media raises IntegrityError and inserts nothing.
    """
    if session.get_bind().dialect.name == "postgresql":
        return await _in_one_statement(session, rows, events)
    ids = list((await session.execute(_INSERT_REQUESTS, rows)).scalars().all())
    await session.execute(
        _INSERT_EVENTS,
        [
            {**event, "request_id": request_id, "created_at": row["created_at"]}
            for request_id, row, event in zip(ids, rows, events, strict=True)
        ],
    )
    return ids


async def _in_one_statement(
    session: AsyncSession, rows: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]]
) -> list[int]:
    records = [
        {**row, **{f"event_{key}": event[key] for key in EVENT_KEYS}}
        for row, event in zip(rows, events, strict=True)
    ]
    statement = _one_statement(tuple(rows[0]))
    result = await session.execute(statement, {"records": json.dumps(records, default=_json_value)})
    ids = {media_key: request_id for request_id, media_key in result}
    return [ids[row["media_key"]] for row in rows]


def _json_value(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot go into a request row")


@cache
def _one_statement(columns: tuple[str, ...]) -> Select[int, str]:
    """The single INSERT of requests and events for rows holding `columns`, built once per column set."""
    fields = [column(name, _REQUESTS.c[name].type) for name in columns]
    fields += [column(f"event_{key}", _EVENTS.c[key].type) for key in EVENT_KEYS]
    records = (
        func.jsonb_to_recordset(cast_sql(bindparam("records", type_=String), JSONB))
        .table_valued(*fields)
        .render_derived(name="record", with_types=True)
    )
    given = select(records).cte("given")
    requests = (
        insert(_REQUESTS)
        .from_select(columns, select(*(given.c[name] for name in columns)))
        .returning(_REQUESTS.c.id, _REQUESTS.c.media_key, _REQUESTS.c.created_at)
        .cte("requests")
    )
    events = insert(_EVENTS).from_select(
        ["request_id", "created_at", *EVENT_KEYS],
        select(requests.c.id, requests.c.created_at, *(given.c[f"event_{key}"] for key in EVENT_KEYS)).join(
            given, given.c.media_key == requests.c.media_key
        ),
    )
    return select(requests.c.id, requests.c.media_key).add_cte(events.cte("events"))
