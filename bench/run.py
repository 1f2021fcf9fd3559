"""`make bench`: every benchmark against the real processes, with this machine's own ceiling beside it."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import aiohttp
import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import textfile_bench
from bench.load import LoadResult, run_load
from bench.system import ROOT, System, peak_rss_mb, secret_of
from gateway.signatures import sign

CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "5000"))
POSTGRES_ADMIN = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
rows: list[dict[str, str]] = []


def record(name: str, value: str, ratio: str = "", target: str = "") -> None:
    rows.append({"benchmark": name, "result": value, "ratio": ratio, "target": target})
    print(f"  {name:<58} {value:<34} {ratio:<14} {target}", flush=True)


def record_load(name: str, result: LoadResult, bare_rps: float, target: str) -> None:
    """A loaded benchmark's row; any answer but 2xx is reported beside it, never counted as speed."""
    record(
        name,
        f"{result.rps:,.0f} req/s p50 {result.p50:.1f} p99 {result.p99:.1f} ms",
        f"{result.rps / bare_rps:.1%}",
        target,
    )
    report_failures(name, result)


def report_failures(name: str, *results: LoadResult) -> None:
    failed: dict[int, int] = {}
    for result in results:
        for status, n in result.statuses.items():
            if not 200 <= status < 300:
                failed[status] = failed.get(status, 0) + n
    if failed:
        record(f"  {name}: answers not 2xx", str(failed))


async def token(gateway: str, client_id: str) -> str:
    async with aiohttp.ClientSession() as s:
        form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret_of(client_id),
        }
        async with s.post(f"{gateway}/auth/token", data=form) as r:
            return str((await r.json())["access_token"])


async def ceiling(workdir: Path) -> LoadResult:
    system = System(workdir / "bare")
    try:
        port = system.start_uvicorn("bare", "bench.bare_app:app", factory=False)
        url = f"http://127.0.0.1:{port}/bare"
        await run_load(lambda i: ("GET", url, None, {}), total=500, concurrency=CONCURRENCY)
        result = await run_load(
            lambda i: ("GET", url, None, {}), total=REQUESTS * 3, concurrency=CONCURRENCY
        )
        single = await run_load(lambda i: ("GET", url, None, {}), total=1000, concurrency=1)
        record(f"ceiling: bare FastAPI JSON, c={CONCURRENCY}", f"{result.rps:,.0f} req/s", "1.00")
        record("ceiling: bare FastAPI JSON, c=1", f"p50 {single.p50:.2f} ms")
        return result
    finally:
        system.stop()


async def postgres_url(name: str) -> str | None:
    try:
        connection = await asyncpg.connect(POSTGRES_ADMIN.replace("+asyncpg", ""), timeout=2)
    except (OSError, asyncpg.PostgresError):
        return None
    database = f"bench_{name}_{uuid.uuid4().hex[:6]}"
    await connection.execute(f'CREATE DATABASE "{database}"')
    await connection.close()
    base = POSTGRES_ADMIN.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0]
    return f"{base}/{database}"


async def contribution_suite(workdir: Path, backend: str, bare_rps: float) -> None:
    if backend == "postgres":
        database_url = await postgres_url("contribution")
        if database_url is None:
            record("PostgreSQL", "not reachable: skipped")
            return
    else:
        database_url = f"sqlite+aiosqlite:///{workdir / backend / 'contribution.db'}"
    system = System(workdir / backend)
    system.workdir.mkdir(parents=True, exist_ok=True)
    try:
        system.start_nats()
        system.prepare_gateway()
        service_port = system.start_service("contribution", database_url)
        for other in ("loan", "dialysis", "appeals"):
            other_url = (
                database_url.replace("contribution", other)
                if backend == "sqlite"
                else await postgres_url(other)
            )
            assert other_url is not None
            system.start_service(other, other_url)
        gateway_port = system.start_gateway()
        gateway = f"http://127.0.0.1:{gateway_port}"
        officer = {
            "Authorization": f"Bearer {await token(gateway, 'officer-1')}",
            "Content-Type": "application/json",
        }
        references = await prepare_submissions(gateway, officer)

        callback = signed_callbacks(gateway, references, f"BENCH-{backend}")
        await run_load(lambda i: callback(10_000_000 + i), total=200, concurrency=CONCURRENCY)
        result = await run_load(callback, total=REQUESTS, concurrency=CONCURRENCY)
        record_load(
            f"signed callbacks end to end ({backend}), c={CONCURRENCY}",
            result,
            bare_rps,
            ">=15%, p99<=50ms",
        )
        await event_lag(gateway, references, backend)
        await consumers_caught_up(system.env["NATS_URL"], backend)
        await gateway_overhead(
            gateway, f"http://127.0.0.1:{service_port}", officer, backend, bare_rps
        )
        await summary_fan_out(system, gateway, officer, backend)
        await bulk_submission(gateway, officer, system.processes["contribution"].pid, backend)
    finally:
        system.stop()


