"""Runs a service's deadline checks against the business clock: at start, then every interval.

Each check walks its candidates a batch at a time in key order, each batch one transaction of its
own (a use case that records the breaches and their events, then commits), so a check over half a
million records holds no long transaction and a crash loses at most the batch in flight, which the
next round finds again. What happened while the service was down is found at its first round,
since a check asks "past the deadline and not yet raised", never "passed since the last look".
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date

import structlog
from sqlalchemy.exc import IntegrityError

from shared.kernel.clock import Clock, today
from shared.persistence.uow import UnitOfWork

log = structlog.get_logger(__name__)

# Where a check's walk stands: the sort key of the last candidate it looked at.
Cursor = tuple[str, ...]
# A racing replica fails a batch on the breaches' key; it looks again (the anti-join now skips
# what the other recorded), and after this many tries leaves the rest to the next round.
RACE_RETRIES = 3
DEFAULT_BATCH = 500


@dataclass(frozen=True)
class Batch:
    """What one batch raised, and where the next starts (None: the walk is done)."""

    raised: int
    next_cursor: Cursor | None


# The check's use case: (unit of work, today in Malaysia, after, limit) -> the batch.
CheckRun = Callable[[UnitOfWork, date, Cursor | None, int], Awaitable[Batch]]


@dataclass(frozen=True)
class DeadlineCheck:
    name: str
    run: CheckRun


class DeadlineWatcher:
    def __init__(
        self,
        checks: Sequence[DeadlineCheck],
        *,
        unit_of_work: Callable[[str], UnitOfWork],
        clock: Clock,
        interval_seconds: float,
        batch_size: int = DEFAULT_BATCH,
    ) -> None:
        self._checks = list(checks)
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._interval = interval_seconds
        self._batch_size = batch_size
        self._task: asyncio.Task[None] | None = None
        # Rounds finished since start, so a caller (a test, a probe) can tell a round has run.
        self.rounds = 0

    def start(self) -> None:
        if self._checks and self._task is None:
            self._task = asyncio.create_task(self._run_forever(), name="deadline-watcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run_once(self) -> int:
        """One round of every check; the number of breaches raised."""
        raised = 0
        try:
            for check in self._checks:
                raised += await self._walk(check)
        finally:
            self.rounds += 1
        return raised

    async def _run_forever(self) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("deadline.round_failed", error=str(exc))
            await asyncio.sleep(self._interval)

    async def _walk(self, check: DeadlineCheck) -> int:
        on = today(self._clock)
        round_id = f"deadline-{check.name}-{uuid.uuid4().hex[:12]}"
        cursor: Cursor | None = None
        raised = 0
        tries = 0
        while True:
            try:
                batch = await check.run(self._unit_of_work(round_id), on, cursor, self._batch_size)
            except IntegrityError:
                tries += 1
                log.info("deadline.raced", check=check.name, tries=tries)
                if tries >= RACE_RETRIES:
                    return raised
                continue
            tries = 0
            raised += batch.raised
            if batch.next_cursor is None:
                if raised:
                    log.info("deadline.breaches_raised", check=check.name, count=raised)
                return raised
            cursor = batch.next_cursor
