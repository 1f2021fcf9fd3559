"""Group commit: who arrives during a write shares the next one; every caller gets its own answer."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from shared.persistence.group_commit import GroupCommit


class RecordingWriter:
    """A fake batch writer: doubles each item, fails the items it is told to, records its batches."""

    def __init__(self, *, refuse: set[int] | None = None, crash_on: int | None = None) -> None:
        self.batches: list[list[int]] = []
        self.refuse = refuse or set()
        self.crash_on = crash_on
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, items: Sequence[int]) -> list[int | BaseException]:
        self.batches.append(list(items))
        await self.release.wait()
        if self.crash_on in items:
            raise RuntimeError("database went away")
        return [ValueError(f"refused {i}") if i in self.refuse else i * 2 for i in items]


async def test_an_idle_writer_writes_a_lone_request_at_once() -> None:
    writer = RecordingWriter()
    group: GroupCommit[int, int] = GroupCommit(writer, name="test")
    assert await group.submit(21) == 42
    assert writer.batches == [[21]]


async def test_requests_arriving_during_a_write_share_the_next_one_in_arrival_order() -> None:
    writer = RecordingWriter()
    writer.release.clear()
    group: GroupCommit[int, int] = GroupCommit(writer, name="test")
    first = asyncio.create_task(group.submit(1))
    await asyncio.sleep(0)
    waiting = [asyncio.create_task(group.submit(n)) for n in range(2, 12)]
    await asyncio.sleep(0)
    writer.release.set()
    assert await first == 2
    assert [await t for t in waiting] == [n * 2 for n in range(2, 12)]
    assert writer.batches == [[1], list(range(2, 12))]


async def test_batches_never_exceed_the_maximum() -> None:
    writer = RecordingWriter()
    writer.release.clear()
    group: GroupCommit[int, int] = GroupCommit(writer, name="test", max_batch=4)
    tasks = [asyncio.create_task(group.submit(n)) for n in range(10)]
    await asyncio.sleep(0)
    writer.release.set()
    assert [await t for t in tasks] == [n * 2 for n in range(10)]
    assert writer.batches == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


async def test_an_item_refused_fails_only_its_own_caller() -> None:
    writer = RecordingWriter(refuse={3})
    writer.release.clear()
    group: GroupCommit[int, int] = GroupCommit(writer, name="test")
    tasks = [asyncio.create_task(group.submit(n)) for n in range(1, 6)]
    await asyncio.sleep(0)
    writer.release.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert [r if not isinstance(r, Exception) else str(r) for r in results] == [
        2,
        4,
        "refused 3",
        8,
        10,
    ]


async def test_a_write_that_fails_its_transaction_fails_only_its_own_caller() -> None:
    # Issue 15: one poisoned callback among thirty made up to twenty-nine valid ones fail with it.
    writer = RecordingWriter(crash_on=2)
    writer.release.clear()
    group: GroupCommit[int, int] = GroupCommit(writer, name="test", max_batch=3)
    tasks = [asyncio.create_task(group.submit(n)) for n in range(1, 6)]
    await asyncio.sleep(0)
    writer.release.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert results[0] == 2
    assert type(results[1]).__name__ == "RuntimeError"
    assert results[2:] == [6, 8, 10]
    assert writer.batches == [[1, 2, 3], [1], [2], [3], [4, 5]]
    assert await group.submit(7) == 14


async def test_a_caller_that_goes_away_does_not_cancel_the_write_it_joined() -> None:
    writer = RecordingWriter()
    writer.release.clear()
    group: GroupCommit[int, int] = GroupCommit(writer, name="test")
    leaving = asyncio.create_task(group.submit(1))
    staying = asyncio.create_task(group.submit(2))
    await asyncio.sleep(0)
    leaving.cancel()
    with pytest.raises(asyncio.CancelledError):
        await leaving
    writer.release.set()
    assert await staying == 4
    assert writer.batches == [[1, 2]]