def signed_callbacks(
    gateway: str, references: list[str], txn_prefix: str
) -> Callable[[int], tuple[str, str, bytes, dict[str, str]]]:
    """The i-th of a stream of Maybank's signed callbacks, each a new transaction paying one sen
    on one of `references` in turn."""

    def callback(i: int) -> tuple[str, str, bytes, dict[str, str]]:
        body = json.dumps(
            {
                "bank_txn_id": f"{txn_prefix}-{i}",
                "reference": references[i % len(references)],
                "amount": "0.01",
                "paid_at": "2025-08-14T10:00:00+08:00",
                "channel": "FPX",
            }
        ).encode()
        headers = {
            "X-Signature": sign("whsec-bench", int(time.time()), body),
            "Content-Type": "application/json",
        }
        return ("POST", f"{gateway}/v1/contributions/payments/callbacks/MBB", body, headers)

    return callback


async def prepare_submissions(gateway: str, officer: dict[str, str]) -> list[str]:
    async with aiohttp.ClientSession(headers=officer) as s:
        await s.post(
            f"{gateway}/v1/contributions/employers",
            json={"employer_code": "E9000001", "name": "Bench"},
        )
        references = []
        for n in range(50):
            lines = [
                {"ic": f"9001{n % 28 + 1:02d}14{k:04d}", "name": f"Worker {k}", "wage": "3000.00"}
                for k in range(n * 4, n * 4 + 4)
            ]
            async with s.post(
                f"{gateway}/v1/contributions/employers/E9000001/submissions",
                json={"month": "2025-07", "lines": lines},
            ) as r:
                body = await r.json()
                references.append(body["reference"])
        return references


async def event_lag(gateway: str, references: list[str], backend: str) -> None:
    """From a callback's 2xx to the dashboard's SSE client receiving its event."""
    arrived: dict[str, float] = {}
    dashboard = {"Authorization": f"Bearer {await token(gateway, 'ops-dashboard')}"}

    async def listen() -> None:
        timeout = aiohttp.ClientTimeout(total=None)
        params = {"subjects": "contribution.payment.received"}
        async with (
            aiohttp.ClientSession(timeout=timeout) as s,
            s.get(f"{gateway}/v1/events/stream", params=params, headers=dashboard) as r,
        ):
            async for raw in r.content:
                line = raw.decode().rstrip("\n")
                if line.startswith("data: "):
                    envelope = json.loads(line[6:])
                    arrived[envelope["data"]["bank_txn_id"]] = time.perf_counter()

    listener = asyncio.create_task(listen())
    await asyncio.sleep(1.0)
    sent: dict[str, float] = {}
    async with aiohttp.ClientSession() as s:
        for i in range(300):
            txn = f"LAG-{backend}-{i}"
            body = json.dumps(
                {
                    "bank_txn_id": txn,
                    "reference": references[i % len(references)],
                    "amount": "0.01",
                    "paid_at": "2025-08-14T10:00:00+08:00",
                    "channel": "DDA",
                }
            ).encode()
            headers = {
                "X-Signature": sign("whsec-bench", int(time.time()), body),
                "Content-Type": "application/json",
            }
            async with s.post(
                f"{gateway}/v1/contributions/payments/callbacks/MBB", data=body, headers=headers
            ) as r:
                await r.read()
            sent[txn] = time.perf_counter()
            await asyncio.sleep(0.005)
    await asyncio.sleep(2)
    listener.cancel()
    lags = sorted((arrived[t] - sent[t]) * 1000 for t in sent if t in arrived)
    if lags:
        record(
            f"event lag, 2xx -> dashboard SSE client ({backend})",
            f"p50 {lags[len(lags) // 2]:.1f} p99 {lags[max(0, int(len(lags) * 0.99) - 1)]:.1f} ms",
            f"{len(lags)}/{len(sent)} seen",
            "p99<=100ms",
        )


