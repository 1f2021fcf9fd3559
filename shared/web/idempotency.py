"""`Idempotency-Key` on creating POSTs, per the IETF httpapi draft.

The same key with the same body replays the first response; with another body: 422; while the first
request with the key is still running: 409. Keys are scoped per client and kept `idempotency_ttl_hours`.
A crash after the use case committed but before the response was stored leaves the key "processing";
once its lease runs out a retry runs the use case again, and the use case's own uniqueness rules
(one payment per bank transaction, one line per employee and month) answer it without a double.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.kernel.errors import DomainError
from shared.kernel.i18n import msg
from shared.web.auth import bearer_token
from shared.web.language import language_of
from shared.web.problems import problem_response
from shared.web.runtime import ServiceRuntime

LEASE = timedelta(seconds=60)
MAX_KEY_LENGTH = 255
MAX_BODY_BYTES = 1 << 20
_JSON_TYPES = (b"application/json", b"application/problem+json", b"")


_REPLAY_SCOPE_KEY = "idempotent_replay"
# POSTs that create nothing (a what-if answers a question and records nothing, CONTRACT.md
# "What-if"): a key sent with one is ignored, never stored, so the question may be asked again.
_RECORDS_NOTHING_SUFFIXES = ("/what-if",)


@dataclass(frozen=True)
class StoredResponse:
    status: int
    content_type: str
    body: bytes


class ReplayStoredResponse(Exception):
    """Raised where the use case would begin: the middleware answers with the stored response."""

    def __init__(self, stored: StoredResponse) -> None:
        super().__init__("idempotent replay")
        self.stored = stored


def replay_if_repeated(scope: Scope) -> None:
    """Called as a request's unit of work opens: a repeated request stops here with its replay."""
    stored = scope.get(_REPLAY_SCOPE_KEY)
    if isinstance(stored, StoredResponse):
        raise ReplayStoredResponse(stored)


