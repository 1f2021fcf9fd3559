"""What each layer of a request costs (issue 19): the ASGI server (uvicorn against Granian, a
Rust-based one) under a raw ASGI app, FastAPI's routing, and a service endpoint's validation,
dependency and response model, each at 32 clients and at one, in one run on this machine.

    python bench/layers.py
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import run_load
from bench.system import PYTHON, ROOT, UVICORN_FLAGS, free_port, wait_port

CONCURRENCY = 32
REQUESTS = 6000
CALLBACK = json.dumps(
    {
        "bank_txn_id": "TXN-1",
        "reference": "E1000001-202507-01-8",
        "amount": "91.40",
        "paid_at": "2025-08-14T10:00:00+08:00",
        "channel": "FPX",
    }
).encode()
APPS = {
    "raw ASGI": ("bench.layer_apps:raw", "GET", "/"),
    "FastAPI, a fixed JSON answer": ("bench.bare_app:app", "GET", "/bare"),
    "FastAPI, a validated body, a dependency, a response model": (
        "bench.layer_apps:endpoint",
        "POST",
        "/v1/callbacks/MBB",
    ),
}


# Granian's own tuning for one core's worth of work: one runtime thread, single-threaded mode.
GRANIAN_ONE_THREAD = ["--runtime-mode", "st", "--runtime-threads", "1"]
SERVERS = ("uvicorn", "granian", "granian, one runtime thread")


def server(kind: str, app: str, port: int) -> list[str]:
    if kind == "uvicorn":
        return [
            PYTHON,
            "-m",
            "uvicorn",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *UVICORN_FLAGS,
        ]
    return [
        PYTHON, "-m", "granian", app, "--interface", "asgi", "--host", "127.0.0.1",
        "--port", str(port), "--workers", "1", "--loop", "uvloop", "--http", "1", "--no-ws",
        "--log-level", "warning", "--no-access-log",
        *(GRANIAN_ONE_THREAD if kind.endswith("one runtime thread") else []),
    ]  # fmt: skip


async def measure(kind: str, app: str, method: str, path: str) -> tuple[float, float, float]:
    port = free_port()
    process = subprocess.Popen(server(kind, app, port), cwd=ROOT)
    try:
        wait_port(port)
        url = f"http://127.0.0.1:{port}{path}"
        body = CALLBACK if method == "POST" else None
        headers = {"Content-Type": "application/json"} if body else {}

        def request(i: int) -> tuple[str, str, bytes | None, dict[str, str]]:
            return method, url, body, headers

        await run_load(request, total=500, concurrency=CONCURRENCY)
        loaded = await run_load(request, total=REQUESTS, concurrency=CONCURRENCY)
        single = await run_load(request, total=1000, concurrency=1)
        assert set(loaded.statuses) == {200}, loaded.statuses
        return loaded.rps, loaded.percentile(99), single.percentile(50)
    finally:
        process.terminate()
        process.wait(timeout=10)


async def main() -> None:
    print(f"| layer | server | req/s at c={CONCURRENCY} | p99 ms | p50 ms at c=1 |")
    print("| --- | --- | --- | --- | --- |")
    for name, (app, method, path) in APPS.items():
        for kind in SERVERS:
            rps, p99, p50 = await measure(kind, app, method, path)
            print(f"| {name} | {kind} | {rps:,.0f} | {p99:.1f} | {p50:.2f} |", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
