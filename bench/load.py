"""A bounded load generator: N requests at concurrency C against 127.0.0.1, latency percentiles."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import aiohttp

RequestSpec = tuple[str, str, bytes | None, dict[str, str]]


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies_ms: list[float]
    statuses: Counter[int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p99(self) -> float:
        return self.percentile(99)


async def run_load(
    make_request: Callable[[int], RequestSpec], *, total: int, concurrency: int
) -> LoadResult:
    """Send `total` requests, `concurrency` at a time; `make_request(i)` gives method, url, body, headers."""
    connector = aiohttp.TCPConnector(limit=concurrency, keepalive_timeout=60)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    counter = iter(range(total))
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=60)
    ) as session:

        async def worker() -> None:
            for i in counter:
                method, url, body, headers = make_request(i)
                started = time.perf_counter()
                try:
                    async with session.request(method, url, data=body, headers=headers) as response:
                        await response.read()
                        statuses[response.status] += 1
                except aiohttp.ClientError:
                    statuses[0] += 1
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return LoadResult(total, elapsed, latencies, statuses)
