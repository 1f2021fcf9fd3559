"""Nothing lost, nothing doubled: signed bank callbacks through the gateway while the platform is broken.

Real processes on 127.0.0.1 only, a bounded number of requests, each scenario stops by itself.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest

from tests.reliability.conftest import REPORT
from tests.reliability.harness import Platform, SseCollector, signed_callback

CALLBACKS = 2000
CONCURRENCY = 16


async def post_stream(
    platform: Platform, txns: list[str], references: list[str], *, retry: bool, on_progress=None
) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Post every callback once (or until 2xx when the bank retries); returns txn -> payment id for each 2xx."""
    accepted: dict[str, str] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(len(txns)):
        queue.put_nowait(index)
    sent = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal sent
        while not queue.empty():
            index = queue.get_nowait()
            for _attempt in range(60 if retry else 1):
                url, body, headers = signed_callback(
                    platform.gateway, txns[index], references[index % len(references)]
                )
                try:
                    async with session.post(url, data=body, headers=headers) as response:
                        if response.status == 200:
                            accepted[txns[index]] = (await response.json())["payment_id"]
                            break
                except (aiohttp.ClientError, TimeoutError):
                    pass
                await asyncio.sleep(0.25)
            sent += 1
            if on_progress is not None:
                await on_progress(sent)

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        await asyncio.gather(*(worker(session) for _ in range(CONCURRENCY)))
    return accepted


CATCH_UP_SECONDS = 60.0


async def eventually(read: Callable[[], Awaitable[int]], expected: int) -> int:
    """The value `read` gives once it equals `expected`, or the last one seen at the deadline."""
    deadline = asyncio.get_running_loop().time() + CATCH_UP_SECONDS
    value = await read()
    while value != expected and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.2)
        value = await read()
    return value


async def verify(
    platform: Platform,
    scenario: str,
    txns: list[str],
    accepted: dict[str, str],
    sse: SseCollector | None,
) -> None:
    assert await platform.wait_drained("contribution") == 0, "the outbox drained"
    stored = await platform.scalar(
        "contribution", "SELECT count(*) FROM payments WHERE bank_txn_id LIKE 'REL-%'"
    )
    distinct = await platform.scalar(
        "contribution",
        "SELECT count(DISTINCT bank_txn_id) FROM payments WHERE bank_txn_id LIKE 'REL-%'",
    )
    messages = [
        m
        for m in await platform.stream_messages("contribution.payment.received")
        if str(m["data"]["bank_txn_id"]).startswith(scenario)
    ]  # type: ignore[index]
    by_payment = Counter(str(m["subject"]) for m in messages)
    duplicates = sum(n - 1 for n in by_payment.values())
    lost_events = [p for p in accepted.values() if p not in by_payment]
    all_payment_events = len(
        {str(m["subject"]) for m in await platform.stream_messages("contribution.payment.received")}
    )
    late = [m for m in await platform.stream_messages("contribution.late_interest.assessed")]
    # Consumers and the dashboard feed catch up at their own pace: waited for with a deadline,
    # so a slow machine takes longer but a lost event still fails the test.
    dialysis_handled = await eventually(
        lambda: platform.scalar(
            "dialysis",
            "SELECT count(*) FROM inbox WHERE event_type = 'contribution.payment.received'",
        ),
        all_payment_events,
    )
    appeals_handled = await eventually(
        lambda: platform.scalar(
            "appeals",
            "SELECT count(*) FROM inbox WHERE event_type = 'contribution.late_interest.assessed'",
        ),
        len({str(m["id"]) for m in late}),
    )
    if sse is not None:
        await sse.wait_for({str(m["id"]) for m in messages}, timeout=CATCH_UP_SECONDS)
        await sse.stop()
    scenario_stored = await platform.scalar(
        "contribution",
        "SELECT count(*) FROM payments WHERE bank_txn_id LIKE :prefix",
        prefix=f"{scenario}%",
    )
    REPORT.append(
        {
            "scenario": scenario.rstrip("-"),
            "requests": len(txns),
            "accepted": len(accepted),
            "stored": scenario_stored,
            "events": len(messages),
            "duplicates": duplicates + (stored - distinct),
            "lost": len(lost_events) + max(0, len(accepted) - scenario_stored),
        }
    )
    assert stored == distinct, "no bank transaction stored twice"
    assert scenario_stored == len(accepted), "every 2xx is stored, nothing else"
    assert duplicates == 0, duplicates
    assert not lost_events, lost_events[:3]
    assert dialysis_handled == all_payment_events, (
        "the dialysis consumer handled each payment event once"
    )
    assert appeals_handled == len({str(m["id"]) for m in late}), (
        "the appeals consumer handled each late-interest decision once"
    )
    if sse is not None:
        seen = Counter(sse.ids)
        streamed = {str(m["id"]) for m in messages}
        assert streamed <= set(seen), (
            f"{len(streamed - set(seen))} events never reached the dashboard feed"
        )


@pytest.fixture
async def platform(tmp_path: Path):  # type: ignore[no-untyped-def]
    running = await asyncio.to_thread(Platform.start, tmp_path)
    try:
        yield running
    finally:
        await asyncio.to_thread(running.system.stop)


async def test_a_broker_outage_loses_and_doubles_nothing(platform: Platform) -> None:
    references = await platform.submissions(20)
    sse = SseCollector(
        platform.gateway, await platform.token("ops-dashboard"), "contribution.payment.received"
    )
    sse.start()
    await asyncio.sleep(1)
    txns = [f"REL-NATS-{i:05d}" for i in range(CALLBACKS)]
    outage = {"done": False}

    async def break_the_broker(sent: int) -> None:
        if sent == CALLBACKS // 4 and not outage["done"]:
            outage["done"] = True
            await asyncio.to_thread(platform.stop_nats)
            await asyncio.sleep(4)
            await asyncio.to_thread(platform.start_nats_again)

    accepted = await post_stream(
        platform, txns, references, retry=False, on_progress=break_the_broker
    )
    assert outage["done"]
    await verify(platform, "REL-NATS-", txns, accepted, sse)


async def test_a_killed_service_loses_and_doubles_nothing_when_the_bank_retries(
    platform: Platform,
) -> None:
    references = await platform.submissions(10)
    txns = [f"REL-KILL-{i:05d}" for i in range(CALLBACKS // 2)]
    crashed = {"done": False}

    async def crash(sent: int) -> None:
        if sent == len(txns) // 3 and not crashed["done"]:
            crashed["done"] = True
            await asyncio.to_thread(platform.kill_contribution)
            await asyncio.sleep(1)
            await asyncio.to_thread(platform.restart_contribution)

    accepted = await post_stream(platform, txns, references, retry=True, on_progress=crash)
    assert crashed["done"]
    assert len(accepted) == len(txns), "the bank's retries got every payment through"
    await verify(platform, "REL-KILL-", txns, accepted, None)
