"""Two replicas of the contribution service on one PostgreSQL database and one NATS server.

Each replica runs its own outbox relay; the gateway spreads signed callbacks (with replays) across
them. Every payment is stored once, every event is published exactly once per event id (relays claim
rows FOR UPDATE SKIP LOCKED; JetStream's dedup is only the second guard), and two consumers bound to
one durable share the work and handle each event once.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Column, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from gateway.config import GatewaySettings
from gateway.main import create_app as create_gateway
from gateway.signatures import sign
from services.contribution.config import ContributionSettings
from services.contribution.main import create_app as create_contribution
from services.contribution.models import Payment
from shared.kernel.clock import FixedClock, SystemClock
from shared.kernel.events import Envelope
from shared.messaging.bus import EventBus
from shared.messaging.consumer import ConsumerSpec, DurableConsumer
from shared.persistence.db import create_sessionmaker, new_metadata
from shared.persistence.infra_tables import define_infra_tables
from tests.support.builders import random_ic, random_txn_id
from tests.support.databases import POSTGRES_URL, DatabaseFactory
from tests.support.nats_server import free_port
from tests.support.servers import serve
from tests.support.services import DEFAULT_TIME, migrate

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="replicas share one PostgreSQL database: set TEST_POSTGRES_URL"
)

SECRET = "whsec-scale"
UNIQUE = 300
REPLAYS = 100


def clients_file(path: Path) -> Path:
    entries = {
        "officer-1": ("officer", ""),
        "maybank": ("bank", f'bank_code = "MBB"\nwebhook_secret = "{SECRET}"'),
    }
    text = ""
    for client_id, (role, extra) in entries.items():
        digest = hashlib.sha256(f"s-{client_id}".encode()).hexdigest()
        text += f'[[client]]\nid = "{client_id}"\nsecret_sha256 = "{digest}"\nrole = "{role}"\n{extra}\n\n'
    path.write_text(text)
    return path


consumer_metadata = new_metadata()
CONSUMER_INFRA = define_infra_tables(consumer_metadata)
handled = Table(
    "handled", consumer_metadata, Column("event_id", String(36)), Column("worker", String(10))
)


@pytest.fixture
async def consumer_database(tmp_path: Path) -> AsyncIterator[str]:
    factory = DatabaseFactory("postgres", tmp_path)
    url = await factory.create("scaleconsumers")
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(consumer_metadata.create_all)
    await engine.dispose()
    yield url
    await factory.drop_all()


async def test_two_replicas_publish_each_event_once_and_consumers_share_the_work(
    nats_url: str, tmp_path: Path, consumer_database: str
) -> None:
    databases = DatabaseFactory("postgres", tmp_path)
    database_url = await databases.create("contribution")
    await migrate("contribution", database_url)
    gateway_port, ports = free_port(), [free_port(), free_port()]
    replicas = [
        create_contribution(
            ContributionSettings(
                database_url=database_url,
                nats_url=nats_url,
                jwks_url=f"http://127.0.0.1:{gateway_port}/.well-known/jwks.json",
                log_level="WARNING",
                outbox_poll_seconds=0.2,
            ),
            clock=FixedClock(DEFAULT_TIME),
        )
        for _ in ports
    ]
    gateway = create_gateway(
        GatewaySettings(
            port=gateway_port,
            contribution_url=",".join(f"http://127.0.0.1:{p}" for p in ports),
            nats_url=nats_url,
            clients_file=clients_file(tmp_path / "clients.toml"),
            jwt_private_key_file=tmp_path / "jwt.pem",
            log_level="WARNING",
        )
    )
    subject = "contribution.payment.received"
    consumer_engine = create_async_engine(consumer_database)
    sessionmaker = create_sessionmaker(consumer_engine)
    counts = {"a": 0, "b": 0}

    def handler_for(worker: str) -> Callable[[AsyncSession, Envelope], Awaitable[None]]:
        async def handle(session: AsyncSession, envelope: Envelope) -> None:
            await session.execute(insert(handled).values(event_id=envelope.id, worker=worker))
            counts[worker] += 1

        return handle

    durable = f"scale-{random_txn_id().lower()}"
    buses = [EventBus(nats_url, name=f"consumer-{w}") for w in counts]
    consumers = [
        DurableConsumer(
            ConsumerSpec(
                durable=durable, stream="CONTRIBUTION", subjects=[subject], handler=handler_for(w)
            ),
            bus=bus,
            sessionmaker=sessionmaker,
            tables=CONSUMER_INFRA,
            clock=SystemClock(),
            batch=5,
        )
        for w, bus in zip(counts, buses, strict=True)
    ]
    try:
        async with (
            serve(gateway, gateway_port) as gateway_url,
            serve(replicas[0], ports[0]),
            serve(replicas[1], ports[1]),
        ):
            for bus in buses:
                bus.start()
            for consumer in consumers:
                consumer.start()
            async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as client:
                token = (
                    await client.post(
                        "/auth/token",
                        data={
                            "grant_type": "client_credentials",
                            "client_id": "officer-1",
                            "client_secret": "s-officer-1",
                        },
                    )
                ).json()["access_token"]
                officer = {"Authorization": f"Bearer {token}"}
                code = "E" + random_txn_id()[-7:].replace("X", "1")
                await client.post(
                    "/v1/contributions/employers",
                    json={"employer_code": code, "name": "Scale"},
                    headers=officer,
                )
                references = []
                for _ in range(10):
                    response = await client.post(
                        f"/v1/contributions/employers/{code}/submissions",
                        json={
                            "month": "2025-07",
                            "lines": [{"ic": random_ic(), "name": "W", "wage": "2000.00"}],
                        },
                        headers=officer,
                    )
                    references.append(response.json()["reference"])
                bodies = [
                    json.dumps(
                        {
                            "bank_txn_id": f"SCALE-{i}-{random_txn_id()}",
                            "reference": references[i % 10],
                            "amount": "0.05",
                            "paid_at": "2025-08-14T10:00:00+08:00",
                            "channel": "FPX",
                        }
                    ).encode()
                    for i in range(UNIQUE)
                ]
                stream = bodies + bodies[:REPLAYS]
                semaphore = asyncio.Semaphore(20)

                async def post(body: bytes) -> httpx.Response:
                    async with semaphore:
                        return await client.post(
                            "/v1/contributions/payments/callbacks/MBB",
                            content=body,
                            headers={
                                "X-Signature": sign(SECRET, int(time.time()), body),
                                "Content-Type": "application/json",
                            },
                        )

                responses = await asyncio.gather(*(post(b) for b in stream))
            assert {r.status_code for r in responses} == {200}
            by_body: dict[bytes, set[str]] = {}
            for body, response in zip(stream, responses, strict=True):
                by_body.setdefault(body, set()).add(response.json()["payment_id"])
            assert all(len(ids) == 1 for ids in by_body.values()), (
                "a replay answers with the first payment"
            )

            runtimes = [r.state.runtime for r in replicas]
            async with runtimes[0].read_sessionmaker() as session:
                stored = await session.scalar(select(func.count()).select_from(Payment))
                outbox = runtimes[0].tables.outbox
                events = await session.scalar(select(func.count()).select_from(outbox))
            assert stored == UNIQUE
            for _ in range(100):
                async with runtimes[0].read_sessionmaker() as session:
                    pending = await session.scalar(
                        select(func.count())
                        .select_from(outbox)
                        .where(outbox.c.published_at.is_(None))
                    )
                if pending == 0:
                    break
                await asyncio.sleep(0.1)
            assert pending == 0
            published = [r.relay.published_total for r in runtimes]
            assert sum(published) == events, (
                f"each outbox row published exactly once, relays published {published}"
            )
            for _ in range(150):
                async with sessionmaker() as session:
                    total = await session.scalar(select(func.count()).select_from(handled))
                if total and total >= UNIQUE:
                    break
                await asyncio.sleep(0.1)
            for consumer in consumers:
                await consumer.stop()
            async with sessionmaker() as session:
                # One statement, one snapshot: both numbers describe the same moment.
                total, distinct = (
                    await session.execute(
                        select(func.count(), func.count(func.distinct(handled.c.event_id)))
                    )
                ).one()
            assert total == distinct, "no event handled twice"
            assert total is not None
            assert total >= UNIQUE
            assert min(counts.values()) > 0, f"both consumers took part: {counts}"
    finally:
        for consumer in consumers:
            await consumer.stop()
        for bus in buses:
            await bus.close()
        await consumer_engine.dispose()
        await databases.drop_all()
