"""ASGI middleware: request id in and out, request logs and Prometheus timings per route."""

from __future__ import annotations

import time

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.kernel.context import REQUEST_ID_HEADER, accept_request_id, set_request_id
from shared.process.metrics import HTTP_LATENCY, HTTP_REQUESTS

log = structlog.get_logger("access")
_UNTIMED = frozenset({"/healthz", "/readyz", "/metrics"})


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        request_id = accept_request_id(incoming)
        set_request_id(request_id)
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status_holder = [500]
        header_value = request_id.encode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), header_value))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            path = scope.get("path", "")
            if path not in _UNTIMED:
                route = scope.get("route")
                template = getattr(route, "path", None) or "unmatched"
                elapsed = time.perf_counter() - started
                method = scope.get("method", "")
                HTTP_REQUESTS.labels(self.service, method, template, str(status_holder[0])).inc()
                HTTP_LATENCY.labels(self.service, method, template).observe(elapsed)
                if status_holder[0] >= 500:
                    log.warning("request.failed", method=method, path=path, status=status_holder[0])
            structlog.contextvars.unbind_contextvars("request_id")
