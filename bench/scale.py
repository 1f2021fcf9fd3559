"""`make bench-scale`: two sizes of a national-shaped data set, loaded and measured side by side.

`python bench/scale.py [SMALL LARGE]`, each `employers:persons:months` (default `BENCH_SCALE_SIZES`,
else 50:1000:12 and ten times that). Each size gets fresh PostgreSQL databases, the real
processes (NATS, four services, gateway) on a business clock of 2026-12-20, and the data through
the services' own APIs (bench/scale_load.py). Then, through the gateway at one client: each main
read's p50 and p99; the bulk ingest's lines/s; the month-end pass of the deadline watcher over
every employer; bytes on disk per contribution line. The growth table (each figure at both sizes
and larger/smaller) is printed and written to var/bench-scale-<day>-<commit>.json.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import run_load
from bench.run import postgres_url, token
from bench.scale_data import AS_OF, Size, generate
from bench.scale_load import Target, load
from bench.scale_reads import main_reads
from bench.system import ROOT, System
from gateway.signatures import sign

READS = int(os.environ.get("BENCH_SCALE_READS", "200"))
SERVICES = ("contribution", "loan", "dialysis", "appeals")


async def measure(size: Size, workdir: Path) -> dict[str, Any]:
    urls = {name: await postgres_url(f"scale_{name}") for name in SERVICES}
    if None in urls.values():
        raise SystemExit("PostgreSQL is not reachable (TEST_POSTGRES_URL): bench-scale needs it")
    system = System(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    system.env["BUSINESS_TIME"] = AS_OF.isoformat()
    # The month-end pass is timed on its own below; the services' own watchers look once at start.
    system.env["DEADLINE_CHECK_SECONDS"] = "86400"
    figures: dict[str, Any] = {"size": str(size)}
    dsns = [str(url).replace("+asyncpg", "") for url in urls.values()]
    contribution_dsn = dsns[SERVICES.index("contribution")]
    try:
        system.start_nats()
        system.prepare_gateway()
        for name in SERVICES:
            system.start_service(name, str(urls[name]))
        gateway = f"http://127.0.0.1:{system.start_gateway()}"
        officer = {"Authorization": f"Bearer {await token(gateway, 'officer-1')}"}
        second = {"Authorization": f"Bearer {await token(gateway, 'officer-2')}"}
        data = generate(size)
        print(f"  size {size}: {data.lines:,} lines to load", flush=True)
        async with httpx.AsyncClient(base_url=gateway, timeout=300) as client:
            target = Target(
                contribution=client,
                loan=client,
                dialysis=client,
                appeals=client,
                officer=officer,
                second_officer=second,
                bank=lambda body: {"X-Signature": sign("whsec-bench", int(time.time()), body)},
            )
            loaded = await load(data, target, after_each_month=await planner_statistics(dsns))
        figures["load seconds"] = round(loaded.seconds, 1)
        figures["bulk ingest, lines/s"] = round(loaded.lines_per_second)
        figures["signed callbacks, /s"] = round(loaded.callbacks / loaded.callback_seconds)
        await caught_up(system.env["NATS_URL"])
        await analyse(dsns)
        for read in main_reads(data, loaded):
            url = gateway + read.path
            spec = ("GET", url, None, officer)
            await run_load(lambda i, s=spec: s, total=20, concurrency=1)
            result = await run_load(lambda i, s=spec: s, total=READS, concurrency=1)
            bad = {k: v for k, v in result.statuses.items() if not 200 <= k < 300}
            if bad:
                raise SystemExit(f"{read.name}: answers {bad} from {read.path}")
            figures[f"{read.name}, p50 ms"] = round(result.p50, 2)
            figures[f"{read.name}, p99 ms"] = round(result.p99, 2)
        seconds, raised = await month_end(system, str(urls["contribution"]))
        figures["month-end pass, employers/s"] = round(len(data.employers) / seconds)
        figures["month-end pass, seconds"] = round(seconds, 2)
        figures["month-end pass, overdue raised"] = raised
        figures["bytes on disk per contribution line"] = await bytes_per_line(contribution_dsn)
        return figures
    finally:
        system.stop()
        if not os.environ.get("BENCH_SCALE_KEEP"):
            await drop(urls.values())


async def caught_up(nats_url: str) -> None:
    """Reads are timed on a quiet system: every durable consumer has handled every event."""
    import nats

    connection = await nats.connect(nats_url)
    try:
        js = connection.jetstream()
        while True:
            behind = 0
            for stream in await js.streams_info():
                for consumer in await js.consumers_info(stream.config.name):
                    behind += consumer.num_pending + consumer.num_ack_pending
            if behind == 0:
                return
            await asyncio.sleep(0.5)
    finally:
        await connection.close()


async def analyse(dsns: list[str]) -> None:
    """Fresh planner statistics, as autovacuum would have by the time a production read runs."""
    for dsn in dsns:
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute("ANALYZE")
        finally:
            await connection.close()


async def planner_statistics(dsns: list[str]) -> Callable[[], Awaitable[None]] | None:
    """What stands in for autovacuum while loading, on a server that has it off (test servers
    often do). Without it a table loaded from empty keeps the statistics of an empty table, and
    the planner reads all of `insured_persons` for each submission's lookup of its people: 14,074
    sequential scans, 520 million rows, in the first six months of 2,000 employers, and the load
    rate halved, a growth of this server's and not of the platform."""
    connection = await asyncpg.connect(dsns[0])
    try:
        if str(await connection.fetchval("SHOW autovacuum")) == "on":
            return None
    finally:
        await connection.close()
    return functools.partial(analyse, dsns)


