"""SQLite through aiosqlite with one thread hop per statement.

aiosqlite runs each SQLite connection in its own thread and every call is a hop to it and back.
SQLAlchemy's adapter makes four per statement: open a cursor, execute, fetch the rows, close the
cursor; with BEGIN and ROLLBACK a one-query read made nine, and a hop under load costs as much as
the query. This cursor does the four in one call on the connection's thread, so SQLAlchemy's own
adapter (transactions, errors, server-side cursors) is used unchanged around it.

It reaches into private names of aiosqlite (`Connection._execute`, `Connection._conn`) and of
SQLAlchemy's adapter (`_make_new_cursor`, `_aenter_cursor`); `one_hop_dbapi()` checks for them and
answers None when any is gone, and the engine then uses the stock adapter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)

Outcome = TypeVar("Outcome")


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
        def run(cursor: sqlite3.Cursor) -> tuple[Any, list[Any]]:
            cursor.execute(operation, parameters)
            description = cursor.description
            return description, cursor.fetchall() if description else []

        self.description, self._rows = await self._on_thread(run)

    async def executemany(self, operation: str, seq_of_parameters: Any) -> None:
        def run(cursor: sqlite3.Cursor) -> tuple[None, list[Any]]:
            cursor.executemany(operation, seq_of_parameters)
            return None, []

        self.description, self._rows = await self._on_thread(run)

    async def _on_thread(self, work: Callable[[sqlite3.Cursor], Outcome]) -> Outcome:
        """`work` on a fresh cursor, counts read and cursor closed: one call on the thread."""
        raw: sqlite3.Connection = self._connection._conn

        def run() -> tuple[Outcome, int, int | None]:
            cursor = raw.cursor()
            try:
                return work(cursor), cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        outcome, self.rowcount, self.lastrowid = await self._connection._execute(run)  # type: ignore[no-untyped-call]
        return cast(Outcome, outcome)

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
    private_names = (
        (aiosqlite.Connection, "_execute"),
        (aiosqlite.Connection, "_conn"),
        (AsyncAdapt_aiosqlite_cursor, "_make_new_cursor"),
        (AsyncAdapt_aiosqlite_cursor, "_aenter_cursor"),
    )
    if not all(hasattr(owner, name) for owner, name in private_names):
        return None
    return _OneHopDbapi(aiosqlite, sqlite3)
