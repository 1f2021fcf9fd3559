"""Deadline checks in tests: wait for a service's start-up round, read the breaches' events back."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from sqlalchemy import select

from shared.persistence.deadline_watcher import DeadlineWatcher
from tests.support.services import RunningService


def watcher(svc: RunningService) -> DeadlineWatcher:
    return svc.runtime.component(DeadlineWatcher, lambda: _missing())


def _missing() -> DeadlineWatcher:
    raise AssertionError("the service started no deadline watcher")


async def first_round(svc: RunningService, timeout: float = 15.0) -> None:
    """Until the round the service runs at start has finished."""
    deadline = asyncio.get_running_loop().time() + timeout
    while watcher(svc).rounds < 1:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the deadline watcher ran no round at start")
        await asyncio.sleep(0.05)


async def outbox_events(svc: RunningService, event_type: str) -> list[dict[str, Any]]:
    """The envelopes of this type in the service's outbox, oldest first."""
    outbox = svc.runtime.tables.outbox
    async with svc.runtime.read_sessionmaker() as session:
        rows = await session.execute(
            select(outbox.c.payload)
            .where(outbox.c.event_type == event_type)
            .order_by(outbox.c.position)
        )
        return [json.loads(payload) for (payload,) in rows.all()]