async def month_end(system: System, database_url: str) -> tuple[float, int]:
    """One full round of the contribution service's deadline watcher over every employer's
    submissions (`contribution.submission.overdue` for each one owing past its due date), run
    in-process on the loaded database so the round itself is timed."""
    from services.contribution.config import ContributionSettings
    from services.contribution.main import create_app
    from shared.kernel.clock import FixedClock
    from shared.persistence.deadline_watcher import DeadlineWatcher

    settings = ContributionSettings(
        database_url=database_url,
        nats_url=system.env["NATS_URL"],
        jwks_url=system.env["JWKS_URL"],
        consumer_prefix="month-end-",
        deadline_check_seconds=86400,
        log_level="WARNING",
    )
    app = create_app(settings, clock=FixedClock(AS_OF))
    started = time.perf_counter()
    async with app.router.lifespan_context(app):
        watcher = app.state.runtime.component(DeadlineWatcher, lambda: None)
        while watcher.rounds < 1:
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - started
    connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        raised = await connection.fetchval("SELECT count(*) FROM deadline_breaches")
    finally:
        await connection.close()
    return elapsed, int(raised)


async def bytes_per_line(dsn: str) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        # The lines are partitioned by month: the parent holds nothing, its partitions hold it all.
        size = await connection.fetchval(
            "SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('submission_lines')"
        )
        rows = await connection.fetchval("SELECT count(*) FROM submission_lines")
    finally:
        await connection.close()
    return round(size / rows)


async def drop(urls: Any) -> None:
    from bench.run import POSTGRES_ADMIN

    connection = await asyncpg.connect(POSTGRES_ADMIN.replace("+asyncpg", ""))
    try:
        for url in urls:
            database = str(url).rsplit("/", 1)[1]
            await connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await connection.close()


def growth_table(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for key in small:
        if key == "size":
            continue
        a, b = small[key], large[key]
        ratio = round(b / a, 2) if isinstance(a, int | float) and a else None
        rows.append({"figure": key, "small": a, "large": b, "ratio": ratio})
    return rows


def main() -> int:
    given = sys.argv[1:] or os.environ.get("BENCH_SCALE_SIZES", "50:1000:12,500:10000:12").split(
        ","
    )
    small, large = (Size.parse(text) for text in given)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"bench-scale {date.today()} commit {commit} cores {os.cpu_count()}", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        results = [
            asyncio.run(measure(size, Path(tmp) / str(n))) for n, size in enumerate((small, large))
        ]
    rows = growth_table(*results)
    print(f"\n  {'figure':<52} {small!s:>16} {large!s:>16} {'ratio':>7}")
    for row in rows:
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else ""
        print(f"  {row['figure']:<52} {row['small']!s:>16} {row['large']!s:>16} {ratio:>7}")
    total = time.perf_counter() - started
    print(f"\n  whole run {total / 60:.1f} min", flush=True)
    out = ROOT / "var"
    out.mkdir(exist_ok=True)
    report = {
        "day": str(date.today()),
        "commit": commit,
        "cores": os.cpu_count(),
        "sizes": [str(small), str(large)],
        "seconds": round(total),
        "rows": rows,
    }
    (out / f"bench-scale-{date.today()}-{commit}.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
