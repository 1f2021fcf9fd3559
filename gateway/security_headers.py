"""Security headers on every gateway response."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src {style}; script-src 'self'; "
    "connect-src 'self'{workers}; frame-ancestors 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"content-security-policy", _POLICY.format(style="'self'", workers="").encode()),
]
# ReDoc's page (shared.web.docs) is the one exception. Its bundled styled-components writes its
# styles into <style> elements it creates, and takes no nonce from outside the bundle; its search
# runs in a worker it starts from a blob of its own code. On /redoc alone, styles may be inline and
# that worker may start; scripts stay 'self'. Swagger UI at /docs needs nothing relaxed.
_REDOC = frozenset({"/redoc"})
_REDOC_POLICY = _POLICY.format(
    style="'self' 'unsafe-inline'", workers="; worker-src 'self' blob:"
).encode()


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        redoc = scope["path"] in _REDOC

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in HEADERS:
                    if name not in present:
                        if redoc and name == b"content-security-policy":
                            headers.append((name, _REDOC_POLICY))
                        else:
                            headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
