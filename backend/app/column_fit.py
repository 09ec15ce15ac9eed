"""Rows from outside (Plex listings, indexer feeds) made to fit the columns they go into.

These rows are written many to a statement (the mirror's upsert, a search's verdicts). One value PostgreSQL
refuses (a NUL in a text, a TMDB id past int32 in a Plex guid, a seeders count past int32 in a feed) used to
fail the whole statement, so one odd item lost the others with it. Fitted first, each row goes in as well
as it can: an impossible number becomes unknown (NULL), a NUL is dropped, an over-long text is cut; a row
that cannot be stored without changing its identity (an over-long key, a number a NOT NULL column needs) is
left out, and the caller logs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import BigInteger, Column, Integer, SmallInteger, String, Table

_INT_RANGES: tuple[tuple[type, int], ...] = ((SmallInteger, 15), (BigInteger, 63), (Integer, 31))


class Unfit(ValueError):
    """The row cannot be stored as it is without changing what it identifies."""


def _int_bits(column: Column[Any]) -> int | None:
    for kind, bits in _INT_RANGES:  # BigInteger and SmallInteger are Integers: checked before it
        if isinstance(column.type, kind):
            return bits
    return None


def _identifies(column: Column[Any]) -> bool:
    return bool(column.primary_key or column.unique)


def _fit(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    bits = _int_bits(column)
    if bits is not None and isinstance(value, int) and not -(2**bits) <= value < 2**bits:
        if not column.nullable or _identifies(column):
            raise Unfit(f"{column.name}={value} does not fit the column")
        return None
    if isinstance(value, str):
        text = value.replace("\x00", "")
        length = getattr(column.type, "length", None) if isinstance(column.type, String) else None
        if length is not None and len(text) > length:
            if _identifies(column):
                raise Unfit(f"{column.name} is longer than {length} characters")
            text = text[:length]
        if text != value and _identifies(column):
            raise Unfit(f"{column.name} holds a NUL")
        return text
    return value


def fit_row(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """`row` with each value made to fit its column of `table`; Unfit when that would change its identity."""
    columns = table.columns
    return {name: _fit(columns[name], value) if name in columns else value for name, value in row.items()}
