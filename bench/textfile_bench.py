"""A 100,000-line PERKESO text file through the real contribution service: lines/s and peak memory.

`python bench/textfile_bench.py` (also part of `make bench`) on SQLite; `python
bench/textfile_bench.py postgres` on a fresh PostgreSQL database (TEST_POSTGRES_URL, else the local
one; dropped afterwards), run by hand. The file is generated here, streamed to the service with a
chunked upload, processed as a background job, and polled until done.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import aiohttp
import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.system import System, peak_rss_mb, secret_of
from services.contribution.domain.calculator import Category, calculate
from services.contribution.domain.months import ContributionMonth
from services.contribution.textfile.layouts import COMBINED_V2
from services.contribution.textfile.records import render

LINES = int(os.environ.get("BENCH_TEXTFILE_LINES", "100000"))
POSTGRES_ADMIN = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
).replace("+asyncpg", "")


def write_file(path: Path, employer: str, lines: int) -> None:
    month = ContributionMonth(2025, 7)
    born = date(1985, 1, 1)
    with path.open("w", newline="") as handle:
        for k in range(lines):
            wage = Decimal(1000 + (k * 37) % 5000)
            b = calculate(wage=wage, category=Category.FIRST, eis=True, month=month)
            # Unique ICs: a birth date per ten thousand lines' offset, a serial per ten-thousand block.
            day = born + timedelta(days=k % 10000)
            values = {
                "employer_code": employer,
                "mycoid": "",
                "id_number": f"{day:%y%m%d}14{k // 10000:04d}",
                "name": f"PEKERJA {k}",
                "month": "072025",
                "wage": wage,
                "socso_employer": b.socso.employer,
                "socso_employee": b.socso.employee,
                "eis_employer": b.eis.employer if b.eis else 0,
                "eis_employee": b.eis.employee if b.eis else 0,
                "skbbk_employee": Decimal("0"),
            }
            handle.write(render(values, COMBINED_V2) + "\r\n")  # type: ignore[arg-type]


async def run(workdir: Path, database_url: str | None = None) -> dict[str, str]:
    system = System(workdir)
    try:
        system.start_nats()
        system.prepare_gateway()
        system.env["BUSINESS_TIME"] = "2025-08-10T10:00:00+08:00"
        system.env["CONTRIBUTION_SPOOL_DIR"] = str(workdir / "spool")
        system.start_service(
            "contribution", database_url or f"sqlite+aiosqlite:///{workdir / 'contribution.db'}"
        )
        gateway = f"http://127.0.0.1:{system.start_gateway()}"
        path = workdir / "SOCSO_EIS_072025.txt"
        write_file(path, "E9000009", LINES)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as s:
            form = {
                "grant_type": "client_credentials",
                "client_id": "officer-1",
                "client_secret": secret_of("officer-1"),
            }
            async with s.post(f"{gateway}/auth/token", data=form) as r:
                headers = {"Authorization": f"Bearer {(await r.json())['access_token']}"}
            await s.post(
                f"{gateway}/v1/contributions/employers",
                json={"employer_code": "E9000009", "name": "Bulk"},
                headers=headers,
            )

            async def chunks():  # type: ignore[no-untyped-def]
                with path.open("rb") as handle:
                    while chunk := handle.read(256 * 1024):
                        yield chunk

            started = time.perf_counter()
            async with s.post(
                f"{gateway}/v1/contributions/employers/E9000009/submissions/textfile",
                data=chunks(),
                headers={**headers, "Content-Type": "text/plain"},
            ) as r:
                job = await r.json()
            location = f"{gateway}/v1/contributions/employers/E9000009/submissions/textfile/jobs/{job['job_id']}"
            while job["status"] in ("queued", "running"):
                # Polled often enough that the poll adds little to the time measured.
                await asyncio.sleep(0.1)
                async with s.get(location, headers=headers) as r:
                    job = await r.json()
            elapsed = time.perf_counter() - started
        report = job.get("report", {})
        return {
            "lines": str(LINES),
            "seconds": f"{elapsed:.1f}",
            "lines_per_second": f"{LINES / elapsed:,.0f}",
            "status": f"{job['status']} ({report.get('accepted', 0)} accepted)",
            "peak_rss_mb": f"{peak_rss_mb(system.processes['contribution'].pid):.0f}",
            "file_mb": f"{path.stat().st_size / 1e6:.1f}",
        }
    finally:
        system.stop()


async def on_postgres(workdir: Path) -> dict[str, str]:
    """The same run on a PostgreSQL database of its own, dropped afterwards."""
    database = f"bench_textfile_{os.getpid()}"
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    await admin.execute(f'CREATE DATABASE "{database}"')
    try:
        base = POSTGRES_ADMIN.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0]
        return await run(workdir, f"{base}/{database}")
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.close()


def main() -> dict[str, str]:
    postgres = sys.argv[1:] == ["postgres"]
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(on_postgres(Path(tmp)) if postgres else run(Path(tmp)))
    print({"database": "postgres" if postgres else "sqlite", **result})
    return result


if __name__ == "__main__":
    main()
