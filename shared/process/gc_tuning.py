"""Keep the garbage collector off the request path once a process has started."""

from __future__ import annotations

import gc

# Collect young objects every 20,000 allocations rather than Python's 700: a request allocates
# thousands, and a collection per few requests showed up in the benchmarks' tail latency.
YOUNG_GENERATION_THRESHOLD = 20_000


def freeze_startup_heap() -> None:
    """Exempt what start-up built (schedules, routes, models, compiled statements) from collection.

    Those objects live as long as the process, yet every full collection walks them all: on the
    callback benchmark those pauses made most of the p99. `gc.freeze()` moves everything alive
    now to the permanent generation (the approach of CPython's own documentation for pre-fork
    servers), and a higher young threshold makes collections rarer under request churn.
    """
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, older, oldest)


def thaw_heap() -> None:
    """Undo the freeze when an app stops: a process that starts apps again and again (the test
    suite) would otherwise keep every stopped app's objects forever."""
    gc.unfreeze()
