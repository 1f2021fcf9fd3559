"""Where the CPU of a request goes, process by process (issue 19): a signed callback end to end
and a read through the gateway, each at 32 clients, with the CPU time each process (the
contribution service, the gateway, NATS, the load generator) spent per request, read from /proc.

On a machine of N cores the sum of those is what bounds the rate: N / (CPU per request). That is
the figure to set against the bare ceiling, which spends its CPU in one server and one client.

    python bench/cpu_split.py [--postgres] [--profile]

`--profile` also samples the service and the gateway with py-spy (not a dependency of the
project: `pip install py-spy`; it needs to be allowed to read another process's memory) and
prints each one's samples by library: where in the stack each sample was when it was taken.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import LoadResult, run_load
from bench.run import postgres_url, prepare_submissions, signed_callbacks, token
from bench.system import ROOT, System

CONCURRENCY = 32
REQUESTS = 4000
MEASURED = ("contribution", "gateway", "nats")
# Each sample is put down to the innermost frame that matches, first rule first: the library
# the process was in when it was sampled.
LIBRARIES = [
    ("SQLite (aiosqlite's thread)", r"aiosqlite/|sqlite3|sqlite_driver"),
    ("asyncpg", r"asyncpg/"),
    ("SQLAlchemy", r"sqlalchemy/"),
    ("NATS client", r"nats/"),
    ("pydantic", r"pydantic"),
    ("JSON", r"json/|orjson|jsonutil"),
    ("logging, metrics", r"structlog|logging/|prometheus_client"),
    ("aiohttp (the gateway's client)", r"aiohttp/"),
    ("signatures, tokens", r"cryptography|jwt/|signatures"),
    ("uvicorn, httptools", r"uvicorn/|httptools"),
    ("FastAPI, Starlette", r"fastapi/|starlette/"),
    ("the project's own code", r"\((services|shared|gateway)/"),
    ("asyncio's event loop", r"asyncio/|uvloop|selectors"),
]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def by_library(raw: Path) -> Counter[str]:
    """py-spy's raw output (one `frame;frame;... count` line per stack) summed by library."""
    found: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        library = next(
            (
                name
                for frame in reversed(frames)
                for name, pattern in LIBRARIES
                if re.search(pattern, frame)
            ),
            "other",
        )
        found[library] += int(count)
    return found


async def measured(
    system: System,
    name: str,
    request: Callable[[int], tuple[str, str, bytes | None, dict[str, str]]],
    profile_dir: Path | None,
) -> None:
    await run_load(lambda i: request(10_000_000 + i), total=300, concurrency=CONCURRENCY)
    spies = []
    if profile_dir is not None:
        for process in ("contribution", "gateway"):
            out = profile_dir / f"{name.split()[0]}-{process}.txt"
            pid = str(system.processes[process].pid)
            command = ["py-spy", "record", "-p", pid, "-o", str(out), "-f", "raw", "-r", "250"]
            spies.append((process, out, subprocess.Popen([*command, "--nonblocking"])))
        await asyncio.sleep(1)
    pids = {process: system.processes[process].pid for process in MEASURED}
    before = {process: cpu_seconds(pid) for process, pid in pids.items()}
    own_before = time.process_time()
    result: LoadResult = await run_load(request, total=REQUESTS, concurrency=CONCURRENCY)
    own = time.process_time() - own_before
    spent = {process: cpu_seconds(pid) - before[process] for process, pid in pids.items()}
    spent["load generator"] = own
    total = sum(spent.values())
    print(
        f"\n{name}: {result.rps:,.0f} req/s, p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms, "
        f"answers {dict(result.statuses)}"
    )
    for process, seconds in spent.items():
        print(f"  {process:<16} {seconds / REQUESTS * 1000:6.3f} ms CPU a request")
    cores = os.cpu_count() or 1
    print(
        f"  {'all of them':<16} {total / REQUESTS * 1000:6.3f} ms: at most "
        f"{cores * REQUESTS / total:,.0f} req/s on {cores} cores"
    )
    for process, out, spy in spies:
        spy.send_signal(2)
        spy.wait()
        counts = by_library(out)
        samples = sum(counts.values()) or 1
        split = ", ".join(
            f"{k} {v / samples:.0%}" for k, v in counts.most_common() if v / samples >= 0.01
        )
        print(f"  {process} by library: {split}")


async def main(postgres: bool, profile: bool) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="cpu-split-"))
    database_url = (
        await postgres_url("cpu_split_contribution")
        if postgres
        else f"sqlite+aiosqlite:///{workdir / 'contribution.db'}"
    )
    if database_url is None:
        raise SystemExit("PostgreSQL is not reachable (TEST_POSTGRES_URL)")
    profile_dir = None
    if profile:
        if shutil.which("py-spy") is None:
            raise SystemExit("--profile needs py-spy on PATH (pip install py-spy)")
        profile_dir = ROOT / "var" / "cpu-split"
        profile_dir.mkdir(parents=True, exist_ok=True)
    system = System(workdir)
    try:
        system.start_nats()
        system.prepare_gateway()
        system.start_service("contribution", database_url)
        gateway = f"http://127.0.0.1:{system.start_gateway()}"
        officer = {
            "Authorization": f"Bearer {await token(gateway, 'officer-1')}",
            "Content-Type": "application/json",
        }
        references = await prepare_submissions(gateway, officer)

        callback = signed_callbacks(gateway, references, "SPLIT")
        read_headers = {"Authorization": officer["Authorization"]}

        def read(_: int) -> tuple[str, str, bytes | None, dict[str, str]]:
            return ("GET", f"{gateway}/v1/contributions/banks", None, read_headers)

        backend = "PostgreSQL" if postgres else "SQLite"
        await measured(system, f"signed callbacks end to end ({backend})", callback, profile_dir)
        await measured(system, f"reads through the gateway ({backend})", read, profile_dir)
    finally:
        system.stop()


if __name__ == "__main__":
    asyncio.run(main(postgres="--postgres" in sys.argv, profile="--profile" in sys.argv))
