"""Operations on a durable consumer through real NATS (CONTRACT.md "Operations"): an event that
keeps failing is parked and the stream flows on; an operator lists and retries it; a replay
from an instant or an event counts what was handled already as duplicates and changes nothing."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import nats
import pytest
from nats.js import JetStreamContext
from sqlalchemy import Column, Integer, MetaData, String, Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from shared.kernel.clock import SystemClock
from shared.kernel.events import Envelope
from shared.messaging.consumer import ConsumerSpec
from shared.persistence.db import new_metadata
from shared.persistence.infra_tables import define_infra_tables
from shared.process.settings import ServiceSettings
from shared.web.app import StreamSpec, create_service_app
from shared.web.runtime import ServiceRuntime
from tests.support import auth
from tests.support.databases import DatabaseFactory

metadata: MetaData = new_metadata()
INFRA = define_infra_tables(metadata)
tally = Table(
    "tally", metadata, Column("key", String(20), primary_key=True), Column("count", Integer)
)
MAX_DELIVERIES = 3
BASE = "/v1/optest/consumers"


@dataclass
class Handler:
    """Counts each event's key; refuses the keys in `refusing` until they are taken out."""

    refusing: set[str] = field(default_factory=set)

    async def __call__(self, session: AsyncSession, envelope: Envelope) -> None:
        key = envelope.data["key"]
        if key in self.refusing:
            raise RuntimeError(f"cannot count {key} yet")
        count = await session.scalar(select(tally.c.count).where(tally.c.key == key))
        if count is None:
            await session.execute(tally.insert().values(key=key, count=1))
        else:
            await session.execute(update(tally).where(tally.c.key == key).values(count=count + 1))


@dataclass
class Harness:
    client: httpx.AsyncClient
    runtime: ServiceRuntime
    js: JetStreamContext
    subject: str
    handler: Handler

    async def publish(self, key: str) -> Envelope:
        """As the relay publishes: the envelope, with its id as `Nats-Msg-Id`."""
        event = Envelope(
            type=self.subject,
            source="optest",
            subject=key,
            occurred_at=SystemClock().now(),
            actor="test",
            correlation_id="test",
            data={"key": key},
        )
        await self.js.publish(self.subject, event.to_json(), headers={"Nats-Msg-Id": event.id})
        return event

    async def counts(self) -> dict[str, int]:
        # On the read engine, as every read of a running service (a read on the writers' engine
        # met "database is locked" on SQLite while the consumer wrote).
        async with self.runtime.read_sessionmaker() as session:
            return {row.key: row.count for row in await session.execute(select(tally))}

    @property
    def durable(self) -> str:
        return self.runtime.consumers[0].spec.durable


@pytest.fixture
async def harness(databases: DatabaseFactory, nats_url: str) -> AsyncIterator[Harness]:
    url = await databases.create("optest")
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    await engine.dispose()
    stream = f"OPTEST{uuid.uuid4().hex[:6].upper()}"
    subject = f"{stream.lower()}.counted"
    connection = await nats.connect(nats_url)
    js = connection.jetstream()
    await js.add_stream(name=stream, subjects=[f"{stream.lower()}.>"])
    handler = Handler()

    def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
        return [
            ConsumerSpec(durable="optest-tally", stream=stream, subjects=[subject], handler=handler)
        ]

    settings = ServiceSettings(
        database_url=url,
        nats_url=nats_url,
        log_level="WARNING",
        consumer_prefix=f"t{uuid.uuid4().hex[:8]}-",
        consumer_max_deliveries=MAX_DELIVERIES,
    )
    app = create_service_app(
        title="operations test",
        source="optest",
        settings=settings,
        tables=INFRA,
        stream=StreamSpec(stream, [f"{stream.lower()}.>"]),
        routers=[],
        api_prefix="/v1/optest",
        consumers=consumers,
        verifier=auth.verifier(),
    )
    try:
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://optest"
            ) as client:
                yield Harness(client, app.state.runtime, js, subject, handler)
    finally:
        await js.delete_stream(stream)
        await connection.close()


