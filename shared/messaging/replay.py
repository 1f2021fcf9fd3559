"""Replaying a durable consumer's stream (CONTRACT.md "Operations"): its events from an instant or
from one event on, delivered again through the consumer's own handler and inbox, so what it had
already handled is counted as a duplicate and changes nothing, and what it missed is handled.

The replay reads through an ephemeral consumer of its own, filtered to the durable's subjects,
so the durable's position and pending events are untouched; it stops at the events that were in
the stream when it began (later ones reach the durable as usual).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import structlog
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from shared.kernel.errors import InvalidInput, ServiceUnavailable, Violation
from shared.kernel.events import Envelope
from shared.kernel.i18n import msg
from shared.messaging.consumer import DurableConsumer

log = structlog.get_logger(__name__)

FETCH_BATCH = 200
CONNECT_WAIT_SECONDS = 2.0
FETCH_TIMEOUT_SECONDS = 2.0
# An ephemeral consumer left behind by a crash is removed by the server after this long idle.
EPHEMERAL_IDLE_SECONDS = 30.0
# The relay publishes every event with this header set to the event's id (shared.messaging.relay).
MESSAGE_ID_HEADER = "Nats-Msg-Id"


@dataclass
class ReplayResult:
    consumer: str
    from_sequence: int | None = None
    replayed: int = 0
    handled: int = 0
    duplicates: int = 0
    failed: int = 0
    failed_event_ids: list[str] = field(default_factory=list)


async def replay_from_time(consumer: DurableConsumer, start: datetime) -> ReplayResult:
    """Every event stored at or after `start` (from the stream's first, when it began later)."""
    js = await _jetstream(consumer)
    config = _config(consumer, deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=start)
    return await _replay(consumer, js, config)


async def replay_from_event(consumer: DurableConsumer, event_id: str) -> ReplayResult:
    """That event and every one after it; 422 naming `event_id` if the stream does not hold it."""
    js = await _jetstream(consumer)
    sequence = await _sequence_of(consumer, js, event_id)
    if sequence is None:
        raise InvalidInput(
            msg(
                "Event {event_id} is not in the stream of consumer {consumer}",
                event_id=event_id,
                consumer=consumer.name,
            ),
            violations=[
                Violation(
                    field="event_id",
                    message=msg("not an event of this consumer's stream"),
                    code="unknown-event",
                )
            ],
        )
    config = _config(
        consumer, deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=sequence
    )
    return await _replay(consumer, js, config)


async def _jetstream(consumer: DurableConsumer) -> JetStreamContext:
    # A service just started may still be connecting; a NATS that is away is not waited on
    # beyond that: the operator is told to come back instead.
    try:
        js = await asyncio.wait_for(consumer.bus.jetstream(), timeout=CONNECT_WAIT_SECONDS)
    except TimeoutError:
        js = None
    if js is None or not consumer.bus.is_connected:
        raise ServiceUnavailable(msg("NATS is not connected; replay later"))
    return js


def _config(consumer: DurableConsumer, **start: object) -> ConsumerConfig:
    return ConsumerConfig(
        name=f"replay-{uuid.uuid4().hex[:12]}",
        ack_policy=AckPolicy.NONE,
        filter_subjects=list(consumer.spec.subjects),
        inactive_threshold=EPHEMERAL_IDLE_SECONDS,
        mem_storage=True,
        **start,  # type: ignore[arg-type]
    )


async def _replay(
    consumer: DurableConsumer, js: JetStreamContext, config: ConsumerConfig
) -> ReplayResult:
    result = ReplayResult(consumer=consumer.name)
    async with contextlib.aclosing(_messages(consumer, js, config)) as messages:
        async for message in messages:
            await _replay_one(consumer, message, result)
    log.info(
        "consumer.replayed",
        durable=consumer.spec.durable,
        replayed=result.replayed,
        handled=result.handled,
        duplicates=result.duplicates,
        failed=result.failed,
    )
    return result


async def _replay_one(consumer: DurableConsumer, message: Msg, result: ReplayResult) -> None:
    sequence = message.metadata.sequence.stream
    if result.from_sequence is None:
        result.from_sequence = sequence
    try:
        envelope = Envelope.from_json(message.data)
    except (ValueError, KeyError, TypeError):
        return  # never an event: the consumer terminated it too
    result.replayed += 1
    try:
        outcome = await consumer.handle(envelope, stream_sequence=sequence)
    except Exception as exc:
        # Parked, as the durable would have: the operator sees it and can retry it.
        await consumer.dead_letters.park(
            envelope, message.data, exc, attempts=1, stream_sequence=sequence
        )
        result.failed += 1
        result.failed_event_ids.append(envelope.id)
        return
    if outcome == "duplicate":
        result.duplicates += 1
    else:
        result.handled += 1


async def _messages(
    consumer: DurableConsumer, js: JetStreamContext, config: ConsumerConfig
) -> AsyncGenerator[Msg, None]:
    """The messages an ephemeral consumer has pending when it is made, in stream order."""
    stream = consumer.spec.stream
    try:
        info = await js.add_consumer(stream, config=config)
    except NotFoundError:
        return  # the stream's owner has not made it yet: nothing to replay
    assert config.name is not None
    try:
        subscription = await js.pull_subscribe_bind(consumer=config.name, stream=stream)
        try:
            remaining = info.num_pending or 0
            while remaining > 0:
                try:
                    batch: Sequence[Msg] = await subscription.fetch(
                        min(FETCH_BATCH, remaining), timeout=FETCH_TIMEOUT_SECONDS
                    )
                except (TimeoutError, NatsTimeoutError):
                    return  # what was pending went meanwhile (the stream's limits)
                for message in batch:
                    remaining -= 1
                    yield message
        finally:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()
    finally:
        with contextlib.suppress(Exception):
            await js.delete_consumer(stream, config.name)


async def _sequence_of(
    consumer: DurableConsumer, js: JetStreamContext, event_id: str
) -> int | None:
    """Where the event sits in the stream: as the consumer's inbox (or dead letters) noted it
    when it met the event, checked against the stream; else found by reading the stream's
    headers alone (JetStream keeps no index by message id)."""
    noted = await consumer.sequence_of(event_id)
    if noted is not None and await _holds(js, consumer.spec.stream, noted, event_id):
        return noted
    scan = _config(consumer, deliver_policy=DeliverPolicy.ALL, headers_only=True)
    async with contextlib.aclosing(_messages(consumer, js, scan)) as messages:
        async for message in messages:
            if (message.headers or {}).get(MESSAGE_ID_HEADER) == event_id:
                return message.metadata.sequence.stream
    return None


async def _holds(js: JetStreamContext, stream: str, sequence: int, event_id: str) -> bool:
    """The stream still holds that event at that sequence (a stream made anew renumbers)."""
    try:
        stored = await js.get_msg(stream, sequence)
    except Exception:
        return False
    return (stored.headers or {}).get(MESSAGE_ID_HEADER) == event_id
