"""Group commit: requests that arrive while a write is in flight share the next transaction.

A database allows one writer at a time (SQLite), or makes concurrent writers to the same rows wait
on each other's locks (PostgreSQL). Under load, a transaction per request spends most of its time
waiting for its turn, and holds the turn across every round trip it makes. A group commit takes
everything that arrived during the previous transaction and writes it in one transaction with a
handful of set-wise statements, so the cost of a turn is shared by all who waited for it.

Nothing waits for a batch to fill: an idle service writes each request at once; batches form only
when requests arrive faster than one transaction takes. Every caller still gets its own answer,
and only after the transaction holding its write has committed. A batch that fails is written
again one item at a time, so one failing write (bad data, a conflict) fails only its own caller.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from shared.process.metrics import GROUP_COMMIT_BATCH

Item = TypeVar("Item")
Answer = TypeVar("Answer")

# Given the items, one outcome per item in order: its answer, or the exception its caller raises.
BatchWriter = Callable[[Sequence[Item]], Awaitable[Sequence[Answer | BaseException]]]


class GroupCommit(Generic[Item, Answer]):
    """`await committer.submit(item)` answers once the batch holding `item` has committed."""

    def __init__(
        self, write_batch: BatchWriter[Item, Answer], *, name: str, max_batch: int = 64
    ) -> None:
        self._write_batch = write_batch
        self._batch_sizes = GROUP_COMMIT_BATCH.labels(writer=name)
        self._max_batch = max_batch
        self._waiting: list[tuple[Item, asyncio.Future[Answer]]] = []
        self._drainer: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Answer:
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._drainer is None:
            self._drainer = asyncio.create_task(self._drain(), name="group-commit")
        # A caller that goes away (client disconnect) does not take its batch with it: the write
        # still commits, and a retry of the same request is answered as a replay.
        return await asyncio.shield(future)

    async def _drain(self) -> None:
        try:
            while self._waiting:
                batch = self._waiting[: self._max_batch]
                del self._waiting[: self._max_batch]
                await self._write(batch)
        finally:
            self._drainer = None
            # Only a cancelled drainer (shutdown) leaves items behind; their callers are told so.
            for _, future in self._waiting:
                future.cancel()
            self._waiting.clear()

    async def _write(self, batch: list[tuple[Item, asyncio.Future[Answer]]]) -> None:
        self._batch_sizes.observe(len(batch))
        try:
            outcomes = await self._write_batch([item for item, _ in batch])
        except Exception as exc:
            if len(batch) == 1:
                _settle(batch[0][1], exc)
                return
            # One write failed and took the transaction with it: each is written again on its
            # own, so only the failing one answers with its error and the others still commit.
            for one in batch:
                await self._write([one])
            return
        except BaseException as exc:
            for _, future in batch:
                _settle(future, exc)
            raise
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            _settle(future, outcome)


def _settle(future: asyncio.Future[Answer], outcome: Answer | BaseException) -> None:
    if future.done():
        return
    if isinstance(outcome, asyncio.CancelledError):
        future.cancel()
    elif isinstance(outcome, BaseException):
        future.set_exception(outcome)
        # Mark it retrieved: a caller cancelled meanwhile must not leave "never retrieved" noise.
        with contextlib.suppress(BaseException):
            future.exception()
    else:
        future.set_result(outcome)