async def until(read: Callable[[], Awaitable[Any]], expected: Any, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    seen = None
    while asyncio.get_running_loop().time() < deadline:
        seen = await read()
        if seen == expected:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"expected {expected!r}, saw {seen!r}")


async def parked(h: Harness, **params: Any) -> list[dict[str, Any]]:
    """Every dead letter, walking the list a page at a time."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await h.client.get(
            f"{BASE}/optest-tally/dead-letters", params=query, headers=auth.operator()
        )
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def parked_gauge(h: Harness) -> float:
    metrics = (await h.client.get("/metrics")).text
    line = f'dead_letters{{consumer="{h.durable}"}} '
    [value] = [row[len(line) :] for row in metrics.splitlines() if row.startswith(line)]
    return float(value)


async def test_an_event_failing_every_delivery_is_parked_and_those_behind_it_flow_on(
    harness: Harness,
) -> None:
    h = harness
    h.handler.refusing = {"bad-1", "bad-2"}
    await h.publish("a")
    bad = [await h.publish("bad-1"), await h.publish("bad-2")]
    await h.publish("b")

    await until(h.counts, {"a": 1, "b": 1})
    await until(lambda: _ids(parked(h, limit=1)), sorted(e.id for e in bad))
    letters = {letter["event_id"]: letter for letter in await parked(h)}
    first = letters[bad[0].id]
    assert first["attempts"] == MAX_DELIVERIES
    assert first["event_type"] == h.subject
    assert first["last_error"] == "RuntimeError: cannot count bad-1 yet"
    assert first["event"]["data"] == {"key": "bad-1"}
    assert first["parked_at"].endswith("+08:00")
    assert await parked_gauge(h) == 2
    # Terminated on the stream: never delivered again, so never counted behind the operator's back.
    h.handler.refusing.clear()
    await asyncio.sleep(2.0)
    assert await h.counts() == {"a": 1, "b": 1}

    h.handler.refusing = {"bad-1"}
    still = await h.client.post(
        f"{BASE}/optest-tally/dead-letters/{bad[0].id}/retry", headers=auth.operator()
    )
    assert still.status_code == 409, still.text
    assert still.headers["content-type"].startswith("application/problem+json")
    assert "cannot count bad-1 yet" in still.json()["detail"]
    letters = {letter["event_id"]: letter for letter in await parked(h)}
    assert letters[bad[0].id]["attempts"] == MAX_DELIVERIES + 1

    h.handler.refusing.clear()
    for event in bad:
        fixed = await h.client.post(
            f"{BASE}/optest-tally/dead-letters/{event.id}/retry", headers=auth.operator()
        )
        assert fixed.status_code == 200, fixed.text
        assert fixed.json() == {"event_id": event.id, "outcome": "handled"}
    assert await parked(h) == []
    assert await h.counts() == {"a": 1, "b": 1, "bad-1": 1, "bad-2": 1}
    assert await parked_gauge(h) == 0
    gone = await h.client.post(
        f"{BASE}/optest-tally/dead-letters/{bad[0].id}/retry", headers=auth.operator()
    )
    assert gone.status_code == 404


async def _ids(letters: Awaitable[list[dict[str, Any]]]) -> list[str]:
    return sorted(letter["event_id"] for letter in await letters)


async def replay(h: Harness, body: dict[str, Any]) -> dict[str, Any]:
    response = await h.client.post(
        f"{BASE}/optest-tally/replay", json=body, headers=auth.operator()
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_a_replay_counts_what_was_handled_as_duplicates_and_changes_nothing(
    harness: Harness,
) -> None:
    h = harness
    first = [await h.publish("a"), await h.publish("b")]
    await until(h.counts, {"a": 1, "b": 1})
    await asyncio.sleep(0.05)
    between = datetime.now(UTC)
    await asyncio.sleep(0.05)
    third = await h.publish("a")
    await until(h.counts, {"a": 2, "b": 1})

    from_before_the_stream = await replay(h, {"from": "2000-01-01T00:00:00+08:00"})
    assert from_before_the_stream == {
        "consumer": "optest-tally",
        "from_sequence": 1,
        "replayed": 3,
        "handled": 0,
        "duplicates": 3,
        "failed": 0,
        "failed_event_ids": [],
    }
    from_an_instant = await replay(h, {"from": between.isoformat()})
    assert (from_an_instant["replayed"], from_an_instant["duplicates"]) == (1, 1)
    assert from_an_instant["from_sequence"] == 3
    from_an_event = await replay(h, {"event_id": first[1].id})
    assert (from_an_event["from_sequence"], from_an_event["replayed"]) == (2, 2)
    assert from_an_event["duplicates"] == 2
    assert await h.counts() == {"a": 2, "b": 1}

    # An event the inbox noted no stream sequence for is found by reading the stream's headers;
    # and one the consumer lost (its inbox row and its effect gone) is handled again.
    async with h.runtime.sessionmaker() as session, session.begin():
        inbox = INFRA.inbox
        await session.execute(
            update(inbox).where(inbox.c.consumer == h.durable).values(stream_sequence=None)
        )
        await session.execute(delete(inbox).where(inbox.c.event_id == third.id))
        await session.execute(update(tally).where(tally.c.key == "a").values(count=1))
    recovered = await replay(h, {"event_id": first[1].id})
    assert (recovered["from_sequence"], recovered["handled"], recovered["duplicates"]) == (2, 1, 1)
    assert await h.counts() == {"a": 2, "b": 1}


async def test_a_replayed_event_that_fails_is_parked(harness: Harness) -> None:
    h = harness
    event = await h.publish("c")
    await until(h.counts, {"c": 1})
    async with h.runtime.sessionmaker() as session, session.begin():
        await session.execute(delete(INFRA.inbox).where(INFRA.inbox.c.event_id == event.id))
    h.handler.refusing = {"c"}
    result = await replay(h, {"event_id": event.id})
    assert (result["failed"], result["failed_event_ids"]) == (1, [event.id])
    [letter] = await parked(h)
    assert (letter["event_id"], letter["attempts"]) == (event.id, 1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "from"),
        ({"from": "2025-08-01T00:00:00+08:00", "event_id": "x"}, "event_id"),
        ({"from": "2099-01-01T00:00:00+08:00"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"event_id": str(uuid.uuid4())}, "event_id"),
    ],
)
async def test_a_replay_needs_exactly_one_start_that_has_happened(
    harness: Harness, body: dict[str, Any], field: str
) -> None:
    await harness.publish("a")
    response = await harness.client.post(
        f"{BASE}/optest-tally/replay", json=body, headers=auth.operator()
    )
    assert response.status_code == 422, response.text
    assert field in [error["field"] for error in response.json()["errors"]]


async def test_only_an_operator_may_replay_or_touch_dead_letters(harness: Harness) -> None:
    calls = [
        ("POST", f"{BASE}/optest-tally/replay", {"from": "2025-08-01T00:00:00+08:00"}),
        ("GET", f"{BASE}/optest-tally/dead-letters", None),
        ("POST", f"{BASE}/optest-tally/dead-letters/{uuid.uuid4()}/retry", None),
    ]
    for method, path, body in calls:
        for headers in (auth.officer(), auth.dashboard()):
            response = await harness.client.request(method, path, json=body, headers=headers)
            assert response.status_code == 403, (path, response.text)
        assert (await harness.client.request(method, path, json=body)).status_code == 401
    unknown = await harness.client.get(f"{BASE}/nobody/dead-letters", headers=auth.operator())
    assert unknown.status_code == 404
    replay_unknown = await harness.client.post(
        f"{BASE}/nobody/replay", json={"from": "2025-08-01T00:00:00+08:00"}, headers=auth.operator()
    )
    assert replay_unknown.status_code == 404