async def consumers_caught_up(nats_url: str, backend: str) -> None:
    """Wait until every durable consumer has handled every event, so the next benchmark measures a
    quiet system (dialysis consumes each payment event); the wait itself is reported."""
    import nats

    started = time.perf_counter()
    connection = await nats.connect(nats_url)
    try:
        js = connection.jetstream()
        while True:
            behind = 0
            for stream in await js.streams_info():
                for consumer in await js.consumers_info(stream.config.name):
                    behind += consumer.num_pending + consumer.num_ack_pending
            if behind == 0:
                break
            await asyncio.sleep(0.1)
    finally:
        await connection.close()
    record(
        f"consumers caught up after the callbacks ({backend})",
        f"{time.perf_counter() - started:.1f} s after the event-lag run",
    )


async def gateway_overhead(
    gateway: str, direct: str, officer: dict[str, str], backend: str, bare_rps: float
) -> None:
    headers = {"Authorization": officer["Authorization"]}
    path = "/v1/contributions/banks"
    via = await run_load(
        lambda i: ("GET", gateway + path, None, headers), total=1000, concurrency=1
    )
    straight = await run_load(
        lambda i: ("GET", direct + path, None, headers), total=1000, concurrency=1
    )
    report_failures(f"gateway hop, c=1 ({backend})", via, straight)
    record(
        f"gateway hop, c=1 ({backend})",
        f"p50 {via.p50:.2f} vs direct {straight.p50:.2f} ms",
        f"+{via.p50 - straight.p50:.2f} ms",
        "<=0.5 ms",
    )
    loaded = await run_load(
        lambda i: ("GET", gateway + path, None, headers), total=REQUESTS, concurrency=CONCURRENCY
    )
    record_load(f"read through the gateway, c={CONCURRENCY} ({backend})", loaded, bare_rps, ">=30%")


async def summary_fan_out(
    system: System, gateway: str, officer: dict[str, str], backend: str
) -> None:
    """The summary against the slowest single service call it makes (each measured alone at c=1)."""
    headers = {"Authorization": officer["Authorization"]}
    ic = "900101140001"  # on the first prepared submission
    summary = await run_load(
        lambda i: ("GET", f"{gateway}/v1/insured-persons/{ic}/summary", None, headers),
        total=300,
        concurrency=1,
    )
    slowest = 0.0
    for name, prefix in (
        ("contribution", "contributions"),
        ("loan", "loans"),
        ("dialysis", "dialysis"),
        ("appeals", "appeals"),
    ):
        if name not in system.ports:
            continue
        url = f"http://127.0.0.1:{system.ports[name]}/v1/{prefix}/insured-persons/{ic}"
        single = await run_load(
            lambda i, u=url: ("GET", u, None, headers), total=300, concurrency=1
        )
        slowest = max(slowest, single.p50)
        report_failures(f"summary fan-out: {name} alone ({backend})", single)
    report_failures(f"summary fan-out ({backend})", summary)
    record(
        f"summary fan-out vs slowest service call, c=1 ({backend})",
        f"p50 {summary.p50:.2f} vs {slowest:.2f} ms",
        f"{summary.p50 / slowest:.2f}x" if slowest else "",
        "<=1.3x",
    )


