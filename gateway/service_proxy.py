"""Requests for a service, passed on as plain ASGI: no FastAPI routing for the gateway's busiest path.

Everything under a service's prefix (`/v1/contributions`, `/v1/loans`, ...) goes to that service
unchanged. Served as FastAPI catch-all routes, each request paid for route matching, the endpoint
machinery and the exception middleware: 40% of the gateway's CPU per proxied read (profiled). This
middleware sits inside the rate limiter, security headers and request id, and answers proxied
requests itself; the few routes the gateway serves under those prefixes (signed bank callbacks)
still reach the router.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starlette.requests import Request
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.state import gateway_state
from shared.kernel.i18n import msg
from shared.web.language import language_of
from shared.web.problems import problem_response

PROXIED_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_UPLOAD_SUFFIX = "/textfile"


@dataclass(frozen=True)
class ProxiedRoute:
    """What request metrics and logs read of a route: its path template."""

    path: str


class ServiceProxyMiddleware:
    def __init__(
        self, app: ASGIApp, *, prefixes: Sequence[str], gateway_routes: Sequence[BaseRoute]
    ) -> None:
        self.app = app
        self._prefixes = [(prefix, ProxiedRoute(f"{prefix}/{{path:path}}")) for prefix in prefixes]
        self._gateway_routes = gateway_routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        for prefix, route in self._prefixes:
            if (path == prefix or path.startswith(prefix + "/")) and not self._served_here(scope):
                scope["route"] = route
                await self._forward(prefix, scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _served_here(self, scope: Scope) -> bool:
        return any(route.matches(scope)[0] is Match.FULL for route in self._gateway_routes)

    async def _forward(self, prefix: str, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if request.method not in PROXIED_METHODS:
            response = problem_response(
                status=405,
                slug="method-not-allowed",
                title=msg("Method not allowed"),
                detail=msg(
                    "{method} is not served under {prefix}.", method=request.method, prefix=prefix
                ),
                headers={"Allow": ", ".join(sorted(PROXIED_METHODS))},
                language=language_of(scope),
            )
        else:
            state = gateway_state(request)
            settings = state.settings
            limit = (
                settings.max_upload_bytes
                if scope["path"].endswith(_UPLOAD_SUFFIX)
                else settings.max_body_bytes
            )
            response = await state.proxy.forward(
                request, state.upstreams[prefix].next(), max_body_bytes=limit
            )
        await response(scope, receive, send)
