"""Reading a record's history from the outbox: the events `record_events` says concern it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.kernel.events import Envelope
from shared.persistence.infra_tables import InfraTables


async def events_of(
    session: AsyncSession,
    tables: InfraTables,
    record_keys: Sequence[str],
    *,
    after_position: int | None,
    limit: int,
) -> list[tuple[int, Envelope]]:
    """Oldest first: `limit + 1` events after the outbox position, with their positions."""
    outbox, index = tables.outbox, tables.record_events
    # A semi-join: an event about two of the keys (a loan and its application) comes once.
    concerning = select(index.c.event_id).where(index.c.record_key.in_(list(record_keys)))
    query = (
        select(outbox.c.position, outbox.c.payload)
        .where(outbox.c.event_id.in_(concerning))
        .order_by(outbox.c.position)
        .limit(limit + 1)
    )
    if after_position is not None:
        query = query.where(outbox.c.position > after_position)
    rows = await session.execute(query)
    return [(int(position), Envelope.from_json(payload)) for position, payload in rows]
