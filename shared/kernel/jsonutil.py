"""One JSON encoding for responses, events, stored responses and logs: Decimals as strings, dates
as ISO 8601, and every instant in Malaysia time (RFC 3339, `+08:00`, as CONTRACT.md says), whatever
offset it was computed or read from the database in (UTC), so no client sees `Z` or `+00:00`."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson

from shared.kernel.clock import in_malaysia_time


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        # A naive one is written as it is: nothing says which offset it meant.
        return in_malaysia_time(value) if value.tzinfo is not None else value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (UUID, Enum)):
        return str(value.value if isinstance(value, Enum) else value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


# orjson writes datetimes itself in their own offset; passed through, `_default` writes them.
_OPTIONS = orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATETIME


def dumps(value: Any) -> bytes:
    """Encode to compact UTF-8 JSON bytes (dates ISO 8601, instants RFC 3339 in Malaysia time)."""
    return orjson.dumps(value, default=_default, option=_OPTIONS)


def loads(data: bytes | str) -> Any:
    return orjson.loads(data)


__all__ = ["date", "datetime", "dumps", "loads"]
