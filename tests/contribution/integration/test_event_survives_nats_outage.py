"""An accepted payment's event survives a broker outage and arrives exactly once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import nats
from nats.js.api import DeliverPolicy
from sqlalchemy import func, select

from tests.contribution.integration.test_contribution_api import (
    BASE,
    callback,
    register_employer,
    submit,
)
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.databases import DatabaseFactory
from tests.support.nats_server import NatsServer
from tests.support.services import running_service


async def test_payment_accepted_while_nats_is_down_is_published_once_after(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    server = NatsServer(tmp_path / "nats")
    server.start()
    try:
        async with running_service("contribution", databases=databases, nats_url=server.url) as svc:
            code = await register_employer(svc)
            sub = (
                await submit(svc, code, [{"ic": random_ic(), "name": "A", "wage": "1000.00"}])
            ).json()
            await asyncio.sleep(0.5)
            server.stop()
            paid = await svc.client.post(
                f"{BASE}/payments/callbacks/MBB",
                json=callback(sub["reference"], "10.00"),
                headers=auth.bank(),
            )
            assert paid.status_code == 200, "a payment is accepted while the broker is away"
            payment_id = paid.json()["payment_id"]
            outbox = svc.runtime.tables.outbox
            async with svc.runtime.sessionmaker() as session:
                pending = await session.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
                )
            assert (pending or 0) >= 1
            await asyncio.sleep(1.0)
            server.start()
            for _ in range(100):
                async with svc.runtime.sessionmaker() as session:
                    pending = await session.scalar(
                        select(func.count())
                        .select_from(outbox)
                        .where(outbox.c.published_at.is_(None))
                    )
                if pending == 0:
                    break
                await asyncio.sleep(0.2)
            assert pending == 0, "the outbox drains once NATS is back"
        nc = await nats.connect(server.url)
        try:
            js = nc.jetstream()
            sub_ = await js.subscribe(
                "contribution.payment.received",
                deliver_policy=DeliverPolicy.ALL,
                ordered_consumer=True,
            )
            seen: list[dict[str, str]] = []
            while True:
                try:
                    message = await sub_.next_msg(timeout=1)
                except nats.errors.TimeoutError:
                    break
                seen.append({"id": message.headers["Nats-Msg-Id"], "data": message.data.decode()})  # type: ignore[index]
        finally:
            await nc.close()
        matching = [s for s in seen if payment_id in s["data"]]
        assert len(matching) == 1, f"exactly one event for the payment, saw {len(matching)}"
    finally:
        server.stop()
