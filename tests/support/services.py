"""Run a service in-process on a fresh database, with its real lifespan (NATS, relay, consumers)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from shared.kernel.clock import MALAYSIA_TIME, FixedClock
from shared.persistence.migrations import upgrade_to_head
from shared.web.runtime import ServiceRuntime
from tests.support import auth
from tests.support.databases import DatabaseFactory

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The business clock of in-process services: late August 2025, after the July submissions' due
# date and the payments the tests make for them (a payment cannot be dated after today).
DEFAULT_TIME = datetime(2025, 8, 31, 10, 0, tzinfo=MALAYSIA_TIME)


@dataclass
class RunningService:
    name: str
    app: FastAPI
    client: httpx.AsyncClient
    clock: FixedClock
    database_url: str

    @property
    def runtime(self) -> ServiceRuntime:
        runtime: ServiceRuntime = self.app.state.runtime
        return runtime


async def migrate(name: str, database_url: str) -> None:
    ini = PROJECT_ROOT / "services" / name / "alembic.ini"
    await asyncio.to_thread(upgrade_to_head, ini, database_url)


@contextlib.asynccontextmanager
async def running_service(
    name: str,
    *,
    databases: DatabaseFactory,
    nats_url: str,
    clock: FixedClock | None = None,
    database_url: str | None = None,
    **settings_overrides: Any,
) -> AsyncIterator[RunningService]:
    """`database_url` starts the service again on a database an earlier run migrated (a restart)."""
    if database_url is None:
        database_url = await databases.create(name)
        await migrate(name, database_url)
    config = importlib.import_module(f"services.{name}.config")
    main = importlib.import_module(f"services.{name}.main")
    settings = config.Settings(
        database_url=database_url,
        nats_url=nats_url,
        log_json=True,
        log_level="WARNING",
        outbox_poll_seconds=0.2,
        consumer_prefix=f"t{uuid.uuid4().hex[:8]}-",
        # A test's new durables read the last minutes of the session's streams, not every
        # earlier test's events: what the test itself published, and whatever came just before.
        consumer_history_seconds=60,
        **settings_overrides,
    )
    the_clock = clock or FixedClock(DEFAULT_TIME)
    app: FastAPI = main.create_app(settings, verifier=auth.verifier(), clock=the_clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
            yield RunningService(
                name=name, app=app, client=client, clock=the_clock, database_url=database_url
            )


@contextlib.contextmanager
def clock_at(service: RunningService, when: str) -> Iterator[None]:
    """The service's business clock at `when` (RFC 3339) for a journey's step, then back."""
    before = service.clock.now()
    service.clock.set(datetime.fromisoformat(when))
    try:
        yield
    finally:
        service.clock.set(before)


@contextlib.asynccontextmanager
async def consumers_paused(service: RunningService) -> AsyncIterator[None]:
    """The service's durable consumers stopped inside the block and started again after it, for a
    test that counts an engine's statements: a new durable works through its streams' recent
    events (other tests') on the same engine, and those are not the ones counted. The service is
    the session's, so they must run again after; `handle` works by hand meanwhile."""
    for consumer in service.runtime.consumers:
        await consumer.stop()
    try:
        yield
    finally:
        for consumer in service.runtime.consumers:
            consumer.start()
