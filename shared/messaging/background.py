"""Stopping a long-running loop (the outbox relay, a consumer) without cutting it mid-write."""

from __future__ import annotations

import asyncio

# How long a loop asked to stop may take to finish the batch in hand before it is cancelled.
STOP_GRACE_SECONDS = 5.0


async def stop_task(task: asyncio.Task[None] | None) -> None:
    """Wait for a loop that was asked to stop; cancel it only if it overruns the grace period.

    Cancelling in the middle of a database round trip can leave a driver waiting on a connection
    forever, so the loop is asked first (by its owner) and cancelled only as a last resort.
    """
    if task is None:
        return
    done, _ = await asyncio.wait({task}, timeout=STOP_GRACE_SECONDS)
    if not done:
        task.cancel()
        await asyncio.wait({task}, timeout=STOP_GRACE_SECONDS)
