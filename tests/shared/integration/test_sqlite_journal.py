"""SQLite's WAL mode is set where nothing can race for it.

Switching a file to WAL needs the whole file; while another connection holds a write lock SQLite
answers "database is locked" at once, without the busy timeout. A service's pools open several
connections together beside its writer, so a switch on connect failed a request now and then (a
CI run failed so). The switch is made when the database is migrated; a connection that finds it
undone tries and, refused, goes on in the file's mode rather than failing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from sqlalchemy import text

from shared.persistence.db import create_engine, create_read_sessionmaker
from tests.support.services import migrate


def _journal_mode(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower()


async def test_a_migrated_database_is_in_wal_before_any_service_connects(tmp_path: Path) -> None:
    path = tmp_path / "appeals.db"
    await migrate("appeals", f"sqlite+aiosqlite:///{path}")
    assert _journal_mode(path) == "wal"


async def test_a_connection_made_while_another_writes_does_not_fail_on_the_switch(
    tmp_path: Path,
) -> None:
    path = tmp_path / "busy.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (x INTEGER)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    engine = create_engine(f"sqlite+aiosqlite:///{path}", for_reads=True)
    reads = create_read_sessionmaker(engine)
    try:
        async with reads() as session:
            assert (await session.execute(text("SELECT count(*) FROM t"))).scalar() == 0
        writer.execute("COMMIT")
        await engine.dispose()
        async with reads() as session:
            assert (await session.execute(text("SELECT count(*) FROM t"))).scalar() == 1
        assert _journal_mode(path) == "wal", "the next connection, unhindered, makes the switch"
    finally:
        writer.close()
        await engine.dispose()
