"""Per-client rate limiting: a token bucket per client (per IP before sign-in), limits per role.

Over the limit: 429 with Retry-After. The buckets live in this process's memory (O(1) a request);
with several gateway replicas each enforces its share, which is the usual trade for no shared store.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from shared.kernel.errors import DomainError
from shared.web.auth import TokenVerifier, bearer_token
from shared.web.problems import problem_response

_EXEMPT = ("/healthz", "/readyz", "/metrics", "/dashboard", "/docs", "/openapi.json")


@dataclass(frozen=True)
class Limit:
    per_second: float
    burst: float


DEFAULT_LIMITS = {
    "anonymous": Limit(20, 40),
    "bank": Limit(500, 1000),
    "officer": Limit(200, 400),
    "dashboard": Limit(50, 100),
    "employer": Limit(20, 60),
    "member": Limit(10, 30),
    "dialysis_centre": Limit(20, 60),
    "board_secretariat": Limit(20, 60),
}


class TokenBuckets:
    def __init__(self, limits: dict[str, Limit]) -> None:
        self.limits = limits
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str, kind: str, now: float | None = None) -> float:
        """0 when allowed, else the seconds until a token is there."""
        limit = self.limits.get(kind, self.limits["anonymous"])
        moment = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(key, (limit.burst, moment))
        tokens = min(limit.burst, tokens + (moment - last) * limit.per_second)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, moment)
            return 0.0
        self._buckets[key] = (tokens, moment)
        return (1 - tokens) / limit.per_second


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, buckets: TokenBuckets) -> None:
        self.app = app
        self.buckets = buckets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_EXEMPT):
            await self.app(scope, receive, send)
            return
        key, kind = await self._identify(scope)
        wait = self.buckets.take(key, kind)
        if wait > 0:
            response = problem_response(
                status=429,
                slug="rate-limited",
                title="Too many requests",
                detail=f"The request rate for this client is over its limit ({kind}); retry later.",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _identify(self, scope: Scope) -> tuple[str, str]:
        path: str = scope["path"]
        if "/callbacks/" in path:
            return f"bank:{path.rsplit('/', 1)[-1]}", "bank"
        authorization = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None
        )
        if authorization and authorization.lower().startswith("bearer "):
            state = getattr(scope["app"].state, "gateway", None)
            token_verifier: TokenVerifier | None = getattr(state, "verifier", None)
            if token_verifier is not None:
                try:
                    principal = await token_verifier.verify(bearer_token(authorization))
                except DomainError:
                    pass
                else:
                    return f"client:{principal.client_id}", principal.role.value
        client = scope.get("client") or ("unknown", 0)
        return f"ip:{client[0]}", "anonymous"