class IdempotencyStore:
    def __init__(self, runtime: ServiceRuntime) -> None:
        self._runtime = runtime
        self._table = runtime.tables.idempotency

    async def begin(
        self, client_id: str, key: str, request_hash: str
    ) -> StoredResponse | str | None:
        """None: go ahead. A StoredResponse: replay it. "mismatch" or "in-progress": refuse."""
        table = self._table
        now = self._runtime.clock.now()
        ttl = timedelta(hours=self._runtime.settings.idempotency_ttl_hours)
        async with self._runtime.sessionmaker() as session:
            try:
                async with session.begin():
                    await session.execute(
                        insert(table).values(
                            client_id=client_id,
                            key=key,
                            request_hash=request_hash,
                            state="processing",
                            created_at=now,
                            locked_until=now + LEASE,
                        )
                    )
                return None
            except IntegrityError:
                pass
            async with session.begin():
                row = (
                    await session.execute(
                        select(table).where(table.c.client_id == client_id, table.c.key == key)
                    )
                ).one_or_none()
                if row is None:
                    return "in-progress"
                if row.created_at + ttl < now:
                    await session.execute(
                        update(table)
                        .where(table.c.client_id == client_id, table.c.key == key)
                        .values(
                            request_hash=request_hash,
                            state="processing",
                            created_at=now,
                            locked_until=now + LEASE,
                            status_code=None,
                            body=None,
                        )
                    )
                    return None
                if row.request_hash != request_hash:
                    return "mismatch"
                if row.state == "done":
                    return StoredResponse(row.status_code, row.content_type or "", row.body or b"")
                if row.locked_until < now:
                    await session.execute(
                        update(table)
                        .where(table.c.client_id == client_id, table.c.key == key)
                        .values(locked_until=now + LEASE)
                    )
                    return None
                return "in-progress"

    async def complete(self, client_id: str, key: str, response: StoredResponse) -> None:
        table = self._table
        async with self._runtime.sessionmaker() as session, session.begin():
            await session.execute(
                update(table)
                .where(table.c.client_id == client_id, table.c.key == key)
                .values(
                    state="done",
                    status_code=response.status,
                    content_type=response.content_type,
                    body=response.body,
                )
            )

    async def release(self, client_id: str, key: str) -> None:
        """Forget a key whose request failed on our side, so the client may retry it."""
        table = self._table
        async with self._runtime.sessionmaker() as session, session.begin():
            await session.execute(
                delete(table).where(table.c.client_id == client_id, table.c.key == key)
            )

    async def purge_expired(self) -> int:
        table = self._table
        cutoff = self._runtime.clock.now() - timedelta(
            hours=self._runtime.settings.idempotency_ttl_hours
        )
        async with self._runtime.sessionmaker() as session, session.begin():
            result = await session.execute(delete(table).where(table.c.created_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)


class IdempotencyMiddleware:
    """Applies to POSTs that carry `Idempotency-Key` and a JSON (or empty) body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"].endswith(_RECORDS_NOTHING_SUFFIXES)
        ):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw_key = headers.get(b"idempotency-key")
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if raw_key is None or content_type not in _JSON_TYPES:
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1").strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            await _send(send, _key_invalid(language_of(scope)), scope, receive)
            return
        runtime: ServiceRuntime = scope["app"].state.runtime
        try:
            token = bearer_token(headers.get(b"authorization", b"").decode("latin-1") or None)
            principal = await runtime.verifier.verify(token)
        except DomainError:
            # Let the route answer 401 itself; an unauthenticated request stores nothing.
            await self.app(scope, receive, send)
            return
        scope["principal"] = principal
        body = await _read_body(receive)
        if body is None:
            await _send(send, _too_large(language_of(scope)), scope, receive)
            return
        store = IdempotencyStore(runtime)
        owner = principal.identity_scope
        outcome = await store.begin(owner, key, _request_hash(scope, body))
        if isinstance(outcome, StoredResponse):
            await self._replay_after_checks(scope, _once(body, receive), send, outcome)
        elif outcome == "mismatch":
            await _send(send, _key_reused(language_of(scope)), scope, receive)
        elif outcome == "in-progress":
            await _send(send, _key_in_use(language_of(scope)), scope, receive)
        else:
            await self._run_and_store(scope, _once(body, receive), send, store, owner, key)

    async def _run_and_store(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        store: IdempotencyStore,
        owner: str,
        key: str,
    ) -> None:
        """Run the request and keep its answer for the key; a failure on our side frees the key."""
        captured = _CapturedResponse(send)
        try:
            await self.app(scope, receive, captured.send)
        except BaseException:
            await store.release(owner, key)
            raise
        if captured.status >= 500 or captured.status in (401, 403):
            # A failure on our side, or a caller not allowed: neither binds the key, so a caller
            # who is allowed may still use it (a refusal here must not outlive the request).
            await store.release(owner, key)
            return
        await store.complete(owner, key, captured.stored())

    async def _replay_after_checks(
        self, scope: Scope, receive: Receive, send: Send, stored: StoredResponse
    ) -> None:
        """Run the route; its use case answers with `stored` once the route's checks passed.

        A route that refuses answers with its refusal; a route that opens no unit of work (a
        calculation) answers afresh. Neither changes what is stored for the key.
        """
        scope[_REPLAY_SCOPE_KEY] = stored
        try:
            await self.app(scope, receive, send)
        except ReplayStoredResponse as replay:
            await _replay(send, replay.stored)


class _CapturedResponse:
    """Passes a response on while keeping its status, media type and body."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.status = 500
        self.content_type = ""
        self.chunks: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            for name, value in message.get("headers", []):
                if name.lower() == b"content-type":
                    self.content_type = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
        await self._send(message)

    def stored(self) -> StoredResponse:
        return StoredResponse(self.status, self.content_type, b"".join(self.chunks))


def _once(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the app the body already read, then whatever else arrives."""
    pending: bytes | None = body

    async def body_receive() -> Message:
        nonlocal pending
        if pending is not None:
            chunk, pending = pending, None
            return {"type": "http.request", "body": chunk, "more_body": False}
        return await receive()

    return body_receive


def _request_hash(scope: Scope, body: bytes) -> str:
    """Path, query and body: the same key on another path or with another body is another request."""
    digest = hashlib.sha256()
    digest.update(scope["path"].encode())
    digest.update(b"\n")
    digest.update(scope.get("query_string", b""))
    digest.update(b"\n")
    digest.update(body)
    return digest.hexdigest()


def _key_invalid(language: str) -> object:
    return problem_response(
        status=422,
        slug="validation-error",
        title=msg("The request is not valid"),
        detail=msg(
            "Idempotency-Key must be 1 to {max_length} characters", max_length=MAX_KEY_LENGTH
        ),
        errors=[{"field": "Idempotency-Key", "message": msg("invalid length")}],
        language=language,
    )


def _key_reused(language: str) -> object:
    return problem_response(
        status=422,
        slug="idempotency-key-reused",
        title=msg("Idempotency-Key reused with a different request"),
        detail=msg("This Idempotency-Key was first used with a different body."),
        errors=[{"field": "Idempotency-Key", "message": msg("used with another body")}],
        language=language,
    )


def _key_in_use(language: str) -> object:
    return problem_response(
        status=409,
        slug="idempotency-key-in-use",
        title=msg("A request with this Idempotency-Key is still being processed"),
        detail=msg("Retry once the first request has finished."),
        headers={"Retry-After": "1"},
        language=language,
    )


async def _read_body(receive: Receive) -> bytes | None:
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        parts.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(parts)


def _too_large(language: str) -> object:
    return problem_response(
        status=413,
        slug="payload-too-large",
        title=msg("Payload too large"),
        detail=msg(
            "Bodies with an Idempotency-Key are limited to {max_bytes} bytes",
            max_bytes=MAX_BODY_BYTES,
        ),
        language=language,
    )


async def _send(send: Send, response: object, scope: Scope, receive: Receive) -> None:
    await response(scope, receive, send)  # type: ignore[operator]


async def _replay(send: Send, stored: StoredResponse) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": stored.status,
            "headers": [
                (b"content-type", stored.content_type.encode("latin-1")),
                (b"content-length", str(len(stored.body)).encode()),
                (b"idempotent-replayed", b"true"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": stored.body, "more_body": False})
