"""How the gateway's hop client was chosen: the same one-hop proxy with aiohttp and with httpx.

Starts a bare upstream, then a minimal FastAPI proxy per client library, each under the same uvicorn
settings, and drives them with the same bounded load. `python bench/proxy_hop.py`
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import run_load
from bench.system import System

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "5000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        system = System(Path(tmp))
        try:
            upstream = system.start_uvicorn("bare", "bench.bare_app:app", factory=False)
            system.env["UPSTREAM_URL"] = f"http://127.0.0.1:{upstream}/bare"
            ports = {
                "aiohttp": system.start_uvicorn(
                    "aiohttp-proxy", "bench.proxy_apps:aiohttp_proxy", factory=True
                ),
                "httpx": system.start_uvicorn(
                    "httpx-proxy", "bench.proxy_apps:httpx_proxy", factory=True
                ),
            }
            bare_url = system.env["UPSTREAM_URL"]
            await run_load(
                lambda i: ("GET", bare_url, None, {}), total=500, concurrency=CONCURRENCY
            )
            bare = await run_load(
                lambda i: ("GET", bare_url, None, {}), total=REQUESTS, concurrency=CONCURRENCY
            )
            print(f"bare upstream, c={CONCURRENCY}: {bare.rps:,.0f} req/s")
            for name, port in ports.items():
                url = f"http://127.0.0.1:{port}/hop"
                await run_load(
                    lambda i, u=url: ("GET", u, None, {}), total=300, concurrency=CONCURRENCY
                )
                result = await run_load(
                    lambda i, u=url: ("GET", u, None, {}), total=REQUESTS, concurrency=CONCURRENCY
                )
                single = await run_load(
                    lambda i, u=url: ("GET", u, None, {}), total=1000, concurrency=1
                )
                print(
                    f"one hop via {name:<8} c={CONCURRENCY}: {result.rps:,.0f} req/s ({result.rps / bare.rps:.1%} of bare), "
                    f"p99 {result.p99:.1f} ms; c=1 p50 {single.p50:.2f} ms"
                )
        finally:
            system.stop()


if __name__ == "__main__":
    asyncio.run(main())
