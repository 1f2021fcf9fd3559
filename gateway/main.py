"""The gateway: the one front door. Auth, routing to the services, signed callbacks."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import structlog
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from gateway.approvals import router as approvals_router
from gateway.auth_routes import router as auth_router
from gateway.clients import load_clients
from gateway.config import GatewaySettings
from gateway.events_stream import DurablePositions, PositionIndex
from gateway.events_stream import router as events_router
from gateway.oidc import ExternalOfficers
from gateway.openapi_merge import router as openapi_router
from gateway.proxy import UpstreamProxy
from gateway.rate_limit import DEFAULT_LIMITS, Limit, RateLimitMiddleware, TokenBuckets
from gateway.routing import router as callback_router
from gateway.security_headers import SecurityHeadersMiddleware
from gateway.service_proxy import ServiceProxyMiddleware
from gateway.state import GatewayState
from gateway.summary import router as summary_router
from gateway.tokens import TokenIssuer, load_or_create_private_key
from gateway.upstreams import Upstream
from shared.messaging.bus import EventBus
from shared.process.gc_tuning import freeze_startup_heap, thaw_heap
from shared.process.logging_setup import configure_logging
from shared.web.app import NO_OPENTELEMETRY
from shared.web.auth import TokenVerifier
from shared.web.canonical_path import CanonicalPathMiddleware
from shared.web.docs import install_offline_docs
from shared.web.health import health_router
from shared.web.problems import install_problem_handlers
from shared.web.request_context import RequestContextMiddleware

log = structlog.get_logger(__name__)
DASHBOARD = Path(__file__).resolve().parent / "dashboard"


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    """Build the gateway; keys, clients and connections are opened in the lifespan."""
    settings = settings or GatewaySettings()
    configure_logging(service="gateway", level=settings.log_level, json=settings.log_json)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        key = load_or_create_private_key(
            settings.jwt_private_key_file, create=settings.environment.lower() != "production"
        )
        issuer = TokenIssuer(key, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        proxy = UpstreamProxy(timeout_seconds=settings.upstream_timeout_seconds)
        await proxy.start()
        bus = EventBus(settings.nats_url, name="gateway")
        bus.start()
        app.state.gateway = GatewayState(
            settings=settings,
            clients=load_clients(settings.clients_file),
            issuer=issuer,
            verifier=TokenVerifier(
                issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=issuer.jwks()
            ),
            proxy=proxy,
            bus=bus,
            upstreams={prefix: Upstream(urls) for prefix, urls in settings.upstreams.items()},
            external_officers=ExternalOfficers(settings) if settings.oidc_issuer else None,
        )
        freeze_startup_heap()
        log.info("gateway.started", port=settings.port)
        try:
            yield
        finally:
            thaw_heap()
            await proxy.close()
            await bus.close()

    app = FastAPI(
        title="PERKESO platform API",
        version="1.0.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        telemetry=NO_OPENTELEMETRY,
        redirect_slashes=False,
    )
    app.state.positions = PositionIndex()
    app.state.durable_positions = DurablePositions()
    install_problem_handlers(app)
    # Added first, so innermost: inside the rate limiter, security headers and request id.
    app.add_middleware(
        ServiceProxyMiddleware,
        prefixes=list(settings.upstreams),
        gateway_routes=callback_router.routes,
    )
    app.add_middleware(
        RateLimitMiddleware,
        buckets=TokenBuckets(_limits(settings)),
        callback_routes=callback_router.routes,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "Last-Event-ID",
                "X-Request-ID",
            ],
            expose_headers=["X-Request-ID", "Retry-After", "Idempotent-Replayed"],
        )
    app.add_middleware(SecurityHeadersMiddleware)
    # Before routing, signatures, roles and rate limits: each of them sees one form of a path.
    app.add_middleware(CanonicalPathMiddleware)
    app.add_middleware(RequestContextMiddleware, service="gateway")
    app.include_router(health_router({"nats": _nats_ready}))
    app.include_router(openapi_router)
    # /docs shows the merged document that `openapi_router` serves at /openapi.json.
    install_offline_docs(app, title=app.title)
    app.include_router(auth_router)
    app.include_router(summary_router)
    app.include_router(approvals_router)
    app.include_router(events_router)
    app.include_router(callback_router)
    app.mount("/dashboard/static", StaticFiles(directory=DASHBOARD), name="dashboard")

    @app.get("/dashboard", include_in_schema=False)
    async def dashboard() -> FileResponse:
        return FileResponse(DASHBOARD / "index.html")

    return app


def _limits(settings: GatewaySettings) -> dict[str, Limit]:
    limits = dict(DEFAULT_LIMITS)
    for role, text in settings.rate_limits.items():
        rate, _, burst = text.partition(":")
        limits[role] = Limit(float(rate), float(burst or rate))
    return limits


async def _nats_ready(request: Request) -> bool:
    state: GatewayState = request.app.state.gateway
    return state.bus.is_connected
