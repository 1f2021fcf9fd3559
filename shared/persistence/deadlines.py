"""Deadline breaches: each raised once, recorded beside its event in the check's own transaction.

A service's check (a use case) finds the records past a deadline that have no breach yet
(`not_yet_breached`, an anti-join on the breaches table's key), a batch at a time in key order,
records each breach with `DeadlineBreaches.record` and its event with `uow.record`, and commits.
The breach's key (kind, record, level) is the table's primary key: a second replica that found
the same breach fails its transaction on it, and its events go with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Table, exists, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

KEYS_PER_QUERY = 1000


@dataclass(frozen=True)
class Breach:
    """One deadline passed: which rule (`kind`, the event type), on which record, at which step."""

    kind: str
    record_key: str
    breached_on: date
    event_id: str
    level: int = 0


def not_yet_breached(
    table: Table,
    kind: str,
    record_key: ColumnElement[str] | InstrumentedAttribute[str],
    level: int = 0,
) -> ColumnElement[bool]:
    """`WHERE` clause: no breach of this kind and level recorded for the row (one primary-key probe)."""
    return ~exists(
        select(literal(1))
        .select_from(table)
        .where(
            table.c.kind == kind,
            table.c.record_key == record_key,
            table.c.level == level,
        )
    )


class DeadlineBreaches:
    """The breaches table, as a repository a service's unit of work binds (`uow.breaches`)."""

    def __init__(self, session: AsyncSession, table: Table) -> None:
        self._session = session
        self._table = table

    async def raised(self, kind: str, record_keys: Sequence[str]) -> set[tuple[str, int]]:
        """(record key, level) of the breaches of `kind` already raised for these records."""
        if not record_keys:
            return set()
        table = self._table
        found: set[tuple[str, int]] = set()
        # A few hundred records' keys per query: well inside both databases' parameter limits.
        for start in range(0, len(record_keys), KEYS_PER_QUERY):
            rows = await self._session.execute(
                select(table.c.record_key, table.c.level).where(
                    table.c.kind == kind,
                    table.c.record_key.in_(record_keys[start : start + KEYS_PER_QUERY]),
                )
            )
            found.update((key, level) for key, level in rows.all())
        return found

    async def record(self, breaches: Sequence[Breach], *, at: datetime) -> None:
        """One multi-row INSERT; a breach another replica recorded first fails the transaction."""
        if not breaches:
            return
        await self._session.execute(
            insert(self._table),
            [
                {
                    "kind": b.kind,
                    "record_key": b.record_key,
                    "level": b.level,
                    "breached_on": b.breached_on,
                    "raised_at": at,
                    "event_id": b.event_id,
                }
                for b in breaches
            ],
        )
