"""An INSERT that leaves an existing row alone, on either database (ON CONFLICT DO NOTHING)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_if_absent(session: AsyncSession, table: Table, values: Mapping[str, Any]) -> None:
    """Insert the row unless one with the same key exists: two transactions doing it at once both
    go on (one inserts, the other finds it), where a plain INSERT would fail the second."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    await session.execute(dialect.insert(table).values(dict(values)).on_conflict_do_nothing())
