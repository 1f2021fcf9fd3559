"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Text
from sqlalchemy.types import TypeDecorator

from shared.kernel import jsonutil
from shared.kernel.money import SEN


class AwareDateTime(TypeDecorator[datetime]):
    """Timezone-aware instants, stored in UTC (SQLite keeps no offset, so we normalise ourselves)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: give an offset")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class SenAmount(TypeDecorator[Decimal]):
    """Money stored exactly as whole sen in a BIGINT; SUM() in SQL stays exact on both databases."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        amount = Decimal(value)
        if amount != amount.quantize(SEN):
            raise ValueError(f"{amount} has more than two decimals")
        return int(amount * 100)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(SEN)

    def coerce_compared_value(self, op: Any, value: Any) -> Any:
        return self


class JsonText(TypeDecorator[Any]):
    """A JSON document in a text column: written and read as Python values, never by hand.

    Text rather than a JSON type so SQLite and PostgreSQL store the same bytes (the stored
    answers of bank callbacks are replayed byte for byte as JSON), with the one encoding of
    `shared.kernel.jsonutil` (Decimals as strings).
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else jsonutil.dumps(value).decode()

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else jsonutil.loads(value)
