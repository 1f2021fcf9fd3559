"""The gateway's rate limiter alone, over an app whose only known bank is MBB: for asking which
bucket a request would take a token from."""

from __future__ import annotations

from types import SimpleNamespace

from gateway.rate_limit import Limit, RateLimitMiddleware, TokenBuckets
from gateway.routing import router as callback_router


def limiter_knowing_mbb() -> tuple[RateLimitMiddleware, SimpleNamespace]:
    """The middleware (it wraps nothing: call its `_identify`) and the app a scope names."""
    clients = SimpleNamespace(bank=lambda code: object() if code == "MBB" else None)
    app = SimpleNamespace(state=SimpleNamespace(gateway=SimpleNamespace(clients=clients)))
    middleware = RateLimitMiddleware(
        None,  # type: ignore[arg-type]
        buckets=TokenBuckets({"anonymous": Limit(1, 1)}),
        callback_routes=callback_router.routes,
    )
    return middleware, app
