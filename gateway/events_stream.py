"""`GET /v1/events/stream`: the four JetStream streams as Server-Sent Events for dashboards and officers.

- `id:` is the event id, `event:` its type, `data:` the envelope; `?subjects=loan.>,dialysis.>` filters.
- Resume: the gateway remembers where each event id it has streamed sits (stream, sequence, time),
  in memory and in a JetStream key-value bucket, so a resume works across restarts of any gateway
  replica. With `Last-Event-ID` the event's own stream restarts right after it and the other streams
  from its timestamp, so nothing is missed across a reconnect (an event stamped in the same instant
  on another stream may come twice; clients de-duplicate by id). `?since=<RFC 3339>` replays from a
  time.
- Back-pressure: each client has a bounded queue. When it fills (a slow reader, or a burst larger
  than the queue, such as a resume after an outage), the gateway stops queueing, sends what it
  holds, a gap-free run, and ends with `event: overflow`; the client resumes from the last id it
  got. So memory stays bounded and every resume makes progress of at least a queue's worth.
- A comment line every 15 s keeps proxies from closing an idle stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import structlog
from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from nats.aio.msg import Msg
from nats.js.api import ConsumerConfig, DeliverPolicy, KeyValueConfig
from nats.js.client import JetStreamContext
from nats.js.errors import BucketNotFoundError, KeyNotFoundError, NotFoundError
from nats.js.kv import KeyValue

from gateway.principal import gateway_principal
from gateway.state import gateway_state
from shared.kernel.dates import Instant
from shared.kernel.errors import InvalidInput, ServiceUnavailable, Violation
from shared.kernel.i18n import msg
from shared.web.auth import Role

log = structlog.get_logger(__name__)
router = APIRouter(tags=["events"])

STREAMS = {
    "contribution": "CONTRIBUTION",
    "loan": "LOAN",
    "dialysis": "DIALYSIS",
    "appeals": "APPEALS",
}
QUEUE_LIMIT = 1000
HEARTBEAT_SECONDS = 15.0
POSITIONS_KEPT = 200_000


@dataclass(frozen=True)
class Position:
    stream: str
    sequence: int
    timestamp: datetime


class PositionIndex:
    """Event id -> where it sits on JetStream, for the events this gateway has streamed (bounded)."""

    def __init__(self, limit: int = POSITIONS_KEPT) -> None:
        self._positions: OrderedDict[str, Position] = OrderedDict()
        self._limit = limit

    def remember(self, event_id: str, position: Position) -> bool:
        """Keep where an event sits; True the first time this gateway sees it."""
        new = event_id not in self._positions
        self._positions[event_id] = position
        self._positions.move_to_end(event_id)
        if len(self._positions) > self._limit:
            self._positions.popitem(last=False)
        return new

    def find(self, event_id: str) -> Position | None:
        return self._positions.get(event_id)


# Where streamed events sit, kept past a gateway's restart (a week: longer than any reconnect).
POSITIONS_BUCKET = "EVENT_POSITIONS"
POSITIONS_TTL_SECONDS = 7 * 24 * 3600
_KV_KEY = re.compile(r"[-_=.a-zA-Z0-9]{1,200}")


class DurablePositions:
    """Event id -> position in a JetStream key-value bucket, shared by every gateway replica.

    Written behind the stream, never in its way: positions wait in a bounded queue for one
    writer task (when the queue is full a position is dropped, and a resume from that event falls
    back to the reading gateway's own memory).
    """

    def __init__(self, backlog: int = 10_000) -> None:
        self._kv: KeyValue | None = None
        self._pending: asyncio.Queue[tuple[JetStreamContext, str, Position]] = asyncio.Queue(
            maxsize=backlog
        )
        self._writer: asyncio.Task[None] | None = None

    def remember(self, js: JetStreamContext, event_id: str, position: Position) -> None:
        with contextlib.suppress(asyncio.QueueFull):
            self._pending.put_nowait((js, event_id, position))
            if self._writer is None or self._writer.done():
                self._writer = asyncio.create_task(self._write(), name="event-positions")

    async def _write(self) -> None:
        while not self._pending.empty():
            js, event_id, position = self._pending.get_nowait()
            await self.save(js, event_id, position)

    async def _bucket(self, js: JetStreamContext) -> KeyValue:
        if self._kv is None:
            try:
                self._kv = await js.key_value(POSITIONS_BUCKET)
            except BucketNotFoundError:
                self._kv = await js.create_key_value(
                    KeyValueConfig(bucket=POSITIONS_BUCKET, history=1, ttl=POSITIONS_TTL_SECONDS)
                )
        return self._kv

    async def save(self, js: JetStreamContext, event_id: str, position: Position) -> None:
        if not _KV_KEY.fullmatch(event_id):
            return
        value = f"{position.stream} {position.sequence} {position.timestamp.isoformat()}"
        try:
            await (await self._bucket(js)).put(event_id, value.encode())
        except Exception as exc:  # a resume across restarts is a convenience; the stream goes on
            log.debug("events.position_not_saved", error=str(exc))

    async def find(self, js: JetStreamContext, event_id: str) -> Position | None:
        if not _KV_KEY.fullmatch(event_id):
            return None
        try:
            entry = await (await self._bucket(js)).get(event_id)
        except KeyNotFoundError:
            return None
        stream, sequence, timestamp = (entry.value or b"").decode().split(" ")
        return Position(stream, int(sequence), datetime.fromisoformat(timestamp))


# Tokens of letters, digits, "_" and "-", or "*"; ">" only as the last token. Anything else (a
# space, a line break, an empty token) would be refused by NATS after the stream has begun.
_SUBJECT_FILTER = re.compile(r"[a-z]+(\.([A-Za-z0-9_-]+|\*))*(\.>)?", re.ASCII)


def parse_filters(raw: str | None) -> list[tuple[str, str]]:
    """`loan.>,contribution.payment.received` -> [(stream, subject filter), ...]."""
    if not raw:
        return [(stream, f"{prefix}.>") for prefix, stream in STREAMS.items()]
    filters = []
    for item in raw.split(","):
        subject = item.strip()
        prefix = subject.split(".", 1)[0]
        if prefix not in STREAMS or not _SUBJECT_FILTER.fullmatch(subject):
            raise InvalidInput(
                msg("Unknown subject filter {subject!r}", subject=subject),
                violations=[
                    Violation(
                        field="subjects",
                        message=msg("filters start with one of {streams}", streams=sorted(STREAMS)),
                    )
                ],
            )
        filters.append((STREAMS[prefix], subject))
    return filters


def _format(message: Msg) -> tuple[str, str, bytes]:
    envelope = json.loads(message.data)
    return str(envelope["id"]), str(envelope["type"]), message.data


class EventStreamResponse(StreamingResponse):
    media_type = "text/event-stream"


@router.get(
    "/v1/events/stream",
    summary="Server-Sent Events of every service's events",
    response_class=EventStreamResponse,
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
)
async def event_stream(
    request: Request,
    subjects: str | None = Query(
        default=None, description="comma-separated subject filters, e.g. loan.>", max_length=1000
    ),
    since: Instant | None = Query(default=None, description="replay from this instant (RFC 3339)"),
) -> StreamingResponse:
    """The live event feed for dashboards and officers; resumable with Last-Event-ID."""
    principal = await gateway_principal(request)
    principal.require_role(Role.OFFICER, Role.DASHBOARD)
    filters = parse_filters(subjects)
    state = gateway_state(request)
    index: PositionIndex = request.app.state.positions
    durable: DurablePositions = request.app.state.durable_positions
    js = await asyncio.wait_for(state.bus.jetstream(), timeout=5)
    last_id = request.headers.get("last-event-id", "")
    resume = (index.find(last_id) or await durable.find(js, last_id)) if last_id else None
    queue: asyncio.Queue[tuple[str, str, bytes]] = asyncio.Queue(maxsize=QUEUE_LIMIT)
    overflow = asyncio.Event()

    async def on_message(message: Msg) -> None:
        if overflow.is_set():
            # Nothing after the first event that did not fit: what is sent stays gap-free.
            return
        metadata = message.metadata
        event_id, event_type, data = _format(message)
        position = Position(metadata.stream, metadata.sequence.stream, metadata.timestamp)
        if index.remember(event_id, position):
            durable.remember(js, event_id, position)
        try:
            queue.put_nowait((event_id, event_type, data))
        except asyncio.QueueFull:
            overflow.set()

    subscriptions = []
    try:
        for stream, subject in filters:
            config = ConsumerConfig(deliver_policy=DeliverPolicy.NEW)
            if resume is not None and resume.stream == stream:
                config = ConsumerConfig(
                    deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                    opt_start_seq=resume.sequence + 1,
                )
            elif resume is not None or since is not None:
                start = resume.timestamp if resume is not None else since
                config = ConsumerConfig(
                    deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=start
                )
            try:
                subscriptions.append(
                    await js.subscribe(
                        subject, stream=stream, cb=on_message, ordered_consumer=True, config=config
                    )
                )
            except NotFoundError:
                # That service has published nothing yet: its stream does not exist.
                continue
            except Exception as exc:
                raise ServiceUnavailable(
                    msg("The event stream is reconnecting to NATS; retry with Last-Event-ID"),
                    retry_after_seconds=1,
                ) from exc
    except BaseException:
        for subscription in subscriptions:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()
        raise

    started_on = state.bus.reconnections

    async def body() -> AsyncIterator[bytes]:
        idle = 0.0
        try:
            yield b": connected\n\n"
            while True:
                if queue.empty() and state.bus.reconnections != started_on:
                    # NATS restarted under us: end the stream so the client resumes from its
                    # Last-Event-ID on fresh consumers instead of waiting on ones that may be gone.
                    yield b'event: reconnect\ndata: {"retry": "resume with Last-Event-ID"}\n\n'
                    return
                if queue.empty() and overflow.is_set():
                    yield b'event: overflow\ndata: {"error": "more than the queue holds; reconnect with Last-Event-ID"}\n\n'
                    return
                try:
                    event_id, event_type, data = await asyncio.wait_for(queue.get(), timeout=1.0)
                except TimeoutError:
                    idle += 1.0
                    if idle >= HEARTBEAT_SECONDS:
                        idle = 0.0
                        yield b": ping\n\n"
                    continue
                idle = 0.0
                yield (
                    b"id: "
                    + event_id.encode()
                    + b"\nevent: "
                    + event_type.encode()
                    + b"\ndata: "
                    + data
                    + b"\n\n"
                )
        finally:
            for subscription in subscriptions:
                with contextlib.suppress(Exception):
                    await subscription.unsubscribe()

    return EventStreamResponse(
        body(),
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
