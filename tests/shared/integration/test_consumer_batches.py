"""A durable consumer handles what it fetches together in one transaction, and still each event once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import nats
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from shared.kernel.clock import SystemClock
from shared.kernel.events import Envelope
from shared.messaging.bus import EventBus
from shared.messaging.consumer import ConsumerSpec, DurableConsumer
from shared.persistence.db import create_engine, create_sessionmaker, new_metadata
from shared.persistence.infra_tables import define_infra_tables
from tests.support.databases import DatabaseFactory

metadata: MetaData = new_metadata()
INFRA = define_infra_tables(metadata)
tally = Table(
    "tally", metadata, Column("key", String(20), primary_key=True), Column("count", Integer)
)


@dataclass
class Run:
    """What the handler saw: the sessions it ran in, and the events it must refuse for now."""

    sessions: list[int]
    refusing: set[str]

    async def handler(self, session: AsyncSession, envelope: Envelope) -> None:
        self.sessions.append(id(session))
        if envelope.id in self.refusing:
            raise RuntimeError("not yet")
        key = envelope.data["key"]
        # Reads what an earlier event of the same batch wrote: the consumer flushes between them.
        count = await session.scalar(select(tally.c.count).where(tally.c.key == key))
        if count is None:
            await session.execute(tally.insert().values(key=key, count=1))
        else:
            await session.execute(update(tally).where(tally.c.key == key).values(count=count + 1))


@pytest.fixture
async def sessionmaker(
    databases: DatabaseFactory,
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = await databases.create("batches")
    setup = create_async_engine(url)
    async with setup.begin() as connection:
        await connection.run_sync(metadata.create_all)
    await setup.dispose()
    engine = create_engine(url)
    yield create_sessionmaker(engine)
    await engine.dispose()


def envelope(key: str) -> Envelope:
    return Envelope(
        type="batchtest.counted",
        source="batchtest",
        subject=key,
        occurred_at=SystemClock().now(),
        actor="test",
        correlation_id="test",
        data={"key": key},
    )


async def counts(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with sessionmaker() as session:
        return {row.key: row.count for row in await session.execute(select(tally))}


async def test_a_fetched_batch_shares_a_transaction_yet_counts_each_event_once(
    sessionmaker: async_sessionmaker[AsyncSession], nats_url: str
) -> None:
    stream = f"BATCH{uuid.uuid4().hex[:6].upper()}"
    subject = f"{stream.lower()}.counted"
    events = [envelope("a"), envelope("b"), envelope("a"), envelope("a"), envelope("c")]
    refused = events[1]
    connection = await nats.connect(nats_url)
    js = connection.jetstream()
    await js.add_stream(name=stream, subjects=[f"{stream.lower()}.>"])
    for event in events:
        await js.publish(subject, event.to_json(), headers={"Nats-Msg-Id": event.id})
    # The same event once more under another message id: the inbox, not JetStream, must catch it.
    await js.publish(subject, events[0].to_json(), headers={"Nats-Msg-Id": "again"})
    run = Run(sessions=[], refusing={refused.id})
    bus = EventBus(nats_url, name="batchtest")
    bus.start()
    consumer = DurableConsumer(
        ConsumerSpec(
            durable=f"batchtest-{stream.lower()}",
            stream=stream,
            subjects=[subject],
            handler=run.handler,
            ack_wait_seconds=2.0,
        ),
        bus=bus,
        sessionmaker=sessionmaker,
        tables=INFRA,
        clock=SystemClock(),
    )
    consumer.start()
    try:
        await _until(lambda: counts(sessionmaker), {"a": 3, "c": 1})
        assert len(set(run.sessions[:6])) < 6, "the fetched events never shared a transaction"
        run.refusing.clear()
        await _until(lambda: counts(sessionmaker), {"a": 3, "b": 1, "c": 1})
        await asyncio.sleep(0.5)
        assert await counts(sessionmaker) == {"a": 3, "b": 1, "c": 1}
    finally:
        await consumer.stop()
        await bus.close()
        await js.delete_stream(stream)
        await connection.close()


async def _until(read, expected: dict[str, int], timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    seen: dict[str, int] = {}
    while asyncio.get_running_loop().time() < deadline:
        seen = await read()
        if seen == expected:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"expected {expected}, saw {seen}")
