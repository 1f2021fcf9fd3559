"""The shared messaging spine on a real database and a real NATS server: outbox, relay, inbox."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import ClassVar

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import Column, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from shared.kernel.errors import Conflict
from shared.kernel.events import DomainEvent, Envelope
from shared.messaging.consumer import ConsumerSpec
from shared.persistence.db import new_metadata
from shared.persistence.infra_tables import define_infra_tables
from shared.process.settings import ServiceSettings
from shared.web.app import StreamSpec, create_service_app
from shared.web.deps import CurrentPrincipal, UnitOfWorkDep
from shared.web.runtime import ServiceRuntime
from tests.support import auth
from tests.support.databases import DatabaseFactory
from tests.support.events import EventWatcher


@dataclass(frozen=True, kw_only=True)
class NoteCreated(DomainEvent):
    type: ClassVar[str] = "sharedtest.note.created"
    subject_field: ClassVar[str] = "note_id"
    note_id: str


metadata: MetaData = new_metadata()
INFRA = define_infra_tables(metadata)
notes = Table(
    "notes", metadata, Column("id", String(36), primary_key=True), Column("text", String(100))
)
seen = Table("seen", metadata, Column("event_id", String(36), primary_key=True))

router = APIRouter()


@router.post("/notes", status_code=201)
async def create_note(
    body: dict[str, str], principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, str]:
    async with uow:
        if body.get("text") == "boom":
            raise Conflict("refused")
        note_id = str(uuid.uuid4())
        await uow.session.execute(insert(notes).values(id=note_id, text=body["text"]))
        uow.record(NoteCreated(note_id=note_id))
        await uow.commit()
    return {"id": note_id}


async def remember(session: AsyncSession, envelope: Envelope) -> None:
    await session.execute(insert(seen).values(event_id=envelope.id))


def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(
            durable="sharedtest-notes",
            stream="SHAREDTEST",
            subjects=["sharedtest.note.created"],
            handler=remember,
        )
    ]


@dataclass
class Harness:
    client: httpx.AsyncClient
    runtime: ServiceRuntime


@pytest.fixture(scope="module")
async def harness(databases: DatabaseFactory, nats_url: str) -> AsyncIterator[Harness]:
    url = await databases.create("sharedtest")
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    await engine.dispose()
    settings = ServiceSettings(
        database_url=url, nats_url=nats_url, outbox_poll_seconds=0.2, log_level="WARNING"
    )
    app = create_service_app(
        title="shared test",
        source="sharedtest",
        settings=settings,
        tables=INFRA,
        stream=StreamSpec("SHAREDTEST", ["sharedtest.>"]),
        routers=[router],
        consumers=consumers,
        verifier=auth.verifier(),
    )
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as client:
            yield Harness(client, app.state.runtime)


async def rows(h: Harness, table: Table) -> int:
    async with h.runtime.read_sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def test_an_event_is_published_once_with_its_id_as_msg_id_and_handled_once(
    harness: Harness, nats_url: str
) -> None:
    async with EventWatcher(nats_url, "sharedtest.>") as watcher:
        response = await harness.client.post(
            "/notes", json={"text": "hello"}, headers=auth.officer()
        )
        note_id = response.json()["id"]
        [event] = await watcher.wait_for(lambda e: e["subject"] == note_id)
    assert event["actor"] == "officer-1"
    assert event["correlation_id"] == response.headers["x-request-id"]
    assert [h for e, h in watcher.received if e["subject"] == note_id] == [
        {"Nats-Msg-Id": event["id"]}
    ]
    assert await eventually_handled(harness, event["id"]) == 1


async def eventually_handled(h: Harness, event_id: str) -> int:
    handled = 0
    for _ in range(50):
        async with h.runtime.read_sessionmaker() as session:
            handled = int(
                await session.scalar(
                    select(func.count()).select_from(seen).where(seen.c.event_id == event_id)
                )
                or 0
            )
        if handled:
            break
        await asyncio.sleep(0.1)
    return handled


async def test_a_redelivered_event_changes_nothing(harness: Harness, nats_url: str) -> None:
    async with EventWatcher(nats_url, "sharedtest.>") as watcher:
        note_id = (
            await harness.client.post("/notes", json={"text": "again"}, headers=auth.officer())
        ).json()["id"]
        [raw] = await watcher.wait_for(lambda e: e["subject"] == note_id)
    envelope = Envelope.from_json(__import__("json").dumps(raw))
    consumer = harness.runtime.consumers[0]
    for _ in range(50):
        if await consumer.handle(envelope) == "duplicate":
            break
        await asyncio.sleep(0.1)
    assert await consumer.handle(envelope) == "duplicate"
    assert await eventually_handled(harness, envelope.id) == 1


async def test_a_refused_use_case_writes_no_outbox_row(harness: Harness) -> None:
    before = await rows(harness, INFRA.outbox)
    response = await harness.client.post("/notes", json={"text": "boom"}, headers=auth.officer())
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await rows(harness, INFRA.outbox) == before


async def test_idempotency_key_replays_and_refuses_another_body(harness: Harness) -> None:
    headers = {**auth.officer(), "Idempotency-Key": uuid.uuid4().hex}
    first = await harness.client.post("/notes", json={"text": "once"}, headers=headers)
    second = await harness.client.post("/notes", json={"text": "once"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["idempotent-replayed"] == "true"
    other = await harness.client.post("/notes", json={"text": "twice"}, headers=headers)
    assert other.status_code == 422
    other_client = {
        **auth.headers("officer", "officer-2"),
        "Idempotency-Key": headers["Idempotency-Key"],
    }
    separate = await harness.client.post("/notes", json={"text": "once"}, headers=other_client)
    assert separate.json() != first.json(), "keys are scoped per client"


async def test_an_idempotency_key_still_in_flight_is_409(harness: Harness) -> None:
    from shared.web.auth import Principal, Role
    from shared.web.idempotency import IdempotencyStore

    key = uuid.uuid4().hex
    store = IdempotencyStore(harness.runtime)
    import hashlib

    digest = hashlib.sha256(b"/notes\n\n" + b'{"text":"slow"}').hexdigest()
    # Keys are kept per verified identity: the officer's is its client.
    owner = Principal(client_id="officer-1", role=Role.OFFICER).identity_scope
    assert await store.begin(owner, key, digest) is None
    response = await harness.client.post(
        "/notes",
        content=b'{"text":"slow"}',
        headers={**auth.officer(), "Idempotency-Key": key, "content-type": "application/json"},
    )
    assert response.status_code == 409


async def test_health_and_readiness(harness: Harness) -> None:
    assert (await harness.client.get("/healthz")).json() == {"status": "ok"}
    ready = await harness.client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert "outbox_published_total" in (await harness.client.get("/metrics")).text
