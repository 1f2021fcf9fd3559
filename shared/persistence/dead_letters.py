"""The dead-letters table's queries (shared.messaging.dead_letters decides; this only stores)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, and_, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

# An error is kept short: enough to see what failed, never a whole traceback in a row.
ERROR_LENGTH = 2000


@dataclass(frozen=True)
class DeadLetter:
    consumer: str
    event_id: str
    event_type: str
    payload: bytes
    last_error: str
    attempts: int
    parked_at: datetime
    stream_sequence: int | None = None


class DeadLetterStore:
    def __init__(self, session: AsyncSession, table: Table) -> None:
        self._session = session
        self._table = table

    async def park(self, letter: DeadLetter) -> None:
        """Keep the event; parked again (a replay that failed too), its attempts add up."""
        t = self._table
        found = await self.get(letter.consumer, letter.event_id)
        values = {**letter.__dict__, "last_error": letter.last_error[:ERROR_LENGTH]}
        if found is None:
            await self._session.execute(insert(t).values(**values))
            return
        await self._session.execute(
            update(t)
            .where(t.c.consumer == letter.consumer, t.c.event_id == letter.event_id)
            .values(
                last_error=values["last_error"],
                attempts=found.attempts + letter.attempts,
                parked_at=letter.parked_at,
            )
        )

    async def get(self, consumer: str, event_id: str) -> DeadLetter | None:
        t = self._table
        row = (
            await self._session.execute(
                select(t).where(t.c.consumer == consumer, t.c.event_id == event_id)
            )
        ).first()
        return DeadLetter(**row._mapping) if row else None

    async def failed_again(self, consumer: str, event_id: str, error: str) -> None:
        t = self._table
        await self._session.execute(
            update(t)
            .where(t.c.consumer == consumer, t.c.event_id == event_id)
            .values(last_error=error[:ERROR_LENGTH], attempts=t.c.attempts + 1)
        )

    async def remove(self, consumer: str, event_id: str) -> None:
        t = self._table
        await self._session.execute(
            delete(t).where(t.c.consumer == consumer, t.c.event_id == event_id)
        )

    async def page(
        self, consumer: str, after: tuple[datetime, str] | None, limit: int
    ) -> list[DeadLetter]:
        """Oldest first, `limit + 1` rows (the extra one says another page exists)."""
        t = self._table
        query = select(t).where(t.c.consumer == consumer)
        if after is not None:
            at, event_id = after
            query = query.where(
                or_(t.c.parked_at > at, and_(t.c.parked_at == at, t.c.event_id > event_id))
            )
        rows = await self._session.execute(
            query.order_by(t.c.parked_at, t.c.event_id).limit(limit + 1)
        )
        return [DeadLetter(**row._mapping) for row in rows]

    async def count(self, consumer: str) -> int:
        t = self._table
        return int(
            await self._session.scalar(
                select(func.count()).select_from(t).where(t.c.consumer == consumer)
            )
            or 0
        )
