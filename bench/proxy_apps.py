"""Two minimal one-hop proxies, identical but for the client library (used by proxy_hop.py)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

import aiohttp
import httpx
from fastapi import FastAPI, Response


def aiohttp_proxy() -> FastAPI:
    upstream = os.environ["UPSTREAM_URL"]
    state: dict[str, aiohttp.ClientSession] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state["s"] = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=512))
        yield
        await state["s"].close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/hop")
    async def hop() -> Response:
        async with state["s"].get(upstream) as r:
            return Response(await r.read(), status_code=r.status, media_type="application/json")

    return app


def httpx_proxy() -> FastAPI:
    upstream = os.environ["UPSTREAM_URL"]
    state: dict[str, httpx.AsyncClient] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state["c"] = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=512, max_keepalive_connections=512)
        )
        yield
        await state["c"].aclose()

    app = FastAPI(lifespan=lifespan)

    @app.get("/hop")
    async def hop() -> Response:
        r = await state["c"].get(upstream)
        return Response(r.content, status_code=r.status_code, media_type="application/json")

    return app
