"""SQLite through aiosqlite with one thread hop per statement.

aiosqlite runs each SQLite connection in its own thread and every call is a hop to it and back.
SQLAlchemy's adapter makes four per statement: open a cursor, execute, fetch the rows, close the
cursor; with BEGIN and ROLLBACK a one-query read made nine, and a hop under load costs as much as
the query. This cursor does the four in one call on the connection's thread, so SQLAlchemy's own
adapter (transactions, errors, server-side cursors) is used unchanged around it.

It reaches into two private names of aiosqlite (`Connection._execute`, `Connection._conn`);
`one_hop_dbapi()` checks for them and answers None when they are gone, and the engine then uses
the stock adapter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)


class _Statement:
    """An aiosqlite-cursor look-alike whose execute also fetches the rows and closes the cursor,
    all on the connection's thread."""

    arraysize = 1

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self.description: Sequence[Any] | None = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []

    async def execute(self, operation: str, parameters: Any = ()) -> None:
        raw: sqlite3.Connection = self._connection._conn

        def run() -> tuple[Any, list[Any], int, int | None]:
            cursor = raw.cursor()
            try:
                cursor.execute(operation, parameters)
                description = cursor.description
                rows = cursor.fetchall() if description else []
                return description, rows, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        outcome = await self._connection._execute(run)  # type: ignore[no-untyped-call]
        self.description, self._rows, self.rowcount, self.lastrowid = outcome

    async def executemany(self, operation: str, seq_of_parameters: Any) -> None:
        raw: sqlite3.Connection = self._connection._conn

        def run() -> tuple[int, int | None]:
            cursor = raw.cursor()
            try:
                cursor.executemany(operation, seq_of_parameters)
                return cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        self.description, self._rows = None, []
        self.rowcount, self.lastrowid = await self._connection._execute(run)  # type: ignore[no-untyped-call]

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def close(self) -> None:
        self._rows = []


class _OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def _make_new_cursor(self, connection: Any) -> Any:
        return _Statement(connection)

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor


class _OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = _OneHopCursor


class _OneHopDbapi(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        stock = super().connect(*arg, **kw)
        return _OneHopConnection(self, stock._connection)


def one_hop_dbapi() -> AsyncAdapt_aiosqlite_dbapi | None:
    """The DBAPI module for `create_async_engine(..., module=...)`, or None to use the stock one."""
    if not (hasattr(aiosqlite.Connection, "_execute") and hasattr(_OneHopCursor, "_aenter_cursor")):
        return None
    return _OneHopDbapi(aiosqlite, sqlite3)
