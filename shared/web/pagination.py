"""Cursor pagination (CONTRACT.md "Lists, search and time"): `?limit=` (default 50, at most 500)
and `?cursor=` -> `{"items": [...], "next_cursor": "<opaque>" | null}`.

A cursor is the sort key of the last item given, so a page is a keyset query (fast however deep
the walk goes) and an item added meanwhile is neither skipped nor given twice.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.errors import InvalidInput, Violation
from shared.kernel.i18n import msg

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page, 1 to {MAX_LIMIT}")]
Cursor = Annotated[
    str | None, Query(max_length=500, description="`next_cursor` of the previous page")
]

T = TypeVar("T")
R = TypeVar("R")
P = TypeVar("P")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(key: Sequence[str]) -> str:
    """The opaque form of a sort key (a few strings)."""
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, parts: int) -> list[str] | None:
    """The sort key a cursor carries, or 422 naming `cursor` when it is not one of ours."""
    if cursor is None:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    if not (isinstance(key, list) and len(key) == parts and all(isinstance(k, str) for k in key)):
        raise not_our_cursor()
    return key


def not_our_cursor() -> InvalidInput:
    return InvalidInput(
        msg("The cursor is not one this list gave"),
        violations=[Violation(field="cursor", message=msg("not a cursor this list gave"))],
    )


def page_of(items: list[T], limit: int, key: Sequence[str] | None) -> Page[T]:
    """A page from `limit + 1` rows fetched: the extra one only says another page exists."""
    more = len(items) > limit
    return Page[T](items=items[:limit], next_cursor=encode_cursor(key) if more and key else None)


def page_after(
    items: list[T], rows: Sequence[R], limit: int, key: Callable[[R], Sequence[str]]
) -> Page[T]:
    """A page whose cursor is the sort key of the last row it shows (`rows` align with
    `items`, `limit + 1` of them at most)."""
    last = rows[min(len(rows), limit) - 1] if rows else None
    return page_of(items, limit, key(last) if last is not None else None)


def _parsed(cursor: str | None, parse: Callable[[str], P]) -> tuple[P, str] | None:
    key = decode_cursor(cursor, parts=2)
    if key is None:
        return None
    try:
        return parse(key[0]), key[1]
    except ValueError as exc:
        raise not_our_cursor() from exc


def after_instant(cursor: str | None) -> tuple[datetime, str] | None:
    """The (instant, id) a list's cursor carries, or 422 naming `cursor`."""
    return _parsed(cursor, datetime.fromisoformat)


def page_newest(
    items: list[T], rows: Sequence[Any], limit: int, *, at: str, row_id: str = "id"
) -> Page[T]:
    """A page of a newest-first list, its cursor the last row's (`at`, `row_id`) attributes."""
    return page_after(
        items, rows, limit, lambda row: (getattr(row, at).isoformat(), str(getattr(row, row_id)))
    )


def malaysian_days(first: date | None, last: date | None) -> tuple[datetime, datetime] | None:
    """A filter's days, first to last inclusive, as instants [start, end) in Malaysia time;
    a range that ends before it starts is 422 naming `to`."""
    if first is None and last is None:
        return None
    low = datetime.combine(first or date(1900, 1, 1), time.min, tzinfo=MALAYSIA_TIME)
    high = datetime.combine(
        (last or date(2100, 12, 31)) + timedelta(days=1), time.min, tzinfo=MALAYSIA_TIME
    )
    if high <= low:
        raise InvalidInput(
            msg("The range ends before it begins"),
            violations=[Violation(field="to", message=msg("on or after `from`"))],
        )
    return low, high


def after_day(cursor: str | None) -> tuple[date, str] | None:
    """The (day, id) a newest-first list by day carries in its cursor, or 422 naming `cursor`."""
    return _parsed(cursor, date.fromisoformat)
