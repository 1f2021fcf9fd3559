"""The outbox relay: publishes committed events to JetStream, marking them sent only after the ack.

At-least-once: a crash between the ack and the mark publishes a row again, and JetStream drops it as a
duplicate (`Nats-Msg-Id` = event id inside the duplicate window); consumers are idempotent beyond that.
Several replicas can run relays on one PostgreSQL database: rows are claimed `FOR UPDATE SKIP LOCKED`.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog
from nats.js import JetStreamContext
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.kernel.clock import Clock
from shared.messaging.background import stop_task
from shared.messaging.bus import EventBus
from shared.persistence.infra_tables import InfraTables
from shared.process.metrics import OUTBOX_PENDING, OUTBOX_PUBLISH_FAILURES, OUTBOX_PUBLISHED

log = structlog.get_logger(__name__)

PUBLISH_TIMEOUT_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 5.0
LINGER_SECONDS = 0.005


class OutboxRelay:
    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        read_sessionmaker: async_sessionmaker[AsyncSession] | None = None,
        tables: InfraTables,
        bus: EventBus,
        clock: Clock,
        source: str,
        batch_size: int = 500,
        poll_seconds: float = 0.5,
        lock_rows: bool = True,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._read_sessionmaker = read_sessionmaker or sessionmaker
        self._outbox = tables.outbox
        self._bus = bus
        self._clock = clock
        self._source = source
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._lock_rows = lock_rows
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.published_total = 0

    def wake(self) -> None:
        """Called after a commit that wrote events, so they leave at once rather than at the next poll."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"{self._source}-outbox-relay")

    async def stop(self) -> None:
        """Let a batch in flight finish (bounded), then stop: the same caution as the consumers'."""
        self._stopping = True
        self._wake.set()
        await stop_task(self._task)

    async def _run(self) -> None:
        backoff = 0.1
        while not self._stopping:
            try:
                published = await self.publish_pending()
                backoff = 0.1
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                OUTBOX_PUBLISH_FAILURES.labels(self._source).inc()
                log.warning("outbox.relay_failed", error=str(exc), retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            if published < self._batch_size:
                self._wake.clear()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)
                # Let the commits of a burst land before claiming: one batch instead of many.
                await asyncio.sleep(LINGER_SECONDS)

    async def publish_pending(self) -> int:
        """Publish one batch of unpublished rows; returns how many were acknowledged by JetStream."""
        js = await self._bus.jetstream()
        if not self._bus.is_connected:
            raise ConnectionError("NATS is not connected")
        if self._lock_rows:
            async with self._sessionmaker() as session, session.begin():
                rows = await self._claim(session)
                acked, failed = await self._publish(js, rows)
                await self._mark(session, acked, failed)
        else:
            # SQLite has one writer: holding its lock while waiting on NATS would stall every
            # request, and there is only ever one relay per SQLite file to race with, so the
            # claim is a plain read and only the mark takes the write lock.
            async with self._read_sessionmaker() as session, session.begin():
                rows = await self._claim(session)
            acked, failed = await self._publish(js, rows)
            if rows:
                async with self._sessionmaker() as session, session.begin():
                    await self._mark(session, acked, failed)
        if not rows:
            OUTBOX_PENDING.labels(self._source).set(0)
            return 0
        OUTBOX_PUBLISHED.labels(self._source).inc(len(acked))
        self.published_total += len(acked)
        if failed:
            raise RuntimeError(
                f"{len(failed)} of {len(rows)} events not acknowledged: {failed[0][1]!r}"
            )
        return len(acked)

    async def _claim(self, session: AsyncSession) -> list[Any]:
        outbox = self._outbox
        statement = (
            select(outbox.c.position, outbox.c.event_id, outbox.c.event_type, outbox.c.payload)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.position)
            .limit(self._batch_size)
        )
        if self._lock_rows:
            statement = statement.with_for_update(skip_locked=True)
        return list((await session.execute(statement)).all())

    async def _publish(
        self, js: JetStreamContext, rows: list[Any]
    ) -> tuple[list[int], list[tuple[Any, BaseException]]]:
        results = await asyncio.gather(
            *(
                js.publish(
                    row.event_type,
                    row.payload,
                    timeout=PUBLISH_TIMEOUT_SECONDS,
                    headers={"Nats-Msg-Id": row.event_id},
                )
                for row in rows
            ),
            return_exceptions=True,
        )
        acked: list[int] = []
        failed: list[tuple[Any, BaseException]] = []
        for row, result in zip(rows, results, strict=True):
            if isinstance(result, BaseException):
                failed.append((row, result))
            else:
                acked.append(row.position)
        return acked, failed

    async def _mark(
        self,
        session: AsyncSession,
        acked: list[int],
        failed: list[tuple[Any, BaseException]],
    ) -> None:
        outbox = self._outbox
        if acked:
            await session.execute(
                update(outbox)
                .where(outbox.c.position.in_(acked))
                .values(published_at=self._clock.now())
            )
        for row, error in failed:
            await session.execute(
                update(outbox)
                .where(outbox.c.position == row.position)
                .values(attempts=outbox.c.attempts + 1, last_error=str(error)[:500])
            )