async def bulk_submission(gateway: str, officer: dict[str, str], pid: int, backend: str) -> None:
    lines = [
        {
            "ic": f"{80 + k % 15:02d}{k % 12 + 1:02d}{k % 28 + 1:02d}10{k % 10000:04d}",
            "name": f"Bulk {k}",
            "wage": f"{1000 + k % 5000}.00",
        }
        for k in range(10_000)
    ]
    async with aiohttp.ClientSession(
        headers=officer, timeout=aiohttp.ClientTimeout(total=300)
    ) as s:
        await s.post(
            f"{gateway}/v1/contributions/employers",
            json={"employer_code": "E9000002", "name": "Bulk"},
        )
        started = time.perf_counter()
        async with s.post(
            f"{gateway}/v1/contributions/employers/E9000002/submissions",
            json={"month": "2025-06", "lines": lines},
        ) as r:
            await r.read()
            status = r.status
        elapsed = time.perf_counter() - started
    record(
        f"bulk submission, 10,000 lines ({backend})",
        f"{10_000 / elapsed:,.0f} lines/s ({elapsed:.2f} s, HTTP {status})",
        f"peak RSS {peak_rss_mb(pid):.0f} MB",
        ">=15,000 rows/s",
    )


async def relay_throughput(workdir: Path) -> None:
    """The outbox relay alone: 20,000 committed events drained to JetStream."""
    from services.contribution.models import INFRA
    from shared.kernel.clock import SystemClock
    from shared.kernel.events import Envelope
    from shared.messaging.bus import EventBus
    from shared.messaging.relay import OutboxRelay
    from shared.persistence.db import create_engine, create_read_sessionmaker, create_sessionmaker
    from shared.persistence.migrations import upgrade_to_head
    from shared.persistence.uow import write_events

    system = System(workdir / "relay")
    system.workdir.mkdir(parents=True, exist_ok=True)
    try:
        nats_url = system.start_nats()
        url = f"sqlite+aiosqlite:///{system.workdir / 'relay.db'}"
        await asyncio.to_thread(
            upgrade_to_head, ROOT / "services" / "contribution" / "alembic.ini", url
        )
        engine = create_engine(url)
        sessionmaker = create_sessionmaker(engine)
        clock = SystemClock()
        count = 20_000
        async with sessionmaker() as session:
            envelopes = [
                Envelope(
                    type="contribution.bench.event",
                    source="bench",
                    subject=str(i),
                    occurred_at=clock.now(),
                    actor="bench",
                    correlation_id="bench",
                    data={"n": i},
                )
                for i in range(count)
            ]
            await write_events(session, INFRA, envelopes)
            await session.commit()
        bus = EventBus(nats_url, name="bench-relay")
        bus.start()
        await bus.ensure_stream("CONTRIBUTION", ["contribution.>"])
        relay = OutboxRelay(
            sessionmaker=sessionmaker,
            read_sessionmaker=create_read_sessionmaker(engine),
            tables=INFRA,
            bus=bus,
            clock=clock,
            source="bench",
            batch_size=1000,
            lock_rows=False,
        )
        started = time.perf_counter()
        published = 0
        while published < count:
            published += await relay.publish_pending()
        elapsed = time.perf_counter() - started
        await bus.close()
        await engine.dispose()
        record(
            "outbox relay to JetStream (sqlite)",
            f"{count / elapsed:,.0f} events/s",
            f"{count} in {elapsed:.1f} s",
            ">=2,000 events/s",
        )
    finally:
        system.stop()


PARTS = ("sqlite", "postgres", "relay", "textfile")


def main() -> int:
    """`python bench/run.py [sqlite] [postgres] [relay] [textfile]`: all parts when none is named."""
    parts = set(sys.argv[1:]) or set(PARTS)
    unknown = parts - set(PARTS)
    if unknown:
        print(f"unknown parts {sorted(unknown)}; choose from {', '.join(PARTS)}")
        return 2
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"bench {date.today()} commit {commit} cores {os.cpu_count()} python {platform.python_version()}"
    )
    print(f"  {'benchmark':<58} {'result':<34} {'vs ceiling':<14} target")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)

        async def everything() -> None:
            bare = await ceiling(workdir)
            for backend in ("sqlite", "postgres"):
                if backend in parts:
                    await contribution_suite(workdir, backend, bare.rps)
            if "relay" in parts:
                await relay_throughput(workdir)
            if "textfile" in parts:
                result = await textfile_bench.run(workdir / "textfile")
                record(
                    f"text file upload, {int(result['lines']):,} lines (sqlite)",
                    f"{result['lines_per_second']} lines/s ({result['seconds']} s, {result['status']})",
                    f"peak RSS {result['peak_rss_mb']} MB",
                    "<10 s, <300 MB",
                )

        asyncio.run(everything())
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{date.today()}-{commit}.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
