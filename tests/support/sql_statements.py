"""Counting the SQL statements an engine runs, to show a path asks per chunk, never per line."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@contextlib.contextmanager
def statements_run(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every statement the engine (its read sessions too) runs inside the block, as sent: a
    multi-row INSERT batch counts once. Background work (the outbox relay) is counted as well,
    so callers leave out what is not theirs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


def own_queries(seen: list[str]) -> list[str]:
    """What a request or a handler asked, without the outbox relay polling beside it on the same
    engine: its queries name the outbox, and the BEGIN that opens its transaction (a statement on
    SQLite, where a poll landing inside the block added one) names nothing, so transaction control
    is left out for everyone."""
    return [s for s in seen if "outbox" not in s and s.strip().upper() not in _CONTROL]


_CONTROL = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"}
