"""Bulk rows into a PostgreSQL table through `COPY`, inside the session's own transaction.

asyncpg's `copy_records_to_table` streams the rows in COPY's binary format, several times faster
than multi-row INSERTs for thousands of rows. It runs on the raw driver connection the session's
transaction holds, so the rows commit or roll back with the rest of the unit of work; its errors
are turned into SQLAlchemy's own (a unique constraint's into IntegrityError, a value the column
cannot hold into DataError), so callers and the problem handlers treat both paths alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import asyncpg
from sqlalchemy import Table, text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession


async def copy_rows(session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """COPY `rows` (dicts keyed by column name, as for a Core INSERT) into `table`; columns the
    rows leave out take their defaults (an autoincremented id)."""
    if not rows:
        return
    connection = await session.connection()
    columns = [column for column in table.columns if column.name in rows[0]]
    # Each value as the column's type binds it (Decimal money as whole sen, JSON as text).
    bind: list[Callable[[Any], Any] | None] = [
        column.type.bind_processor(connection.dialect) for column in columns
    ]
    records = [
        tuple(
            value if process is None else process(value)
            for process, value in zip(bind, (row[column.name] for column in columns), strict=True)
        )
        for row in rows
    ]
    raw = await connection.get_raw_connection()
    driver: asyncpg.Connection = raw.driver_connection
    if not driver.is_in_transaction():
        # SQLAlchemy's asyncpg adapter begins the transaction at its first statement: begin it
        # now, or the COPY would commit on its own.
        await connection.execute(text("SELECT 1"))
    statement = f"COPY {table.name}"
    try:
        await driver.copy_records_to_table(
            table.name, records=records, columns=[column.name for column in columns]
        )
    except asyncpg.IntegrityConstraintViolationError as exc:
        raise IntegrityError(statement, None, exc) from exc
    except asyncpg.DataError as exc:
        raise DataError(statement, None, exc) from exc
    except asyncpg.PostgresError as exc:
        raise DBAPIError(statement, None, exc) from exc
