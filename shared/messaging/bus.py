"""The NATS connection a service keeps: connected in the background, reconnecting forever."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

import nats
import structlog
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

log = structlog.get_logger(__name__)

# JetStream drops a repeated Nats-Msg-Id inside this window: the relay's second guard against doubles.
DUPLICATE_WINDOW_SECONDS = 120.0


class EventBus:
    """Owns the NATS client. Startup never blocks on NATS: publishing waits until it is there."""

    def __init__(self, url: str, *, name: str) -> None:
        self.url = url
        self.name = name
        self._nc: NATS | None = None
        self._js: JetStreamContext | None = None
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        # Bumped on every reconnection: push subscriptions made before it may not survive a server restart.
        self.reconnections = 0

    @property
    def is_connected(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    @property
    def client(self) -> NATS:
        if self._nc is None:
            raise RuntimeError("NATS is not connected yet")
        return self._nc

    async def jetstream(self) -> JetStreamContext:
        """JetStream, once the first connection has been made."""
        await self._ready.wait()
        assert self._js is not None
        return self._js

    def start(self) -> None:
        self._task = asyncio.create_task(
            self._connect_until_done(), name=f"{self.name}-nats-connect"
        )

    async def _connect_until_done(self) -> None:
        delay = 0.2
        while not self._closing:
            try:
                self._nc = await nats.connect(
                    self.url,
                    name=self.name,
                    connect_timeout=2,
                    reconnect_time_wait=1,
                    max_reconnect_attempts=-1,
                    ping_interval=5,
                    max_outstanding_pings=2,
                    error_cb=self._on_error,
                    disconnected_cb=self._on_disconnected,
                    reconnected_cb=self._on_reconnected,
                )
                self._js = self._nc.jetstream(timeout=5)
                self._ready.set()
                log.info("nats.connected", url=self.url)
                return
            except (TimeoutError, OSError, nats.errors.Error) as exc:
                log.warning("nats.connect_failed", url=self.url, error=str(exc), retry_in=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _on_error(self, exc: Exception) -> None:
        log.warning("nats.error", error=str(exc))

    async def _on_disconnected(self) -> None:
        log.warning("nats.disconnected")

    async def _on_reconnected(self) -> None:
        self.reconnections += 1
        log.info("nats.reconnected")

    async def ensure_stream(self, name: str, subjects: Sequence[str]) -> None:
        """Create the service's stream, or bring its subjects up to date."""
        js = await self.jetstream()
        config = StreamConfig(
            name=name,
            subjects=list(subjects),
            storage=StorageType.FILE,
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
        )
        try:
            info = await js.stream_info(name)
        except NotFoundError:
            await js.add_stream(config)
            log.info("nats.stream_created", stream=name, subjects=list(subjects))
            return
        if sorted(info.config.subjects or []) != sorted(subjects):
            await js.update_stream(config)

    async def close(self) -> None:
        self._closing = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._nc is not None and not self._nc.is_closed:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._nc.drain(), timeout=5)
            with contextlib.suppress(Exception):
                await self._nc.close()
