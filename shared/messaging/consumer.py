"""Durable JetStream consumers that handle each event once, whatever is redelivered.

The handler runs inside a transaction that also records the event id in the inbox table; a
redelivered event finds its id there and is acknowledged without running the handler again.
Replicas binding the same durable name share the work (a pull consumer is a queue). An event
the handler fails on `max_deliveries` times is parked as a dead letter (shared.messaging.
dead_letters) and terminated, so it never holds up the events behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import structlog
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.kernel.clock import Clock
from shared.kernel.events import Envelope
from shared.messaging.background import stop_task
from shared.messaging.bus import EventBus
from shared.messaging.dead_letters import DeadLetters
from shared.persistence.infra_tables import InfraTables
from shared.process.metrics import EVENTS_HANDLED

log = structlog.get_logger(__name__)

EventHandler = Callable[[AsyncSession, Envelope], Awaitable[None]]


@dataclass(frozen=True)
class ConsumerSpec:
    """What to consume: `durable` names the consumer on the server and in the inbox table."""

    durable: str
    stream: str
    subjects: Sequence[str]
    handler: EventHandler
    # The server's own bound on deliveries: unbounded, as the consumer parks an event itself
    # after `max_deliveries` (the server would stop delivering it silently, nowhere to be seen).
    max_deliver: int = -1
    ack_wait_seconds: float = 30.0


class DurableConsumer:
    def __init__(
        self,
        spec: ConsumerSpec,
        *,
        bus: EventBus,
        sessionmaker: async_sessionmaker[AsyncSession],
        tables: InfraTables,
        clock: Clock,
        batch: int = 50,
        on_commit: Callable[[], None] | None = None,
        max_deliveries: int = 5,
        history_seconds: float | None = None,
        name: str | None = None,
    ) -> None:
        self.spec = spec
        # The name the service declares it by (the durable without CONSUMER_PREFIX).
        self.name = name or spec.durable
        self.bus = bus
        self.max_deliveries = max_deliveries
        self.history_seconds = history_seconds
        self.dead_letters = DeadLetters(
            spec.durable, sessionmaker=sessionmaker, table=tables.dead_letters, clock=clock
        )
        self._bus = bus
        self._sessionmaker = sessionmaker
        self._inbox = tables.inbox
        self._clock = clock
        self._batch = batch
        self._on_commit = on_commit
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._stop_requested = asyncio.Event()

    def start(self) -> None:
        """Start pulling (again, after `stop`: from where the durable's acknowledgements left it)."""
        self._stopping = False
        self._stop_requested = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.spec.durable}")

    async def stop(self) -> None:
        """Finish the message in hand and stop; cancel only if that takes longer than a few seconds.

        Cancelling in the middle of a handler's database round trip can leave a driver waiting on a
        connection forever, so the loop is asked to stop between messages first.
        """
        self._stopping = True
        self._stop_requested.set()
        await stop_task(self._task)

    async def _subscribe(self) -> object:
        js = await self._bus.jetstream()
        spec = self.spec
        # Where a new durable starts: the stream's first event, or `history_seconds` back (the
        # server's wall clock, not the business one: it is about when events were stored).
        start = (
            None
            if self.history_seconds is None
            else datetime.now(UTC) - timedelta(seconds=self.history_seconds)
        )
        config = ConsumerConfig(
            durable_name=spec.durable,
            deliver_policy=DeliverPolicy.ALL if start is None else DeliverPolicy.BY_START_TIME,
            opt_start_time=start,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=spec.ack_wait_seconds,
            max_deliver=spec.max_deliver,
            filter_subjects=list(spec.subjects),
        )
        try:
            info = await js.consumer_info(spec.stream, spec.durable)
        except NotFoundError:
            await js.add_consumer(spec.stream, config=config)
        else:
            bound = info.config.max_deliver or -1
            if 0 < bound < self.max_deliveries:
                # Made before events were parked: the server would give up on an event first.
                # Where it starts cannot change once made; only the bound is raised.
                raised = replace(
                    config,
                    deliver_policy=info.config.deliver_policy,
                    opt_start_time=info.config.opt_start_time,
                )
                try:
                    await js.add_consumer(spec.stream, config=raised)
                except Exception as exc:
                    log.warning("consumer.bound_not_raised", durable=spec.durable, error=str(exc))
        with contextlib.suppress(Exception):
            await self.dead_letters.refresh_gauge()
        return await js.pull_subscribe_bind(spec.durable, stream=spec.stream)

    async def _run(self) -> None:
        delay = 0.2
        while not self._stopping:
            try:
                subscription = await self._subscribe()
                delay = 0.2
                try:
                    await self._pull_forever(subscription)
                finally:
                    # Left subscribed, the connection's drain at shutdown waits out its timeout.
                    with contextlib.suppress(Exception):
                        await subscription.unsubscribe()  # type: ignore[attr-defined]
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # The stream may not exist yet (its owner has not started) or NATS is away.
                log.warning("consumer.unavailable", durable=self.spec.durable, error=str(exc))
                # Waits out the backoff, unless asked to stop: a stop never waits for a retry.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop_requested.wait(), timeout=delay)
                delay = min(delay * 2, 5.0)

    async def _pull_forever(self, subscription: object) -> None:
        fetch = subscription.fetch  # type: ignore[attr-defined]
        while not self._stopping:
            try:
                messages: list[Msg] = await fetch(self._batch, timeout=1.0)
            except (TimeoutError, NatsTimeoutError):
                continue
            await self._handle_batch(messages)

    async def _handle_batch(self, messages: list[Msg]) -> None:
        """Everything fetched together is handled in one transaction, then acknowledged.

        One transaction per event made a consumer slower than the service feeding it (dialysis
        fell 13 s behind 600 bank payments a second). If anything in the batch fails, the batch
        rolls back whole and each event is handled on its own, so only the failing one is retried.
        """
        readable: list[tuple[Msg, Envelope]] = []
        for message in messages:
            envelope = await self._read(message)
            if envelope is not None:
                readable.append((message, envelope))
        if len(readable) > 1 and not self._stopping:
            try:
                outcomes = await self.handle_together(
                    [e for _, e in readable],
                    stream_sequences=[m.metadata.sequence.stream for m, _ in readable],
                )
            except Exception as exc:
                log.info(
                    "consumer.batch_retried_one_by_one", durable=self.spec.durable, error=str(exc)
                )
            else:
                for (message, _), outcome in zip(readable, outcomes, strict=True):
                    EVENTS_HANDLED.labels(self.spec.durable, outcome).inc()
                    await message.ack()
                return
        for message, envelope in readable:
            if self._stopping:
                return
            await self._handle_message(message, envelope)

    async def _read(self, message: Msg) -> Envelope | None:
        try:
            return Envelope.from_json(message.data)
        except (ValueError, KeyError, TypeError) as exc:
            log.error("consumer.poison_message", durable=self.spec.durable, error=str(exc))
            EVENTS_HANDLED.labels(self.spec.durable, "poison").inc()
            await message.term()
            return None

    async def _handle_message(self, message: Msg, envelope: Envelope) -> None:
        sequence = message.metadata.sequence.stream
        try:
            outcome = await self.handle(envelope, stream_sequence=sequence)
        except Exception as exc:
            log.exception(
                "consumer.handler_failed", durable=self.spec.durable, event_id=envelope.id
            )
            EVENTS_HANDLED.labels(self.spec.durable, "failed").inc()
            await self._retry_or_park(message, envelope, exc)
            return
        EVENTS_HANDLED.labels(self.spec.durable, outcome).inc()
        await message.ack()

    async def _retry_or_park(self, message: Msg, envelope: Envelope, error: Exception) -> None:
        delivered = message.metadata.num_delivered or 1
        if delivered < self.max_deliveries:
            await message.nak(delay=1.0)
            return
        try:
            await self.dead_letters.park(
                envelope,
                message.data,
                error,
                attempts=delivered,
                stream_sequence=message.metadata.sequence.stream,
            )
        except Exception:
            # Not parked (the database is away): delivered again later, parked then.
            log.exception("consumer.park_failed", durable=self.spec.durable, event_id=envelope.id)
            await message.nak(delay=1.0)
            return
        EVENTS_HANDLED.labels(self.spec.durable, "parked").inc()
        await message.term()

    async def handle_together(
        self,
        envelopes: Sequence[Envelope],
        *,
        stream_sequences: Sequence[int | None] | None = None,
    ) -> list[str]:
        """Handle events in order in one transaction; "handled" or "duplicate" for each.

        The inbox rows go in first, so a replica handling the same event at the same time
        collides on them before any handler runs, and this transaction rolls back.
        """
        inbox = self._inbox
        async with self._sessionmaker() as session, session.begin():
            seen = set(
                (
                    await session.scalars(
                        select(inbox.c.event_id).where(
                            inbox.c.consumer == self.spec.durable,
                            inbox.c.event_id.in_([e.id for e in envelopes]),
                        )
                    )
                ).all()
            )
            outcomes: list[str] = []
            fresh: list[Envelope] = []
            sequences = dict(
                zip(
                    [e.id for e in envelopes],
                    stream_sequences or [None] * len(envelopes),
                    strict=True,
                )
            )
            for envelope in envelopes:
                if envelope.id in seen:
                    outcomes.append("duplicate")
                    continue
                seen.add(envelope.id)
                fresh.append(envelope)
                outcomes.append("handled")
            if fresh:
                await session.execute(
                    insert(inbox),
                    [
                        {
                            "consumer": self.spec.durable,
                            "event_id": e.id,
                            "event_type": e.type,
                            "handled_at": self._clock.now(),
                            "stream_sequence": sequences[e.id],
                        }
                        for e in fresh
                    ],
                )
            for envelope in fresh:
                await self.spec.handler(session, envelope)
                # Flushed after each, so the next handler in the batch sees what this one wrote.
                await session.flush()
        if fresh and self._on_commit is not None:
            self._on_commit()
        return outcomes

    async def sequence_of(self, event_id: str) -> int | None:
        """The stream sequence this consumer noted for an event it handled or parked, if any."""
        inbox = self._inbox
        letters = self.dead_letters.table
        async with self._sessionmaker() as session:
            noted = await session.scalar(
                select(inbox.c.stream_sequence).where(
                    inbox.c.consumer == self.spec.durable, inbox.c.event_id == event_id
                )
            )
            if noted is None:
                noted = await session.scalar(
                    select(letters.c.stream_sequence).where(
                        letters.c.consumer == self.spec.durable, letters.c.event_id == event_id
                    )
                )
        return int(noted) if noted is not None else None

    async def handle(self, envelope: Envelope, *, stream_sequence: int | None = None) -> str:
        """Run the handler once per event id; returns "handled" or "duplicate"."""
        try:
            [outcome] = await self.handle_together([envelope], stream_sequences=[stream_sequence])
        except IntegrityError:
            # Another replica handled the same event concurrently; its transaction won.
            return "duplicate"
        return outcome
