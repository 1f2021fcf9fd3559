"""A PostgreSQL outage mid-stream: 503 with Retry-After and no partial write; recovery without a restart."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import aiohttp
import pytest

from bench.system import System
from tests.reliability.conftest import REPORT
from tests.reliability.harness import Platform, signed_callback
from tests.reliability.private_postgres import PrivatePostgres

CALLBACKS = 600


@pytest.fixture
def postgres():  # type: ignore[no-untyped-def]
    try:
        server = PrivatePostgres()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"no private PostgreSQL here: {exc}")
    server.start()
    yield server
    server.remove()


async def test_a_database_outage_answers_503_and_recovers_without_a_restart(
    postgres: PrivatePostgres, tmp_path: Path
) -> None:
    system = System(tmp_path)
    platform = Platform(system, tmp_path)
    try:
        platform.nats_url = system.start_nats()
        system.prepare_gateway()
        system.env["BUSINESS_TIME"] = "2025-08-20T10:00:00+08:00"
        platform.urls["contribution"] = postgres.url
        system.start_service("contribution", postgres.url)
        service_pid = system.processes["contribution"].pid
        platform.gateway = f"http://127.0.0.1:{system.start_gateway()}"
        references = await platform.submissions(5)
        statuses: Counter[int] = Counter()
        retry_after: set[str] = set()
        accepted: dict[str, str] = {}
        outage = {"done": False}

        async def bank(txn: str, index: int, session: aiohttp.ClientSession) -> None:
            for _ in range(120):
                url, body, headers = signed_callback(
                    platform.gateway, txn, references[index % len(references)]
                )
                try:
                    async with session.post(url, data=body, headers=headers) as response:
                        statuses[response.status] += 1
                        if response.status == 503:
                            retry_after.add(response.headers.get("Retry-After", ""))
                        if response.status == 200:
                            accepted[txn] = (await response.json())["payment_id"]
                            return
                except (aiohttp.ClientError, TimeoutError):
                    statuses[0] += 1
                await asyncio.sleep(0.25)

        async def outage_mid_stream() -> None:
            while len(accepted) < CALLBACKS // 3:
                await asyncio.sleep(0.05)
            outage["done"] = True
            await asyncio.to_thread(postgres.stop)
            await asyncio.sleep(3)
            await asyncio.to_thread(postgres.start)

        txns = [f"REL-PG-{i:05d}" for i in range(CALLBACKS)]
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(CALLBACKS):
            queue.put_nowait(index)

        async def worker(session: aiohttp.ClientSession) -> None:
            while not queue.empty():
                index = queue.get_nowait()
                await bank(txns[index], index, session)

        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            await asyncio.gather(outage_mid_stream(), *(worker(session) for _ in range(8)))
        assert outage["done"]
        assert statuses[503] > 0, f"requests during the outage were answered 503: {dict(statuses)}"
        assert retry_after, "503s were seen"
        assert "" not in retry_after, "every 503 says when to retry"
        assert statuses[500] == 0
        assert system.processes["contribution"].pid == service_pid, (
            "the service recovered without a restart"
        )
        assert await platform.wait_drained("contribution") == 0
        stored = await platform.scalar(
            "contribution", "SELECT count(*) FROM payments WHERE bank_txn_id LIKE 'REL-PG-%'"
        )
        distinct = await platform.scalar(
            "contribution",
            "SELECT count(DISTINCT bank_txn_id) FROM payments WHERE bank_txn_id LIKE 'REL-PG-%'",
        )
        messages = [
            m
            for m in await platform.stream_messages("contribution.payment.received")
            if str(m["data"]["bank_txn_id"]).startswith("REL-PG-")
        ]  # type: ignore[index]
        events = Counter(str(m["subject"]) for m in messages)
        REPORT.append(
            {
                "scenario": "REL-PG (database outage)",
                "requests": sum(statuses.values()),
                "accepted": len(accepted),
                "stored": stored,
                "events": len(messages),
                "duplicates": (stored - distinct) + sum(n - 1 for n in events.values()),
                "lost": len(txns) - len(accepted),
            }
        )
        assert len(accepted) == CALLBACKS
        assert stored == CALLBACKS
        assert distinct == CALLBACKS
        assert set(events) == set(accepted.values())
        assert all(n == 1 for n in events.values())
    finally:
        system.stop()
