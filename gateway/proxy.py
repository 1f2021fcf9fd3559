"""The hop from the gateway to a service: pooled keep-alive aiohttp connections, bodies streamed.

aiohttp was chosen over a plain httpx.AsyncClient by measurement (README "Performance"): httpx's
connection pool serialises under concurrency (httpx issue 3215).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import aiohttp
import yarl
from fastapi import Request
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from shared.kernel.context import current_request_id
from shared.kernel.i18n import msg
from shared.kernel.ic import is_ascii_digits
from shared.web.language import language_of
from shared.web.problems import problem_response

_FORWARDED_REQUEST_HEADERS = (
    "authorization",
    "content-type",
    "idempotency-key",
    "accept",
    "accept-language",
    "last-event-id",
    "x-upload-filename",
)
_RETURNED_RESPONSE_HEADERS = (
    "content-type",
    "retry-after",
    "idempotent-replayed",
    "location",
    "www-authenticate",
    "content-disposition",
    "cache-control",
    "content-language",
    "vary",
)
_BUFFER_LIMIT = 1 << 20


class BodyTooLarge(Exception):
    pass


# How long the pool keeps an idle connection to a service for reuse. Below the services' own
# keep-alive (uvicorn's --timeout-keep-alive, 75 s where they are started): a connection the
# service closes for idleness just as the gateway reuses it fails the request in flight with a 502.
POOL_IDLE_SECONDS = 30


class UpstreamProxy:
    def __init__(self, *, timeout_seconds: float) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds, connect=2.0)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(
            limit=512, keepalive_timeout=POOL_IDLE_SECONDS, ttl_dns_cache=300
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout,
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept-Encoding"),
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("proxy not started")
        return self._session

    async def forward(
        self,
        request: Request,
        base_url: str,
        *,
        body: bytes | None = None,
        extra_headers: Mapping[str, str] | None = None,
        max_body_bytes: int,
        timeout_seconds: float | None = None,
    ) -> Response:
        """Send the request on unchanged (path, query, body) and return the service's answer."""
        # The path exactly as received and checked (shared.web.canonical_path), never decoded and
        # re-encoded on the way: the service reads the same path the gateway's checks read.
        raw_path = request.scope.get("raw_path") or request.url.path.encode()
        url = yarl.URL(base_url + raw_path.decode("latin-1"), encoded=True)
        if request.url.query:
            url = yarl.URL(f"{url}?{request.url.query}", encoded=True)
        headers = {
            name: value
            for name in _FORWARDED_REQUEST_HEADERS
            if (value := request.headers.get(name)) is not None
        }
        headers["x-request-id"] = current_request_id()
        language = language_of(request.scope)
        if extra_headers:
            headers.update(extra_headers)
        declared = request.headers.get("content-length")
        if declared is not None and is_ascii_digits(declared) and int(declared) > max_body_bytes:
            return _too_large(max_body_bytes, language)
        data: bytes | AsyncIterator[bytes] | None
        if body is not None:
            data = body
        elif request.method in ("POST", "PUT", "PATCH"):
            if (
                declared is not None
                and is_ascii_digits(declared)
                and int(declared) <= _BUFFER_LIMIT
            ):
                data = await request.body()
            else:
                data = _limited(request.stream(), max_body_bytes)
        else:
            data = None
        timeout = aiohttp.ClientTimeout(total=timeout_seconds) if timeout_seconds else None
        try:
            upstream = await self.session.request(
                request.method,
                url,
                headers=headers,
                data=data,
                timeout=timeout or self._timeout,
                # A redirect is the service's answer to pass back, never a second request to make
                # with the caller's credentials on a path no gateway check has seen.
                allow_redirects=False,
            )
        except BodyTooLarge:
            return _too_large(max_body_bytes, language)
        except TimeoutError:
            return _gateway_problem(504, msg("The service did not answer in time."), language)
        except aiohttp.ClientError as exc:
            if isinstance(exc.__cause__, BodyTooLarge):
                return _too_large(max_body_bytes, language)
            return _gateway_problem(502, msg("The service is not reachable."), language)
        response_headers = {
            name: value
            for name in _RETURNED_RESPONSE_HEADERS
            if (value := upstream.headers.get(name)) is not None
        }
        length = upstream.content_length
        if length is not None and length <= _BUFFER_LIMIT:
            try:
                content = await upstream.read()
            except (TimeoutError, aiohttp.ClientError):
                upstream.release()
                return _gateway_problem(
                    504, msg("The service did not finish its answer in time."), language
                )
            upstream.release()
            return Response(content, status_code=upstream.status, headers=response_headers)
        return StreamingResponse(
            upstream.content.iter_chunked(64 * 1024),
            status_code=upstream.status,
            headers=response_headers,
            background=BackgroundTask(upstream.release),
        )


async def _limited(stream: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > limit:
            raise BodyTooLarge()
        yield chunk


def _too_large(limit: int, language: str) -> Response:
    return problem_response(
        status=413,
        slug="payload-too-large",
        title=msg("Payload too large"),
        detail=msg("The body exceeds {limit} bytes.", limit=limit),
        language=language,
    )


def _gateway_problem(status: int, detail: str, language: str) -> Response:
    return problem_response(
        status=status,
        slug="bad-gateway" if status == 502 else "gateway-timeout",
        title=msg("Bad gateway") if status == 502 else msg("Gateway timeout"),
        detail=detail,
        headers={"Retry-After": "2"},
        language=language,
    )
