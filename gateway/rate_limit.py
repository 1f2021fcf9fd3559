"""Rate limiting: a token bucket per verified identity (per IP before sign-in), limits per role.

The identity is what the token was verified to act for, never a shared client: each member (the
mobile app's client acts for millions), each employer, each bank, each centre has its own bucket.
A signed callback is counted against its bank only when its path is one of the gateway's callback
routes and names a known bank; anything else without a token counts against its IP address.
Over the limit: 429 with Retry-After. The buckets live in this process's memory (O(1) a request),
at most `max_keys` of them, the least recently used forgotten first (a forgotten bucket starts
full again, which only ever errs towards letting a quiet caller through). With several gateway
replicas each enforces its share, the usual trade for no shared store.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.kernel.errors import DomainError
from shared.kernel.i18n import msg
from shared.web.auth import Role, TokenVerifier, bearer_token
from shared.web.language import language_of
from shared.web.problems import problem_response

_EXEMPT = ("/healthz", "/readyz", "/metrics", "/dashboard", "/docs", "/redoc", "/openapi.json")


def _exempt(path: str) -> bool:
    """The probes and pages, matched whole or by segment (not `/docsX`)."""
    return any(path == p or path.startswith(p + "/") for p in _EXEMPT)


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
    # All members of one client together (a member client may name any IC it signs in).
    "member_client": Limit(1000, 2000),
    "dialysis_centre": Limit(20, 60),
    "board_secretariat": Limit(20, 60),
}


DEFAULT_MAX_KEYS = 200_000


class TokenBuckets:
    def __init__(self, limits: dict[str, Limit], *, max_keys: int = DEFAULT_MAX_KEYS) -> None:
        self.limits = limits
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str, kind: str, now: float | None = None) -> float:
        """0 when allowed, else the seconds until a token is there."""
        limit = self.limits.get(kind, self.limits["anonymous"])
        moment = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(key, (limit.burst, moment))
        tokens = min(limit.burst, tokens + (moment - last) * limit.per_second)
        allowed = tokens >= 1
        self._buckets[key] = (tokens - 1 if allowed else tokens, moment)
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return 0.0 if allowed else (1 - tokens) / limit.per_second


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        buckets: TokenBuckets,
        callback_routes: Sequence[BaseRoute] = (),
    ) -> None:
        self.app = app
        self.buckets = buckets
        self._callback_routes = callback_routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _exempt(scope["path"]):
            await self.app(scope, receive, send)
            return
        buckets = await self._identify(scope)
        waits = [self.buckets.take(key, kind) for key, kind in buckets]
        wait, kind = max(zip(waits, (kind for _, kind in buckets), strict=True))
        if wait > 0:
            response = problem_response(
                status=429,
                slug="rate-limited",
                title=msg("Too many requests"),
                detail=msg(
                    "The request rate for this client is over its limit ({kind}); retry later.",
                    kind=kind,
                ),
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
                language=language_of(scope),
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _callback_bank(self, scope: Scope) -> str | None:
        """The bank of a signed-callback route naming a known bank, else None."""
        state = getattr(scope["app"].state, "gateway", None)
        for route in self._callback_routes:
            match, child = route.matches(scope)
            if match is Match.FULL:
                code = str(child.get("path_params", {}).get("bank_code", ""))
                return code if state is not None and state.clients.bank(code) else None
        return None

    async def _identify(self, scope: Scope) -> list[tuple[str, str]]:
        """The buckets a request takes a token from: its identity's, and for a member its
        client's too (every member signs in through the one mobile client)."""
        client = scope.get("client") or ("unknown", 0)
        bank_code = self._callback_bank(scope)
        if bank_code is not None:
            # Counted per bank and sending address before the signature is checked: an unsigned
            # flood from one address never uses up the bank's own callbacks' allowance.
            return [(f"bank:{bank_code}@{client[0]}", "bank")]
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
                    own = (principal.identity_key, principal.role.value)
                    if principal.role is Role.MEMBER:
                        return [own, (f"client:{principal.client_id}", "member_client")]
                    return [own]
        return [(f"ip:{client[0]}", "anonymous")]
