"""Watch JetStream in tests: collect envelopes published after the watcher started."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from types import TracebackType
from typing import Any

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.api import DeliverPolicy

Envelope = dict[str, Any]


class EventWatcher:
    """`async with EventWatcher(url, "contribution.>") as w: ...; await w.wait_for(pred)`."""

    def __init__(self, nats_url: str, subject: str) -> None:
        self.nats_url = nats_url
        self.subject = subject
        self.received: list[tuple[Envelope, dict[str, str]]] = []
        self._nc: Client | None = None
        self._changed = asyncio.Event()

    async def __aenter__(self) -> EventWatcher:
        self._nc = await nats.connect(
            self.nats_url, max_reconnect_attempts=-1, reconnect_time_wait=0.5
        )
        js = self._nc.jetstream()
        for _ in range(100):
            try:
                await js.subscribe(
                    self.subject,
                    cb=self._on_message,
                    deliver_policy=DeliverPolicy.NEW,
                    ordered_consumer=True,
                )
                break
            except Exception:
                await asyncio.sleep(0.1)
        return self

    async def _on_message(self, message: Msg) -> None:
        self.received.append((json.loads(message.data), dict(message.headers or {})))
        self._changed.set()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._nc is not None:
            await self._nc.close()

    def matching(self, predicate: Callable[[Envelope], bool]) -> list[Envelope]:
        return [envelope for envelope, _ in self.received if predicate(envelope)]

    async def wait_for(
        self, predicate: Callable[[Envelope], bool], *, count: int = 1, timeout: float = 10.0
    ) -> list[Envelope]:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = self.matching(predicate)
            if len(found) >= count:
                return found
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(
                    f"expected {count} matching events on {self.subject}, saw {len(found)}"
                )
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), timeout=remaining)
            except TimeoutError:
                continue
