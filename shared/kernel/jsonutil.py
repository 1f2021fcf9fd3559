"""One JSON encoding for events, stored responses and logs: Decimals as strings, dates as ISO 8601."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (UUID, Enum)):
        return str(value.value if isinstance(value, Enum) else value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def dumps(value: Any) -> bytes:
    """Encode to compact UTF-8 JSON bytes (datetimes and dates natively, RFC 3339)."""
    return orjson.dumps(value, default=_default, option=orjson.OPT_PASSTHROUGH_SUBCLASS)


def loads(data: bytes | str) -> Any:
    return orjson.loads(data)


__all__ = ["date", "datetime", "dumps", "loads"]
