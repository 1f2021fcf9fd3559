"""Dead letters (CONTRACT.md "Operations"): an event a consumer's handler failed on
`CONSUMER_MAX_DELIVERIES` times is parked here and terminated on the stream, so the events
behind it keep flowing instead of one bad event being redelivered forever. An operator lists
them and retries each once the cause is fixed: through the consumer's inbox, so an event that
meanwhile got handled (a replay) is only a duplicate.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import structlog
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.kernel.clock import Clock
from shared.kernel.errors import Conflict, NotFound
from shared.kernel.events import Envelope
from shared.kernel.i18n import msg
from shared.persistence.dead_letters import DeadLetter, DeadLetterStore
from shared.process.metrics import DEAD_LETTERS

log = structlog.get_logger(__name__)


def describe(error: BaseException) -> str:
    """What an operator reads of a failure: the exception's kind and message."""
    return f"{type(error).__name__}: {error}"


class DeadLetters:
    """One consumer's parked events."""

    def __init__(
        self,
        consumer: str,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        table: Table,
        clock: Clock,
    ) -> None:
        self.consumer = consumer
        self._sessionmaker = sessionmaker
        self.table = table
        self._clock = clock

    async def park(
        self,
        envelope: Envelope,
        payload: bytes,
        error: BaseException,
        *,
        attempts: int,
        stream_sequence: int | None,
    ) -> None:
        """Keep the event and why it failed, in a transaction of its own."""
        async with self._sessionmaker() as session, session.begin():
            await DeadLetterStore(session, self.table).park(
                DeadLetter(
                    consumer=self.consumer,
                    event_id=envelope.id,
                    event_type=envelope.type,
                    payload=payload,
                    last_error=describe(error),
                    attempts=attempts,
                    parked_at=self._clock.now(),
                    stream_sequence=stream_sequence,
                )
            )
        log.error(
            "consumer.event_parked",
            durable=self.consumer,
            event_id=envelope.id,
            event_type=envelope.type,
            attempts=attempts,
            error=describe(error),
        )
        await self.refresh_gauge()

    async def refresh_gauge(self) -> None:
        """`dead_letters{consumer}` as the table holds it (every replica sees the same count)."""
        async with self._sessionmaker() as session:
            count = await DeadLetterStore(session, self.table).count(self.consumer)
        DEAD_LETTERS.labels(self.consumer).set(count)

    async def page(self, after: tuple[datetime, str] | None, limit: int) -> list[DeadLetter]:
        async with self._sessionmaker() as session:
            return await DeadLetterStore(session, self.table).page(self.consumer, after, limit)

    async def retry(self, event_id: str, handle: Callable[[Envelope], Awaitable[str]]) -> str:
        """Run the handler again on a parked event: "handled" (or "duplicate") removes it; a
        failure keeps it with the new error and is a 409."""
        async with self._sessionmaker() as session:
            letter = await DeadLetterStore(session, self.table).get(self.consumer, event_id)
        if letter is None:
            raise NotFound(
                msg(
                    "No dead letter {event_id} for consumer {consumer}",
                    event_id=event_id,
                    consumer=self.consumer,
                )
            )
        try:
            outcome = await handle(Envelope.from_json(letter.payload))
        except Exception as exc:
            async with self._sessionmaker() as session, session.begin():
                await DeadLetterStore(session, self.table).failed_again(
                    self.consumer, event_id, describe(exc)
                )
            raise Conflict(
                f"The handler failed again: {describe(exc)}"[:500],
                extra={"event_id": event_id, "attempts": letter.attempts + 1},
            ) from exc
        # Handled and removed in two transactions: a crash between leaves the letter, and its
        # next retry finds the event in the inbox (a duplicate) and removes it then.
        async with self._sessionmaker() as session, session.begin():
            await DeadLetterStore(session, self.table).remove(self.consumer, event_id)
        await self.refresh_gauge()
        return outcome
