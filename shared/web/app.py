"""The one way a service is assembled: middleware, error handling, health, lifespan, outbox relay,
consumers and deadline checks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

import structlog
from fastapi import APIRouter, FastAPI, Request
from fastapi.telemetry import TelemetryConfig
from sqlalchemy import text

from shared.kernel.clock import Clock, FixedClock, SystemClock
from shared.messaging.bus import EventBus
from shared.messaging.consumer import ConsumerSpec, DurableConsumer
from shared.messaging.relay import OutboxRelay
from shared.persistence.db import (
    create_engine,
    create_read_sessionmaker,
    create_sessionmaker,
    is_sqlite,
)
from shared.persistence.deadline_watcher import DeadlineCheck, DeadlineWatcher
from shared.persistence.infra_tables import InfraTables
from shared.persistence.uow import UnitOfWork
from shared.process.gc_tuning import freeze_startup_heap, thaw_heap
from shared.process.logging_setup import configure_logging
from shared.process.settings import ServiceSettings
from shared.web.auth import TokenVerifier
from shared.web.canonical_path import CanonicalPathMiddleware
from shared.web.docs import install_offline_docs
from shared.web.health import health_router
from shared.web.idempotency import IdempotencyMiddleware, IdempotencyStore
from shared.web.openapi import install_problem_openapi
from shared.web.operations import operations_router
from shared.web.problems import install_problem_handlers
from shared.web.request_context import RequestContextMiddleware
from shared.web.runtime import ServiceRuntime

log = structlog.get_logger(__name__)

PURGE_INTERVAL_SECONDS = 3600.0

# FastAPI's OpenTelemetry hooks look up the global tracer, meter and logger providers on every
# request (3% of a proxied read's CPU, profiled), though no provider is ever configured here: the
# processes are observed through Prometheus metrics and structured logs with request ids.
NO_OPENTELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


@dataclass(frozen=True)
class StreamSpec:
    """The JetStream stream a service owns: its name and subjects (CONTRACT.md "Events")."""

    name: str
    subjects: Sequence[str]


def create_service_app(
    *,
    title: str,
    source: str,
    settings: ServiceSettings,
    tables: InfraTables,
    stream: StreamSpec,
    routers: Sequence[APIRouter],
    api_prefix: str | None = None,
    consumers: Callable[[ServiceRuntime], Sequence[ConsumerSpec]] | None = None,
    deadlines: Callable[[ServiceRuntime], Sequence[DeadlineCheck]] | None = None,
    verifier: TokenVerifier | None = None,
    clock: Clock | None = None,
    description: str = "",
    on_startup: Callable[[ServiceRuntime], Awaitable[None]] | None = None,
    unit_of_work: type[UnitOfWork] = UnitOfWork,
) -> FastAPI:
    """Build a service app; nothing connects until the lifespan starts.

    `api_prefix` (`/v1/loans`, ...) is where the service's consumer operations are mounted.
    """
    configure_logging(service=source, level=settings.log_level, json=settings.log_json)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
        read_engine = (
            create_engine(settings.database_url, for_reads=True)
            if is_sqlite(settings.database_url)
            else engine
        )
        sessionmaker = create_sessionmaker(engine)
        read_sessionmaker = create_read_sessionmaker(read_engine)
        bus = EventBus(settings.nats_url, name=source)
        the_clock = clock or (
            FixedClock(settings.business_time) if settings.business_time else SystemClock()
        )
        relay = OutboxRelay(
            sessionmaker=sessionmaker,
            read_sessionmaker=read_sessionmaker,
            tables=tables,
            bus=bus,
            clock=the_clock,
            source=source,
            batch_size=settings.outbox_batch_size,
            poll_seconds=settings.outbox_poll_seconds,
            lock_rows=not is_sqlite(settings.database_url),
        )
        runtime = ServiceRuntime(
            settings=settings,
            source=source,
            engine=engine,
            sessionmaker=sessionmaker,
            read_sessionmaker=read_sessionmaker,
            tables=tables,
            bus=bus,
            relay=relay,
            verifier=verifier
            or TokenVerifier(
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                jwks_url=settings.jwks_url,
            ),
            clock=the_clock,
            unit_of_work_class=unit_of_work,
        )
        app.state.runtime = runtime
        bus.start()
        background = [
            asyncio.create_task(_ensure_stream_forever(bus, stream), name=f"{source}-stream"),
            asyncio.create_task(_purge_idempotency_keys(runtime), name=f"{source}-idem-purge"),
        ]
        relay.start()
        for spec in consumers(runtime) if consumers else ():
            consumer = DurableConsumer(
                replace(spec, durable=settings.consumer_prefix + spec.durable),
                bus=bus,
                sessionmaker=sessionmaker,
                tables=tables,
                clock=the_clock,
                on_commit=relay.wake,
                max_deliveries=settings.consumer_max_deliveries,
                history_seconds=settings.consumer_history_seconds,
                name=spec.durable,
            )
            runtime.consumers.append(consumer)
            consumer.start()
        watcher = runtime.component(
            DeadlineWatcher,
            lambda: DeadlineWatcher(
                deadlines(runtime) if deadlines else (),
                unit_of_work=lambda round_id: runtime.unit_of_work(
                    actor="system", correlation_id=round_id
                ),
                clock=the_clock,
                interval_seconds=settings.deadline_check_seconds,
            ),
        )
        watcher.start()
        if on_startup is not None:
            await on_startup(runtime)
        freeze_startup_heap()
        log.info("service.started", service=source, port=settings.port)
        try:
            yield
        finally:
            await watcher.stop()
            await asyncio.gather(*(consumer.stop() for consumer in runtime.consumers))
            await relay.stop()
            for task in background:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await bus.close()
            await engine.dispose()
            if read_engine is not engine:
                await read_engine.dispose()
            thaw_heap()
            log.info("service.stopped", service=source)

    app = FastAPI(
        title=title,
        description=description,
        lifespan=lifespan,
        version="1.0.0",
        telemetry=NO_OPENTELEMETRY,
        # A trailing slash is refused (shared.web.canonical_path), never redirected to a route.
        redirect_slashes=False,
        # FastAPI's own pages load their scripts from a CDN: these work offline (shared.web.docs).
        docs_url=None,
        redoc_url=None,
    )
    install_problem_handlers(app)
    install_problem_openapi(app)
    install_offline_docs(app, title=title)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(CanonicalPathMiddleware)
    app.add_middleware(RequestContextMiddleware, service=source)
    app.include_router(
        health_router({"database": _database_ready, "nats": _nats_ready}),
    )
    if api_prefix is not None:
        # Before the service's own routes: `/consumers` is no record's id.
        app.include_router(operations_router(api_prefix, "operations"))
    for router in routers:
        app.include_router(router)
    return app


async def _database_ready(request: Request) -> bool:
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    return True


async def _nats_ready(request: Request) -> bool:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime.bus.is_connected


async def _ensure_stream_forever(bus: EventBus, stream: StreamSpec) -> None:
    delay = 0.2
    while True:
        try:
            await bus.ensure_stream(stream.name, stream.subjects)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("nats.stream_setup_failed", stream=stream.name, error=str(exc))
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


async def _purge_idempotency_keys(runtime: ServiceRuntime) -> None:
    store = IdempotencyStore(runtime)
    while True:
        await asyncio.sleep(PURGE_INTERVAL_SECONDS)
        try:
            await store.purge_expired()
        except Exception as exc:
            log.warning("idempotency.purge_failed", error=str(exc))
