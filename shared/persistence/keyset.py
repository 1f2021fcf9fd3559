"""Keyset pages: a list read a page at a time from just after the last row given, so a page
costs the same however deep the walk, and a row added meanwhile is neither skipped nor repeated
(it sorts before the walk's position, or is met once further on)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

Row = TypeVar("Row")


def newest_first(
    statement: Select[Row],
    at: InstrumentedAttribute[datetime] | InstrumentedAttribute[date],
    row_id: InstrumentedAttribute[str],
    after: tuple[datetime | date, str] | None,
    limit: int,
) -> Select[Row]:
    """Newest first by `at`, ties by id: `limit + 1` rows (the extra says a next page exists)."""
    statement = statement.order_by(at.desc(), row_id.desc())
    if after is not None:
        when, last_id = after
        statement = statement.where(or_(at < when, and_(at == when, row_id < last_id)))
    return statement.limit(limit + 1)


def oldest_first(
    statement: Select[Row],
    at: InstrumentedAttribute[datetime] | InstrumentedAttribute[date],
    row_id: InstrumentedAttribute[str],
    after: tuple[datetime | date, str] | None,
    limit: int,
) -> Select[Row]:
    """Oldest first by `at`, ties by id: `limit` rows from just after `after` (a batch walk)."""
    statement = statement.order_by(at.asc(), row_id.asc())
    if after is not None:
        when, last_id = after
        statement = statement.where(or_(at > when, and_(at == when, row_id > last_id)))
    return statement.limit(limit)
